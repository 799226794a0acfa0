import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import style_form

from .models import AuditEvent, ObjectChange


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        style_form(form)
        return form


class IPFilter(django_filters.CharFilter):
    """An address, validated first: PostgreSQL stores addresses as inet and refuses to compare one with "abc"."""

    field_class = forms.GenericIPAddressField


class ObjectChangeFilterSet(StyledFilterSet):
    user_name = django_filters.CharFilter(label=_("操作人"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("动作"), choices=ObjectChange.Action.choices)
    content_type = django_filters.ModelChoiceFilter(
        label=_("对象类型"), queryset=ContentType.objects.filter(app_label__in=[]))
    object_id = django_filters.NumberFilter(label=_("对象ID"))
    object_repr = django_filters.CharFilter(label=_("对象"), lookup_expr="icontains")
    ip = IPFilter(label=_("来源地址"))
    time_after = django_filters.DateFilter(label=_("起始日期"), field_name="time", lookup_expr="date__gte")
    time_before = django_filters.DateFilter(label=_("截止日期"), field_name="time", lookup_expr="date__lte")

    class Meta:
        model = ObjectChange
        fields = ["action", "object_id"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from django.apps import apps

        labels = [a.label for a in apps.get_app_configs() if a.name.startswith("yingji.")]
        self.filters["content_type"].queryset = ContentType.objects.filter(app_label__in=labels)


class AuditEventFilterSet(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label=_("事件"), choices=AuditEvent.Kind.choices)
    username = django_filters.CharFilter(label=_("用户名"), lookup_expr="icontains")
    success = django_filters.BooleanFilter(label=_("成功"))
    ip = IPFilter(label=_("来源地址"))
    time_after = django_filters.DateFilter(label=_("起始日期"), field_name="time", lookup_expr="date__gte")
    time_before = django_filters.DateFilter(label=_("截止日期"), field_name="time", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["kind", "success"]
