from django.apps import apps
from django.contrib import messages
from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic

from . import sections
from .filtersets import (
    EnterpriseFilterSet,
    HazardChemicalFilterSet,
    KeyPersonFilterSet,
    MajorHazardSourceFilterSet,
)
from .forms import EnterpriseForm, HazardChemicalForm, KeyPersonForm, MajorHazardSourceForm
from .models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource
from .tables import EnterpriseTable, HazardChemicalTable, KeyPersonTable, MajorHazardSourceTable

RELATED_LIMIT = 200


class EnterpriseListView(generic.ObjectListView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("region", "supervising_department")
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    import_spec = "enterprises"
    # by township (the first 9 digits of the region code: a village's enterprises under their township), then name
    ordering = (Substr("region__code", 1, 9), "name", "pk")


class EnterpriseDetailView(generic.ObjectDetailView):
    """一企一档: the enterprise's file with its key persons, major hazard sources, hazards and change history."""

    model = Enterprise
    queryset = Enterprise.objects.select_related("region", "supervising_department", "liaison")
    template_name = "supervision/enterprises/enterprise_detail.html"

    def get_related(self, obj):
        user = self.request.user
        related = []
        persons = (KeyPerson.objects.restrict(user).active().filter(enterprise=obj)
                   .select_related("enterprise")[:RELATED_LIMIT])
        related.append((_("关键人员及证书"), KeyPersonTable(persons, orderable=False, exclude=("enterprise",))))
        sources = (MajorHazardSource.objects.restrict(user).active().filter(enterprise=obj)
                   .select_related("enterprise").prefetch_related(chemicals_prefetch(user))[:RELATED_LIMIT])
        related.append((_("重大危险源"), MajorHazardSourceTable(sources, orderable=False, exclude=("enterprise",))))
        # what the other supervision apps know about the enterprise (hazards, inspections …)
        related += sections.for_enterprise(user, obj)
        return related

    def extra_context(self, obj):
        return {"hazards_installed": apps.is_installed("yingji.supervision.hazards")}


class EnterpriseEditView(generic.ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm


class KeyPersonListView(generic.ObjectListView):
    model = KeyPerson
    queryset = KeyPerson.objects.select_related("enterprise")
    filterset_class = KeyPersonFilterSet
    table_class = KeyPersonTable


class KeyPersonDetailView(generic.ObjectDetailView):
    model = KeyPerson
    queryset = KeyPerson.objects.select_related("enterprise")


class KeyPersonEditView(generic.ObjectEditView):
    model = KeyPerson
    form_class = KeyPersonForm


def chemicals_prefetch(user):
    """The chemicals of the sources listed, read through restrict() like every other read (one query)."""
    return Prefetch("chemical_items", queryset=HazardChemical.objects.restrict(user).active().order_by("pk"))


class SourceChemicalsMixin:
    """Sources come with their chemicals (Σ q/Q and R are computed from them)."""

    def get_queryset(self, action=None):
        return super().get_queryset(action).prefetch_related(chemicals_prefetch(self.request.user))


def warn_on_grading(request, source):
    """After a save: the entered level against the computation, as warnings (the 辨识 report decides)."""
    source = MajorHazardSource.objects.get(pk=source.pk)
    for text in source.grading_warnings():
        messages.warning(request, text)


class MajorHazardSourceListView(SourceChemicalsMixin, generic.ObjectListView):
    model = MajorHazardSource
    queryset = MajorHazardSource.objects.select_related("enterprise")
    filterset_class = MajorHazardSourceFilterSet
    table_class = MajorHazardSourceTable


class MajorHazardSourceDetailView(SourceChemicalsMixin, generic.ObjectDetailView):
    """The source with its chemicals, Σ q/Q, R and the level R implies."""

    model = MajorHazardSource
    queryset = MajorHazardSource.objects.select_related("enterprise")
    template_name = "supervision/enterprises/majorhazardsource_detail.html"

    def get_related(self, obj):
        rows = [c for c in obj.chemical_items.all()]
        return [(_("危险化学品"), HazardChemicalTable(rows, orderable=False, exclude=("source", "enterprise")))]

    def extra_context(self, obj):
        return {"warnings": obj.grading_warnings(),
                "can_add_chemical": self.request.user.has_perm("enterprises.add_hazardchemical")}


class MajorHazardSourceEditView(generic.ObjectEditView):
    model = MajorHazardSource
    form_class = MajorHazardSourceForm

    def save(self, form):
        obj = super().save(form)
        warn_on_grading(self.request, obj)
        return obj


class HazardChemicalListView(generic.ObjectListView):
    model = HazardChemical
    queryset = HazardChemical.objects.select_related("source__enterprise")
    filterset_class = HazardChemicalFilterSet
    table_class = HazardChemicalTable


class HazardChemicalDetailView(generic.ObjectDetailView):
    model = HazardChemical
    queryset = HazardChemical.objects.select_related("source__enterprise", "reference")


class HazardChemicalEditView(generic.ObjectEditView):
    model = HazardChemical
    form_class = HazardChemicalForm

    def save(self, form):
        obj = super().save(form)
        warn_on_grading(self.request, obj.source)
        return obj
