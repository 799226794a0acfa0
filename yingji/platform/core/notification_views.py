"""The notifications page, the top bar's unread count (loaded by htmx after the page) and marking read; the global
search page (core/search.py)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from . import notifications


class NotificationListView(LoginRequiredMixin, View):
    """通知: everything the user must act on, most urgent first; unread ones marked."""

    def get(self, request):
        inbox = notifications.for_user(request.user)
        show = request.GET.get("show", "unread")
        rows = inbox.unread if show == "unread" else inbox.notices
        return render(request, "core/notifications.html", {
            "inbox": inbox, "rows": rows, "show": show, "today": _today(),
        })


class NotificationCountView(LoginRequiredMixin, View):
    """The top bar's badge: the unread count, a fragment htmx swaps in."""

    def get(self, request):
        inbox = notifications.for_user(request.user)
        return render(request, "core/_notification_badge.html", {"inbox": inbox})


class NotificationReadView(LoginRequiredMixin, View):
    """POST key=… (one or more) or all=1: mark read; then back to the page (or to `next`, the record)."""

    def post(self, request):
        if request.POST.get("all"):
            keys = [n.key for n in notifications.for_user(request.user).notices]
        else:
            keys = request.POST.getlist("key")
        notifications.mark_read(request.user, keys)
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            target = ""
        if not target:
            from django.contrib import messages

            if not keys:
                messages.info(request, _("没有要标为已读的通知"))
            target = "core:notifications"
        return redirect(target)


class SearchView(LoginRequiredMixin, View):
    """搜索: the ledgers registered with core/search.py, over the records the user may view."""

    def get(self, request):
        from . import search

        q = request.GET.get("q", "").strip()[:100]
        hits = search.search(request.user, q)
        short = bool(q) and len(q) < search.MIN_LENGTH
        return render(request, "core/search.html", {"q": q, "hits": hits, "short": short,
                                                    "min_length": search.MIN_LENGTH})


def _today():
    from django.utils import timezone

    return timezone.localdate()


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path("notifications/count/", NotificationCountView.as_view(), name="notification_count"),
    path("notifications/read/", NotificationReadView.as_view(), name="notification_read"),
    path("search/", SearchView.as_view(), name="search"),
]
