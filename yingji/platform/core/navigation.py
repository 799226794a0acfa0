"""The left navigation: groups follow the Ministry's split of the work; each app registers its own entries.

An outside account (an enterprise's, core.models.is_external_user) sees only the entries of the records it works
on: never a bureau-internal page (the statistics, the rule tables, the holiday calendar, the administration), even
where a permission it holds would open it. The groups 统计分析 and 系统管理 are internal as a whole; an entry elsewhere
is marked `internal=True` (执法统计).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

GROUPS = [
    ("supervision", _("监督管理")),
    ("warning", _("监测预警")),
    ("command", _("指挥救援")),
    ("disaster", _("防灾减灾")),
    ("analysis", _("统计分析")),
    ("system", _("系统管理")),
]


@dataclass(frozen=True)
class Entry:
    group: str
    label: str
    url_name: str
    perm: object  # a permission name, a callable (user) -> bool, or None (every user)
    order: int
    internal: bool = False  # a page of the bureau's own work, never in an outside account's menu


INTERNAL_GROUPS = {"analysis", "system"}


_entries = []


def register(group, label, url_name, perm=None, order=100, internal=False):
    if group not in dict(GROUPS):
        raise ValueError(f"unknown navigation group {group}")
    if any(e.url_name == url_name for e in _entries):
        return
    _entries.append(Entry(group, label, url_name, perm, order, internal or group in INTERNAL_GROUPS))


def entries():
    return list(_entries)


def menu_for(user, current_path=""):
    """[(group label, [(label, url, active)])] of the entries this user may open; empty groups are left out."""
    from .models import is_external_user

    outside = is_external_user(user)
    menu = []
    for code, label in GROUPS:
        items = []
        for e in sorted((e for e in _entries if e.group == code), key=lambda e: (e.order, str(e.label))):
            if outside and e.internal:
                continue
            if e.perm and not (e.perm(user) if callable(e.perm) else user.has_perm(e.perm)):
                continue
            try:
                url = reverse(e.url_name)
            except NoReverseMatch:
                continue
            items.append((e.label, url, current_path.startswith(url)))
        if items:
            menu.append((label, items))
    return menu
