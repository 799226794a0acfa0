from django.urls import path

from yingji.platform.core.views import ObjectRestoreView, ObjectVoidView

from . import views
from .models import Draw

app_name = "draws"
urlpatterns = [
    # a draw is never edited: it is made, verified, published, exported, or voided
    path("draws/", views.DrawListView.as_view(), name="draw_list"),
    path("draws/add/", views.DrawCreateView.as_view(), name="draw_add"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/verify/", views.DrawVerifyView.as_view(), name="draw_verify"),
    path("draws/<int:pk>/export/", views.DrawExportView.as_view(), name="draw_export"),
    path("draws/<int:pk>/publish/", views.DrawPublishView.as_view(), name="draw_publish"),
    path("draws/<int:pk>/void/", ObjectVoidView.as_view(model=Draw), name="draw_void"),
    path("draws/<int:pk>/restore/", ObjectRestoreView.as_view(model=Draw), name="draw_restore"),
]
