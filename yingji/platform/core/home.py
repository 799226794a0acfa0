"""工作台: the home page, made of the widgets each app registers (core/widgets.py)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import widgets


class HomeView(LoginRequiredMixin, View):
    def get(self, request):
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


widgets.register("account", _("我的账户"), "core/widgets/account.html", _my_account, order=1000)
widgets.register("recent_changes", _("最近变更"), "core/widgets/recent_changes.html", _recent_changes,
                 perm="audit.view_objectchange", order=900)
