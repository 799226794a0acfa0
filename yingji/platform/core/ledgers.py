"""A user's own settings of a list page (a 台账, core.views.ObjectListView): the columns he shows (列) and the filters
he named (已存筛选). Both are kept on the server, per user and per list (the list's URL name), so they follow him to
another computer; both are personal state, not audited, never shown to anyone else (docs/ui.md).

- 列: POST the columns to show; the first column (the record's name, its link) is always shown. The chooser changes
  the page only: 导出Excel still writes every column of the list (an export is the ledger, whatever the screen).
- 已存筛选: POST a name and the list's current query string; the list's menu offers it again as a link to the list
  with that query, so the filter runs through the list's own FilterSet and the user's own scope, as if typed again.
  A name given again replaces the query it had; 删除 removes one (POST, only the user's own).
"""

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

MAX_FILTERS = 30  # per user and list: a menu, not a database
DROPPED_PARAMS = ("page", "_export", "per_page")  # not part of a filter: where one was, and how it was exported


def list_view_class(list_name):
    """The ObjectListView class behind a list's URL name, or None when the name is not a list page."""
    from .views import ObjectListView

    if not isinstance(list_name, str) or not list_name or len(list_name) > 100:
        return None
    try:
        match = resolve(reverse(list_name))
    except (NoReverseMatch, Http404):
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView):
        return None
    return view_class


def may_view_list(user, list_name):
    """The list's view class when the user may open the list (its model's view permission), else None."""
    from .models import perm_name

    view_class = list_view_class(list_name)
    if view_class is None or not user.has_perm(perm_name(view_class.model, "view")):
        return None
    return view_class


def column_names(table_class):
    """[(name, header)] of a table's columns in their order (an empty table of the class: no rows are read)."""
    table = table_class([])
    return [(c.name, str(c.header)) for c in table.columns]


def hidden_columns(user, list_name):
    from .models import ListPreference

    pref = ListPreference.objects.filter(user=user, list_name=list_name).first()
    return list(pref.hidden_columns) if pref else []


def filter_query(query):
    """The query string as a saved filter keeps it: without the page, the export and the page size; in the order
    given (a filter links back to exactly the list it was)."""
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=False) if k not in DROPPED_PARAMS]
    return urlencode(pairs)


def saved_filters(user, list_name):
    from .models import SavedFilter

    return list(SavedFilter.objects.filter(user=user, list_name=list_name).order_by("name"))


def _back(request, list_name):
    """Where the form was: `next` when it is a page of this site, else the list."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse(list_name))


class ListColumnsView(LoginRequiredMixin, View):
    """POST list=<URL name>, show=<column> (repeated), or reset=1: the columns this user shows on that list."""

    def post(self, request):
        from .models import ListPreference

        list_name = request.POST.get("list", "")
        view_class = may_view_list(request.user, list_name)
        if view_class is None:
            raise Http404(_("没有这个列表"))
        names = [name for name, _header in column_names(view_class.table_class)]
        if request.POST.get("reset"):
            ListPreference.objects.filter(user=request.user, list_name=list_name).delete()
            messages.success(request, _("已恢复默认的列"))
            return _back(request, list_name)
        shown = set(request.POST.getlist("show")) | set(names[:1])  # the record's own column stays
        hidden = [name for name in names if name not in shown]
        ListPreference.objects.update_or_create(user=request.user, list_name=list_name,
                                                defaults={"hidden_columns": hidden})
        messages.success(request, _("已保存显示的列"))
        return _back(request, list_name)


class SavedFilterAddView(LoginRequiredMixin, View):
    """POST list=<URL name>, name=<名称>, query=<the list's query string>: save (or replace) a named filter."""

    def post(self, request):
        from .models import SavedFilter

        list_name = request.POST.get("list", "")
        if may_view_list(request.user, list_name) is None:
            raise Http404(_("没有这个列表"))
        name = " ".join(request.POST.get("name", "").split())
        query = filter_query(request.POST.get("query", ""))
        max_name = SavedFilter._meta.get_field("name").max_length
        max_query = SavedFilter._meta.get_field("query").max_length
        error = None
        if not name:
            error = _("请填写筛选的名称")
        elif len(name) > max_name:
            error = _("筛选的名称最多 %(n)d 个字") % {"n": max_name}
        elif len(query) > max_query:
            error = _("筛选条件太长，不能保存（最多 %(n)d 个字符）") % {"n": max_query}
        mine = SavedFilter.objects.filter(user=request.user, list_name=list_name)
        if error is None and not mine.filter(name=name).exists() and mine.count() >= MAX_FILTERS:
            error = _("每个列表最多保存 %(n)d 个筛选，请先删除不用的") % {"n": MAX_FILTERS}
        if error:
            messages.error(request, error)
            return _back(request, list_name)
        SavedFilter.objects.update_or_create(user=request.user, list_name=list_name, name=name,
                                             defaults={"query": query})
        messages.success(request, _("已保存筛选：%(name)s") % {"name": name})
        return redirect(f"{reverse(list_name)}?{query}" if query else reverse(list_name))


class SavedFilterDeleteView(LoginRequiredMixin, View):
    """POST: delete one of the user's own saved filters (anyone else's: 404)."""

    def post(self, request, pk):
        from .models import SavedFilter

        saved = SavedFilter.objects.filter(user=request.user, pk=pk).first()
        if saved is None:
            raise Http404(_("没有这个筛选"))
        list_name = saved.list_name
        saved.delete()
        messages.success(request, _("已删除筛选：%(name)s") % {"name": saved.name})
        if list_view_class(list_name) is None:  # a list since removed from the site
            return redirect("home")
        return _back(request, list_name)


urlpatterns = [
    path("lists/columns/", ListColumnsView.as_view(), name="list_columns"),
    path("lists/filters/", SavedFilterAddView.as_view(), name="saved_filter_add"),
    path("lists/filters/<int:pk>/delete/", SavedFilterDeleteView.as_view(), name="saved_filter_delete"),
]
