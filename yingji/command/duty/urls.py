from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import DutyLog, DutyPost

app_name = "duty"
urlpatterns = [
    path("command/duty/", include([
        path("", views.DutyHomeView.as_view(), name="home"),
        path("roster/", views.RosterView.as_view(), name="roster"),
        path("shifts/", views.ShiftListView.as_view(), name="shift_list"),
        path("shifts/<int:pk>/", views.ShiftDetailView.as_view(), name="shift_detail"),
        *[path(f"shifts/<int:pk>/{name}/", views.ShiftActionView.as_view(), {"name": name}, name=f"shift_{name}")
          for name in ("swap", "substitute")],
        path("changes/", views.DutyChangeListView.as_view(), name="dutychange_list"),
        *crud_urls("dutypost", model=DutyPost, list_view=views.DutyPostListView,
                   detail_view=views.DutyPostDetailView, edit_view=views.DutyPostEditView),
        *[path(f"dutyposts/<int:pk>/{name}/", views.DutyPostActionView.as_view(), {"name": name},
               name=f"dutypost_{name}") for name in ("generate", "rotation")],
        path("handovers/", views.HandoverListView.as_view(), name="handover_list"),
        path("handovers/add/", views.HandoverCreateView.as_view(), name="handover_add"),
        path("handovers/<int:pk>/", views.HandoverDetailView.as_view(), name="handover_detail"),
        *crud_urls("dutylog", model=DutyLog, list_view=views.DutyLogListView,
                   detail_view=views.DutyLogDetailView, edit_view=views.DutyLogEditView),
    ])),
]
