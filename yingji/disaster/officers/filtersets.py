import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter

from .choices import OfficerRole
from .models import DisasterInfoOfficer, TrainingRecord, training_cutoff


class DisasterInfoOfficerFilterSet(BaseFilterSet):
    search_fields = ("name", "organisation")

    role = django_filters.ChoiceFilter(label=_("A/B角"), choices=OfficerRole.choices)
    active = django_filters.BooleanFilter(label=_("在岗"))
    untrained = django_filters.BooleanFilter(label=_("近一年未参加培训"), method="filter_untrained")
    region = RegionFilter(label=_("区划（含下级）"))

    class Meta:
        model = DisasterInfoOfficer
        fields = ["role", "active"]

    def filter_untrained(self, queryset, name, value):
        if value is None:
            return queryset
        trained = Exists(TrainingRecord.objects.filter(officer=OuterRef("pk"), voided_at__isnull=True,
                                                       trained_on__gte=training_cutoff()))
        return queryset.filter(~trained if value else trained)


class TrainingRecordFilterSet(BaseFilterSet):
    search_fields = ("officer__name", "course", "organiser")

    officer = django_filters.NumberFilter(label=_("信息员编号"), field_name="officer_id")
    trained_after = django_filters.DateFilter(label=_("培训日期自"), field_name="trained_on", lookup_expr="gte")
    trained_before = django_filters.DateFilter(label=_("培训日期至"), field_name="trained_on", lookup_expr="lte")
    region = RegionFilter(path="officer__region", label=_("区划（含下级）"))

    class Meta:
        model = TrainingRecord
        fields = []
