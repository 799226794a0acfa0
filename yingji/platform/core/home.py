"""工作台: the home page, made of the widgets each app registers (core/widgets.py)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import widgets

_landings = []


def register_landing(test, url_name):
    """Send the users for whom `test(user)` holds to `url_name` instead of the 工作台: a kind of account with a home
    of its own (the 企业端 registers its enterprise accounts). The first matching test wins."""
    _landings.append((test, url_name))


def landing_for(user):
    """The URL name of the user's own home, or None for the 工作台."""
    for test, url_name in _landings:
        if test(user):
            return url_name
    return None


class HomeView(LoginRequiredMixin, View):
    def get(self, request):
        if url_name := landing_for(request.user):
            return redirect(url_name)
        return render(request, "core/home.html", {"widgets": widgets.for_request(request)})


def healthz(request):
    """Liveness for a load balancer: the database answers."""
    with connection.cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _my_account(request):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    return {"user": user, "has_otp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "roles": [g.name for g in user.groups.all()]}


def _recent_changes(request):
    from yingji.platform.audit.models import ObjectChange

    rows = list(ObjectChange.objects.restrict(request.user).select_related("content_type")[:10])
    return {"changes": rows}


TODO_ROWS = 8


def _my_tasks(request):
    """我的待办: the most urgent of the user's notifications (core/notifications.py), unread ones marked."""
    from . import notifications

    inbox = notifications.for_user(request.user)
    return {"rows": inbox.notices[:TODO_ROWS], "inbox": inbox}


widgets.register("my_tasks", _("我的待办"), "core/widgets/my_tasks.html", _my_tasks, order=0)
widgets.register("account", _("我的账户"), "core/widgets/account.html", _my_account, order=1000)
widgets.register("recent_changes", _("最近变更"), "core/widgets/recent_changes.html", _recent_changes,
                 perm="audit.view_objectchange", order=900)
