from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import (
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)

app_name = "inspections"
urlpatterns = [
    path("inspections/stats/", views.InspectionStatsView.as_view(), name="inspection_stats"),
    *crud_urls("inspection", model=Inspection, list_view=views.InspectionListView,
               detail_view=views.InspectionDetailView, edit_view=views.InspectionEditView),
    path("inspections/hazard-choices/", views.InspectionHazardChoicesView.as_view(),
         name="inspection_hazard_choices"),
    path("inspections/hazards/add/", views.InspectionHazardAddView.as_view(), name="inspection_hazard_add"),
    path("inspections/<int:pk>/review/", views.InspectionReviewView.as_view(), name="inspection_review"),
    path("inspections/<int:pk>/checklist/", views.InspectionChecklistView.as_view(), name="inspection_checklist"),
    path("inspections/<int:pk>/photos/", views.InspectionPhotoUploadView.as_view(), name="inspection_photo_add"),
    path("inspections/<int:pk>/record.docx", views.InspectionDocumentView.as_view(document="record"),
         name="inspection_record_docx"),
    path("inspections/<int:pk>/order.docx", views.InspectionDocumentView.as_view(document="order"),
         name="inspection_order_docx"),
    path("inspection-photos/<int:pk>/", views.InspectionPhotoFileView.as_view(), name="inspectionphoto_file"),
    *crud_urls("inspectorcertificate", model=InspectorCertificate, list_view=views.InspectorCertificateListView,
               detail_view=views.InspectorCertificateDetailView, edit_view=views.InspectorCertificateEditView),
    *crud_urls("checklisttemplate", model=ChecklistTemplate, list_view=views.ChecklistTemplateListView,
               detail_view=views.ChecklistTemplateDetailView, edit_view=views.ChecklistTemplateEditView),
    *crud_urls("supervisionvisit", model=SupervisionVisit, list_view=views.SupervisionVisitListView,
               detail_view=views.SupervisionVisitDetailView, edit_view=views.SupervisionVisitEditView),
    *crud_urls("supervisionnotice", model=SupervisionNotice, list_view=views.SupervisionNoticeListView,
               detail_view=views.SupervisionNoticeDetailView, edit_view=views.SupervisionNoticeEditView),
    path("supervisionnotices/<int:pk>/notice.docx", views.SupervisionNoticeDocumentView.as_view(),
         name="supervisionnotice_docx"),
]
