"""The plan picker (选择预案): a county has hundreds of enterprise plans, a province thousands, so a drill's plans are
searched by name (or 编制单位) as the user types instead of listed in a <select>."""

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.pickers import PickerSearchView, SearchSelect, SearchSelectMultiple

from .models import Drill, Plan

OUT_OF_SCOPE = _("所选预案不存在或不在您的管辖范围内，请重新选择")


def plan_label(obj):
    return f"{obj.name}（{obj.issued_on:%Y-%m-%d}）" if obj.issued_on else obj.name


class PlanPicker(SearchSelect):
    search_url = reverse_lazy("plans:plan_search")
    hint = _("输入预案名称或编制单位搜索")
    model = Plan
    label = staticmethod(plan_label)


class PlanMultiplePicker(SearchSelectMultiple, PlanPicker):
    pass


class PlanMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = PlanMultiplePicker
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE, "invalid_pk_value": OUT_OF_SCOPE}

    def label_from_instance(self, obj):
        return plan_label(obj)


class PlanSearchView(PickerSearchView):
    model = Plan
    fields = ("pk", "name", "issued_on")

    def search(self, queryset, term):
        return queryset.filter(Q(name__icontains=term) | Q(owner_name__icontains=term)
                               | Q(owner__name__icontains=term)).order_by("name", "pk")

    def label(self, obj):
        return plan_label(obj)


def drill_label(obj):
    return str(obj)


class DrillPicker(SearchSelect):
    search_url = reverse_lazy("plans:drill_search")
    hint = _("输入演练名称搜索")
    model = Drill
    label = staticmethod(drill_label)


class DrillChoiceField(forms.ModelChoiceField):
    widget = DrillPicker
    default_error_messages = {"invalid_choice": _("所选演练不存在或不在您的管辖范围内，请重新选择")}


class DrillSearchView(PickerSearchView):
    model = Drill
    fields = ("pk", "name", "held_on")

    def search(self, queryset, term):
        return queryset.filter(name__icontains=term).order_by("-held_on", "-pk")
