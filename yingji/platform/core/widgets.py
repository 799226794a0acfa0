"""Home page (工作台) widgets: each app registers what is due for the user; the home page shows them in order."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Widget:
    key: str
    title: str
    template: str
    context: Callable  # (request) -> dict, or None to hide the widget
    perm: object = None  # a permission name, a callable (user) -> bool (a role's widget), or None
    order: int = 100


_widgets = {}


def register(key, title, template, context, perm=None, order=100):
    _widgets[key] = Widget(key, title, template, context, perm, order)


def for_request(request):
    shown = []
    for w in sorted(_widgets.values(), key=lambda w: w.order):
        if w.perm and not (w.perm(request.user) if callable(w.perm) else request.user.has_perm(w.perm)):
            continue
        ctx = w.context(request)
        if ctx is not None:
            shown.append((w, ctx))
    return shown
