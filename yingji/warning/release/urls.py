from django.urls import include, path

from yingji.platform.core.views import ObjectRestoreView, ObjectVoidView, crud_urls

from . import views
from .models import Group, Recipient, Release, Ward

app_name = "release"
urlpatterns = [
    path("release/", include([
        *crud_urls("recipient", model=Recipient, list_view=views.RecipientListView,
                   detail_view=views.RecipientDetailView, edit_view=views.RecipientEditView),
        *crud_urls("group", model=Group, list_view=views.GroupListView, detail_view=views.GroupDetailView,
                   edit_view=views.GroupEditView),
        *crud_urls("ward", model=Ward, list_view=views.WardListView, detail_view=views.WardDetailView,
                   edit_view=views.WardEditView),
        path("releases/", views.ReleaseListView.as_view(), name="release_list"),
        path("releases/add/", views.ReleaseCreateView.as_view(), name="release_add"),
        path("releases/<int:pk>/", views.ReleaseDetailView.as_view(), name="release_detail"),
        path("releases/<int:pk>/board/", views.ReleaseBoardView.as_view(), name="release_board"),
        path("releases/<int:pk>/confirm/", views.ReleaseActionView.as_view(kind="confirm"), name="release_confirm"),
        path("releases/<int:pk>/redial/", views.ReleaseActionView.as_view(kind="redial"), name="release_redial"),
        path("releases/<int:pk>/cancel/", views.ReleaseCancelView.as_view(), name="release_cancel"),
        path("releases/<int:pk>/records/", views.ReleaseRecordsExportView.as_view(), name="release_records"),
        path("releases/<int:pk>/void/", ObjectVoidView.as_view(model=Release), name="release_void"),
        path("releases/<int:pk>/restore/", ObjectRestoreView.as_view(model=Release), name="release_restore"),
        path("c/<str:token>/", views.ConfirmLinkView.as_view(), name="confirm_link"),
    ])),
]
