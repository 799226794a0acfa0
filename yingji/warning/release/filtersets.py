import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import Duty, Level, ReleaseStatus, WardKind
from .models import Group, Recipient, Release, Ward


class RecipientFilterSet(BaseFilterSet):
    # phones are not searchable: a search would reveal them digit by digit
    search_fields = ("name", "position")

    duty = django_filters.ChoiceFilter(label=_("职责"), choices=Duty.choices)
    group = django_filters.ModelChoiceFilter(label=_("分组"), field_name="recipient_groups",
                                             queryset=Group.objects.all())

    class Meta:
        model = Recipient
        fields = ["duty"]


class GroupFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Group
        fields = []


class WardFilterSet(BaseFilterSet):
    search_fields = ("guardian__name",)

    kind = django_filters.ChoiceFilter(label=_("类别"), choices=WardKind.choices)

    class Meta:
        model = Ward
        fields = ["kind"]


class ReleaseFilterSet(BaseFilterSet):
    search_fields = ("title",)

    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReleaseStatus.choices)
    confirm_required = django_filters.BooleanFilter(label=_("须叫应"))
    created_after = django_filters.DateFilter(label=_("发布日期起"), field_name="created_at", lookup_expr="date__gte",
                                              widget=forms.DateInput(attrs={"type": "date"}))
    created_before = django_filters.DateFilter(label=_("发布日期止"), field_name="created_at",
                                               lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Release
        fields = ["level", "status", "confirm_required"]
