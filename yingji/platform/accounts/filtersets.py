import django_filters
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet
from yingji.platform.regions.models import Region

from .choices import Industry, OrgKind
from .models import Organisation, User


def _regions(request):
    return Region.objects.restrict(request.user).filter(level__lte=4) if request else Region.objects.none()


class OrganisationFilterSet(BaseFilterSet):
    search_fields = ("name", "short_name")

    kind = django_filters.ChoiceFilter(label=_("单位类型"), choices=OrgKind.choices)
    industry = django_filters.ChoiceFilter(label=_("行业领域"), choices=Industry.choices)
    region = django_filters.ModelChoiceFilter(label=_("所属区划（含下级）"), queryset=Region.objects.none(),
                                              method="filter_region")

    class Meta:
        model = Organisation
        fields = ["kind", "industry"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["region"].queryset = _regions(request)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__in=Region.objects.subtree(value).values("pk"))


class UserFilterSet(BaseFilterSet):
    search_fields = ("username", "full_name")

    is_active = django_filters.BooleanFilter(label=_("启用"))
    role = django_filters.ModelChoiceFilter(label=_("角色"), queryset=Group.objects.all(), field_name="groups")
    organisation = django_filters.ModelChoiceFilter(label=_("所在单位"), queryset=Organisation.objects.none())
    region = django_filters.ModelChoiceFilter(label=_("管辖区划（含下级）"), queryset=Region.objects.none(),
                                              method="filter_region")

    class Meta:
        model = User
        fields = ["is_active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["region"].queryset = _regions(request)
        if request is not None:
            self.filters["organisation"].queryset = Organisation.objects.restrict(request.user).active()

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__in=Region.objects.subtree(value).values("pk"))
