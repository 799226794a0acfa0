"""URL configuration. Each app brings its own urls.py and api/urls.py; apps register here once."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yingji.platform.core import import_views, rules_views
from yingji.platform.core.home import HomeView, healthz

# (URL namespace, module): a new module adds one line to each list
APPS = [
    ("regions", "yingji.platform.regions"),
    ("accounts", "yingji.platform.accounts"),
    ("audit", "yingji.platform.audit"),
    ("workdays", "yingji.platform.workdays"),
    ("enterprises", "yingji.supervision.enterprises"),
    ("enforcement", "yingji.supervision.enforcement"),
    ("reports", "yingji.analysis.reports"),
    ("dashboard", "yingji.analysis.dashboard"),
    ("hazards", "yingji.supervision.hazards"),
    ("tipoffs", "yingji.supervision.tipoffs"),
    ("portal", "yingji.supervision.portal"),
    ("inspections", "yingji.supervision.inspections"),
    ("accidents", "yingji.supervision.accidents"),
    ("losses", "yingji.disaster.losses"),
    ("relief", "yingji.disaster.relief"),
    ("officers", "yingji.disaster.officers"),
]
API_APPS = [
    "yingji.platform.regions",
    "yingji.platform.accounts",
    "yingji.supervision.enterprises",
    "yingji.supervision.enforcement",
    "yingji.supervision.portal",
    "yingji.analysis.reports",
    "yingji.analysis.dashboard",
    "yingji.supervision.hazards",
    "yingji.supervision.tipoffs",
    "yingji.supervision.inspections",
    "yingji.supervision.accidents",
    "yingji.disaster.losses",
    "yingji.disaster.relief",
    "yingji.disaster.officers",
]

api_patterns = [path("", include(f"{module}.api.urls")) for module in API_APPS]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((import_views.urlpatterns, "core"), namespace="core")),
    path("rules/", include((rules_views.urlpatterns(), "rules"), namespace="rules")),
    *[path("", include(f"{module}.urls", namespace=ns)) for ns, module in APPS],
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
