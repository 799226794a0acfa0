from . import navigation as nav


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    from .home import landing_for

    # an account with a home of its own (企业端) has it in its menu: no 工作台 link above the groups
    return {"nav_menu": nav.menu_for(user, request.path), "nav_workbench": landing_for(user) is None}
