import functools

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure_text(value, unit=""):
    """{{ f.value|figure_text:f.unit }}: the number as statistics print it (phrasing.shown: 78.0 → 78, 元 in 万元)."""
    from yingji.platform.core.phrasing import shown

    return shown(value, unit)[0]


@register.filter
def figure_unit(unit, value=0):
    """{{ f.unit|figure_unit:f.value }}: the unit printed beside figure_text (元 becomes 万元)."""
    from yingji.platform.core.phrasing import shown

    return shown(value if value is not None else 0, unit)[1]


@register.filter
def short_date(value):
    """A date (or a datetime, in local time with its hour and minute) without the year when it is this year's, with
    the year otherwise: 12-05, 12-05 08:30, 2025-12-05. Lists of what is due read at a glance and never mislead
    about the year."""
    import datetime

    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    if value in (None, ""):
        return ""
    this_year = timezone.localdate().year
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "m-d H:i" if value.year == this_year else "Y-m-d H:i")
    return date_format(value, "m-d" if value.year == this_year else "Y-m-d")


ICON_SPRITE = "vendor/bootstrap-icons-1.13.1/sprite.svg"


@register.simple_tag
def icon(name, css=""):
    """An icon of the vendored Bootstrap Icons sprite (scripts/icon-sprite lists the ones it holds), decorative:
    hidden from screen readers, sized and coloured like the text around it.

    A page draws a dozen or more (the sidebar's groups, the buttons): the markup is kept per process for each
    icon, class and sprite URL, and the sprite's URL for each input of static() (the static URL and storage, the
    script prefix, DEBUG: a hashed name is only looked up without it). A str and a SafeString of the same text
    escape differently, so the type is part of the key; anything else (a lazy translation) is not kept."""
    from django.conf import settings
    from django.urls import get_script_prefix
    from django.utils.safestring import SafeString

    sprite = _sprite_url(settings.STATIC_URL, repr(settings.STORAGES.get("staticfiles")), settings.DEBUG,
                         get_script_prefix())
    if type(name) in (str, SafeString) and type(css) in (str, SafeString):
        return _icon_markup(type(name), name, type(css), css, sprite)
    return _icon_markup.__wrapped__(type(name), name, type(css), css, sprite)


@functools.lru_cache(maxsize=16)
def _sprite_url(_static_url, _storage, _debug, _script_prefix):
    from django.templatetags.static import static

    return static(ICON_SPRITE)


@functools.lru_cache(maxsize=1024)
def _icon_markup(_name_type, name, _css_type, css, sprite):
    from django.utils.html import format_html

    return format_html('<svg class="yj-icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
                       css, sprite, name)


_sidebars = {}
_SIDEBARS_KEPT = 500


@register.simple_tag(takes_context=True)
def sidebar(context):
    """base.html's left navigation (core/_sidebar.html) of the menu this request computed (nav_menu: what the user
    may open, decided on every request by navigation.menu_for from his permissions read afresh).

    Drawing it (some 80 links, a loop per group) was most of a short page's rendering, a 403 or 404 page's too,
    and it depends on nothing but the menu: the markup is kept per process for each menu (every group, label, URL
    and the open and current entry), with the language, the script prefix and the static files' settings (the
    icons' sprite). The same menu draws the same markup; a different one is drawn anew. At most _SIDEBARS_KEPT
    menus are kept, then the memory starts over."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    menu = context.get("nav_menu") or []
    request = context.get("request")
    workbench, at_home = bool(context.get("nav_workbench")), request is not None and request.path == "/"
    key = (get_language(), get_script_prefix(), settings.STATIC_URL, repr(settings.STORAGES.get("staticfiles")),
           settings.DEBUG, workbench, at_home,
           tuple((g.code, str(g.label), g.icon, g.open, tuple(g.items)) for g in menu))
    html = _sidebars.get(key)
    if html is None:
        if len(_sidebars) >= _SIDEBARS_KEPT:
            _sidebars.clear()
        html = _sidebars[key] = render_to_string(
            "core/_sidebar.html", {"nav_menu": menu, "nav_workbench": workbench, "at_home": at_home})
    return html
