"""URL configuration. Each app brings its own urls.py and api/urls.py, found from INSTALLED_APPS."""

import importlib.util

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from yingji.platform.core import import_views, rules_views
from yingji.platform.core.api.schema import SchemaView
from yingji.platform.core.home import HomeView, healthz


def _has(module):
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# Every installed Yingji app that has a urls.py is mounted under its app label as namespace, and every one with
# api/urls.py under /api/v1/: a new module adds itself to INSTALLED_APPS and touches nothing here.
_yingji_apps = [a for a in apps.get_app_configs() if a.name.startswith("yingji.") and ".tests." not in a.name]
APPS = [(a.label, a.name) for a in _yingji_apps if _has(f"{a.name}.urls")]
API_APPS = [a.name for a in _yingji_apps if _has(f"{a.name}.api.urls")]

api_patterns = [path("", include(f"{module}.api.urls")) for module in API_APPS]

urlpatterns = [
    # the API first: its requests then skip the ~600 patterns of the pages, which Django would try one by one (a
    # page's address never starts with api/)
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((import_views.urlpatterns, "core"), namespace="core")),
    path("rules/", include((rules_views.urlpatterns(), "rules"), namespace="rules")),
    *[path("", include(f"{module}.urls", namespace=ns)) for ns, module in APPS],
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Uploaded files (MEDIA_ROOT) are never served by a /media/ route, not even under DEBUG: each is served by a view
# that checks the record's scope (core.views.RecordFileView, the inspection photo, the plan files), issue 16, item 9.
