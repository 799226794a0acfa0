from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.tables import OrganisationTable
from yingji.platform.core import views as generic

from .filtersets import RegionFilterSet
from .forms import RegionForm
from .models import Region
from .tables import RegionTable


class RegionListView(generic.ObjectListView):
    model = Region
    queryset = Region.objects.select_related("parent")
    filterset_class = RegionFilterSet
    table_class = RegionTable
    import_spec = "regions"


class RegionDetailView(generic.ObjectDetailView):
    model = Region
    queryset = Region.objects.select_related("parent", "successor")

    def get_related(self, obj):
        user = self.request.user
        children = RegionTable(Region.objects.restrict(user).filter(parent=obj).select_related("parent")[:500],
                               orderable=False)
        from yingji.platform.accounts.models import Organisation

        orgs = OrganisationTable(Organisation.objects.restrict(user).active().filter(region=obj)
                                 .select_related("region", "parent")[:200], orderable=False)
        return [(_("下级区划"), children), (_("本级单位"), orgs)]

    def extra_context(self, obj):
        return {"ancestors": obj.ancestors()}


class RegionEditView(generic.ObjectEditView):
    model = Region
    form_class = RegionForm
