"""The project's URLs plus the test permit's (tests use it with @pytest.mark.urls)."""

from django.urls import include, path

from yingji.urls import urlpatterns as project

from .views import PermitDetailView, PermitTransitionView

app_urls = [
    path("permits/<int:pk>/", PermitDetailView.as_view(), name="permit_detail"),
    *PermitTransitionView.urls("permits"),
]

urlpatterns = [*project, path("", include((app_urls, "workflowtest")))]
