"""The left navigation: groups follow the Ministry's split of the work; each app registers its own entries.

Each group has an icon (the vendored Bootstrap Icons sprite) and folds away; the group holding the current page is
open. The current page is the entry whose URL is the longest prefix of the request's path: exactly one entry is
highlighted (值班台 /command/duty/ and 值班日志 /command/duty/logs/ never both), and the same match gives the
breadcrumbs (工作台 › group › entry › the record) and the list page's title (the menu's label: 企业档案, not 企业).

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
ICONS = {  # icons of static/vendor/bootstrap-icons-*/sprite.svg (scripts/icon-sprite)
    "supervision": "building-check",
    "warning": "broadcast",
    "command": "life-preserver",
    "disaster": "cloud-lightning-rain",
    "analysis": "bar-chart-line",
    "system": "gear",
}


@dataclass(frozen=True)
class Item:
    """A menu entry as one user sees it."""

    label: str
    url: str
    active: bool = False

    def __iter__(self):  # (label, url, active), as the menu was before it had groups of its own
        return iter((self.label, self.url, self.active))


@dataclass
class Group:
    code: str
    label: str
    icon: str
    items: list
    open: bool = False

    def __iter__(self):  # (label, items)
        return iter((self.label, self.items))


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


# The menu's layout for every user: per group, its entries in order with their URLs. It depends on no user, only on
# what the URL and the order are computed from: the registered entries, the language (the order breaks ties by
# the translated label; a translated URL pattern would change the URL), the URL configuration and the script
# prefix. Computing it took 77 reverse() calls and a sort per group on every page, about a sixth of a list page's
# time; it is kept per process for each combination of those inputs. What each user sees of it is decided on
# every request, as before (menu_for).
_layouts = {}


def _layout():
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf
    from django.utils.translation import get_language

    key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, tuple(map(id, _entries)))
    layout = _layouts.get(key)
    if layout is None:
        layout = []
        for code, label in GROUPS:
            rows = []
            for e in sorted((e for e in _entries if e.group == code), key=lambda e: (e.order, str(e.label))):
                try:
                    rows.append((e, reverse(e.url_name), str(e.label)))  # translated: the key holds the language
                except NoReverseMatch:
                    continue
            layout.append((code, str(label), tuple(rows)))
        layout = _layouts[key] = tuple(layout)
    return layout


def menu_for(user, current_path=""):
    """[Group] of the entries this user may open (each iterates as (label, items), an item as (label, url,
    active)); empty groups are left out. At most one item is active: the one whose URL is the longest prefix of
    `current_path`; its group is open."""
    from .models import is_external_user

    outside = is_external_user(user)
    menu = []
    for code, label, rows in _layout():
        items = []
        for e, url, text in rows:
            if outside and e.internal:
                continue
            if e.perm and not (e.perm(user) if callable(e.perm) else user.has_perm(e.perm)):
                continue
            items.append(Item(text, url))
        if items:
            menu.append(Group(code, label, ICONS.get(code, "list"), items))
    current = current_item(menu, current_path)
    if current is not None:
        for group in menu:
            for i, item in enumerate(group.items):
                if item is current:
                    group.items[i] = Item(item.label, item.url, True)
                    group.open = True
    return menu


def current_item(menu, path):
    """The item whose URL is the longest prefix of `path` (None on a page outside the menu: the 工作台, 通知…)."""
    best = None
    for group in menu:
        for item in group.items:
            if item.url != "/" and path.startswith(item.url) and (best is None or len(item.url) > len(best.url)):
                best = item
    return best


def trail(menu):
    """The breadcrumbs the menu gives: [(label, url or None)] of the open group and its active item."""
    for group in menu:
        for item in group.items:
            if item.active:
                return [(group.label, None), (item.label, item.url)]
    return []
