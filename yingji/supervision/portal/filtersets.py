import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import AccountRole
from .models import EnterpriseAccount


class EnterpriseAccountFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "user__username", "user__full_name")

    role = django_filters.ChoiceFilter(label=_("人员类别"), choices=AccountRole.choices)
    active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = EnterpriseAccount
        fields = ["role", "active"]
