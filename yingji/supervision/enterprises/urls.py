from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Enterprise, HazardChemical, KeyPerson, MajorHazardSource
from .pickers import EnterpriseSearchView

app_name = "enterprises"
urlpatterns = [
    # the enterprise picker's search (JSON); before crud_urls so that "search" is never read as a record
    path("enterprises/search/", EnterpriseSearchView.as_view(), name="enterprise_search"),
    *crud_urls("enterprise", model=Enterprise, list_view=views.EnterpriseListView,
               detail_view=views.EnterpriseDetailView, edit_view=views.EnterpriseEditView),
    *crud_urls("keyperson", model=KeyPerson, list_view=views.KeyPersonListView,
               detail_view=views.KeyPersonDetailView, edit_view=views.KeyPersonEditView),
    *crud_urls("majorhazardsource", model=MajorHazardSource, list_view=views.MajorHazardSourceListView,
               detail_view=views.MajorHazardSourceDetailView, edit_view=views.MajorHazardSourceEditView),
    *crud_urls("hazardchemical", model=HazardChemical, list_view=views.HazardChemicalListView,
               detail_view=views.HazardChemicalDetailView, edit_view=views.HazardChemicalEditView),
]
