import django_filters
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter, TownshipFilter, by_stats_parameter
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.pickers import EnterprisePicker
from yingji.supervision.hazards.choices import HazardSource

from .choices import InspectionKind, VisitTarget
from .models import (
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)


class InspectionFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "findings", "document_no")

    kind = django_filters.ChoiceFilter(label=_("检查方式"), choices=InspectionKind.choices)
    sector = django_filters.ChoiceFilter(label=_("行业类别"), choices=Sector.choices, field_name="enterprise__sector")
    township = TownshipFilter()
    region = RegionFilter()
    date_from = django_filters.DateFilter(label=_("检查日期自"), field_name="inspected_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("检查日期至"), field_name="inspected_on", lookup_expr="lte")
    campaign = django_filters.ModelChoiceFilter(label=_("专项行动"), queryset=Campaign.objects.all())
    source = django_filters.ChoiceFilter(label=_("来源"), choices=HazardSource.choices, method=by_stats_parameter)
    enterprise = django_filters.NumberFilter(label=_("企业"), field_name="enterprise_id", widget=EnterprisePicker)
    inspector = django_filters.NumberFilter(label=_("检查人员编号"), field_name="inspectors")
    has_order = django_filters.BooleanFilter(label=_("下达整改指令"), method="filter_has_order")

    class Meta:
        model = Inspection
        fields = ["kind", "sector", "township", "date_from", "date_to", "campaign", "enterprise"]

    def filter_has_order(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(order_items="") if value else queryset.filter(order_items="")


class InspectorCertificateFilterSet(BaseFilterSet):
    search_fields = ("certificate_no", "user__full_name", "user__username")
    valid_on = django_filters.DateFilter(label=_("在该日有效"), method="filter_valid_on")

    class Meta:
        model = InspectorCertificate
        fields = ["valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value) if value else queryset


class ChecklistTemplateFilterSet(BaseFilterSet):
    search_fields = ("name",)
    sector = django_filters.ChoiceFilter(label=_("适用行业"), choices=Sector.choices)

    class Meta:
        model = ChecklistTemplate
        fields = ["sector"]


class SupervisionVisitFilterSet(BaseFilterSet):
    search_fields = ("subject", "findings", "organisation__name")

    target_kind = django_filters.ChoiceFilter(label=_("督导对象类别"), choices=VisitTarget.choices)
    township = TownshipFilter()
    date_from = django_filters.DateFilter(label=_("督导日期自"), field_name="visited_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("督导日期至"), field_name="visited_on", lookup_expr="lte")

    class Meta:
        model = SupervisionVisit
        fields = ["target_kind", "township", "date_from", "date_to"]



class SupervisionNoticeFilterSet(BaseFilterSet):
    search_fields = ("title", "document_no", "content")
    year = django_filters.NumberFilter(label=_("年度"), field_name="issued_on", lookup_expr="year")

    class Meta:
        model = SupervisionNotice
        fields = ["year"]
