"""The plan picker (选择预案): a county has hundreds of enterprise plans, a province thousands, so a drill's plans are
searched by name (or 编制单位) as the user types instead of listed in a <select>."""

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.pickers import PickerSearchView, SearchSelect, SearchSelectMultiple

from .models import Plan

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
