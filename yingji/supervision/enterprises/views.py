from django.apps import apps
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic

from . import sections
from .filtersets import EnterpriseFilterSet, KeyPersonFilterSet, MajorHazardSourceFilterSet
from .forms import EnterpriseForm, KeyPersonForm, MajorHazardSourceForm
from .models import Enterprise, KeyPerson, MajorHazardSource
from .tables import EnterpriseTable, KeyPersonTable, MajorHazardSourceTable

RELATED_LIMIT = 200


class EnterpriseListView(generic.ObjectListView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("region", "supervising_department")
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    import_spec = "enterprises"


class EnterpriseDetailView(generic.ObjectDetailView):
    """一企一档: the enterprise's file with its key persons, major hazard sources, hazards and change history."""

    model = Enterprise
    queryset = Enterprise.objects.select_related("region", "supervising_department", "liaison")
    template_name = "supervision/enterprises/enterprise_detail.html"
    personal_fields = ("principal_phone",)

    def get_related(self, obj):
        user = self.request.user
        related = []
        persons = (KeyPerson.objects.restrict(user).active().filter(enterprise=obj)
                   .select_related("enterprise")[:RELATED_LIMIT])
        related.append((_("关键人员及证书"), KeyPersonTable(persons, orderable=False, exclude=("enterprise",))))
        sources = (MajorHazardSource.objects.restrict(user).active().filter(enterprise=obj)
                   .select_related("enterprise")[:RELATED_LIMIT])
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
    personal_fields = ("phone",)


class KeyPersonEditView(generic.ObjectEditView):
    model = KeyPerson
    form_class = KeyPersonForm


class MajorHazardSourceListView(generic.ObjectListView):
    model = MajorHazardSource
    queryset = MajorHazardSource.objects.select_related("enterprise")
    filterset_class = MajorHazardSourceFilterSet
    table_class = MajorHazardSourceTable


class MajorHazardSourceDetailView(generic.ObjectDetailView):
    model = MajorHazardSource
    queryset = MajorHazardSource.objects.select_related("enterprise")


class MajorHazardSourceEditView(generic.ObjectEditView):
    model = MajorHazardSource
    form_class = MajorHazardSourceForm
