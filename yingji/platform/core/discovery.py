"""The one way a registry finds its contributions: import `<app>.<name>` of every installed yingji app."""

import importlib

from django.apps import apps

_done = set()


def autodiscover(name):
    """Import `<app>.<name>` (e.g. "demo", "report", "dashboard", "sweeps") of every installed yingji app, once per
    name; an app without that module is skipped, an import error inside one is raised."""
    if name in _done:
        return
    for app in apps.get_app_configs():
        if not app.name.startswith("yingji."):
            continue
        module = f"{app.name}.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
    _done.add(name)
