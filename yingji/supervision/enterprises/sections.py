"""Sections of the enterprise page (一企一档): each supervision app adds what it knows about an enterprise.

    from yingji.supervision.enterprises import sections
    sections.register("hazards", _("隐患"), hazards_table, perm="hazards.view_hazard", order=30)

`fn(user, enterprise)` returns a django-tables2 table (or None to hide the section); it must read through
`Model.objects.restrict(user, "view")` like every other view.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fn: Callable
    perm: str | None
    order: int


_sections = {}


def register(key, title, fn, perm=None, order=100):
    _sections[key] = Section(key, title, fn, perm, order)


def for_enterprise(user, enterprise):
    """[(title, table)] of the sections this user may see, in order."""
    shown = []
    for s in sorted(_sections.values(), key=lambda s: s.order):
        if s.perm and not user.has_perm(s.perm):
            continue
        table = s.fn(user, enterprise)
        if table is not None:
            shown.append((s.title, table))
    return shown
