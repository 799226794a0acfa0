from . import navigation as nav


def navigation(request):
    """The sidebar (nav_menu), the current menu entry (nav_current: its label is the title of the page at its URL)
    and the breadcrumbs it gives (nav_trail: [(label, url or None)] after 工作台)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    from .home import landing_for

    menu = nav.menu_for(user, request.path)
    current = next((item for group in menu for item in group.items if item.active), None)
    # an account with a home of its own (企业端) has it in its menu: no 工作台 link above the groups
    return {"nav_menu": menu, "nav_workbench": landing_for(user) is None, "nav_current": current,
            "nav_trail": nav.trail(menu)}


def brand(request):
    """The bureau's name and marks on every page (settings YINGJI_SITE_NAME, YINGJI_SITE_LOGO, YINGJI_FAVICON)."""
    from django.conf import settings
    from django.templatetags.static import static
    from django.utils.translation import gettext as _

    def url(value):
        return value if value.startswith("/") else static(value)

    return {"brand_name": settings.YINGJI_SITE_NAME or _("应急管理综合平台"),
            "brand_logo": url(settings.YINGJI_SITE_LOGO) if settings.YINGJI_SITE_LOGO else "",
            "brand_favicon": url(settings.YINGJI_FAVICON) if settings.YINGJI_FAVICON else ""}
