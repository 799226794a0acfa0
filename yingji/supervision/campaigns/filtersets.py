import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .models import Campaign


class CampaignFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date", lookup_expr="year")

    class Meta:
        model = Campaign
        fields = ["year"]
