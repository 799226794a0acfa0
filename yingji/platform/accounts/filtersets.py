import django_filters
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter

from .choices import Industry, OrgKind
from .models import Organisation, User


class OrganisationFilterSet(BaseFilterSet):
    search_fields = ("name", "short_name")

    kind = django_filters.ChoiceFilter(label=_("单位类型"), choices=OrgKind.choices)
    industry = django_filters.ChoiceFilter(label=_("行业领域"), choices=Industry.choices)
    region = RegionFilter(label=_("所属区划（含下级）"))

    class Meta:
        model = Organisation
        fields = ["kind", "industry"]


class UserFilterSet(BaseFilterSet):
    search_fields = ("username", "full_name")

    is_active = django_filters.BooleanFilter(label=_("启用"))
    role = django_filters.ModelChoiceFilter(label=_("角色"), queryset=Group.objects.all(), field_name="groups")
    organisation = django_filters.ModelChoiceFilter(label=_("所在单位"), queryset=Organisation.objects.all())
    region = RegionFilter(label=_("管辖区划（含下级）"))

    class Meta:
        model = User
        fields = ["is_active"]
