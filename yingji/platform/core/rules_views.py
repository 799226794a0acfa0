"""系统管理 → 规则配置: one set of pages for every registered rule table (yingji.platform.core.rules).

The index lists the tables the user may read; each table has the generic list (filters, 导出Excel, 导入 with its
template), detail with the change history, add, edit, void and restore pages. The URL patterns are generated per
table from the registry (so the permission matrix, generated from the URL conf, checks each table's permissions);
the views are the platform's generic ones with the table's form, filters and columns built from the model.
"""

from functools import cache

import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import rules as rule_tables
from . import views as generic
from .filtersets import BaseFilterSet, RegionFilter
from .models import perm_name
from .rules_forms import form_for, import_name, own_fields, rule_regions
from .tables import BaseTable, LinkColumn


def _rule_regions(request):
    return rule_regions(getattr(request, "user", None))


class ListChoicesColumn(tables.Column):
    """A JSON list of choice values, shown as their labels ("道路运输、火灾"); empty is 全部."""

    def __init__(self, choices, **kwargs):
        self.labels = {str(v): str(label) for v, label in choices}
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, value):
        return "、".join(self.labels.get(str(v), str(v)) for v in value) if value else _("全部")

    def value(self, value):
        return str(self.render(value))


class ShortTextColumn(tables.Column):
    """A long text (a 判定情形) cut to its first 40 characters in the list; whole in the export."""

    def render(self, value):
        return Truncator(value).chars(40)


class RuleFilterSetBase(BaseFilterSet):
    on = django_filters.DateFilter(label=_("施行于（日期）"), method="filter_on")
    region = RegionFilter(queryset=_rule_regions, label=_("适用区划"))

    def filter_on(self, queryset, name, value):
        return queryset.valid_on(value) if value else queryset


@cache
def filterset_for(model):
    keys = [n for n in own_fields(model) if model._meta.get_field(n).choices]
    searchable = [n for n in own_fields(model) if not model._meta.get_field(n).choices
                  and model._meta.get_field(n).get_internal_type() in ("CharField", "TextField")]
    meta = type("Meta", (), {"model": model, "fields": keys})
    return type(f"{model.__name__}FilterSet", (RuleFilterSetBase,), {
        "Meta": meta, "search_fields": (*searchable, "legal_basis")})


@cache
def table_for(model):
    shown = own_fields(model)
    attrs = {
        "region": tables.Column(verbose_name=_("适用区划"), accessor="region_label", order_by=("region__code",)),
        "valid_from": tables.DateColumn(format="Y-m-d", verbose_name=_("施行日期")),
        "valid_to": tables.DateColumn(format="Y-m-d", verbose_name=_("废止日期")),
        "in_force": tables.BooleanColumn(verbose_name=_("今日施行"), accessor="in_force_today", orderable=False),
    }
    for name in shown:
        if model._meta.get_field(name).get_internal_type() == "TextField":
            attrs[name] = ShortTextColumn(verbose_name=model._meta.get_field(name).verbose_name, orderable=False)
        if name in model.list_choices:
            attrs[name] = ListChoicesColumn(model.list_choices[name],
                                            verbose_name=model._meta.get_field(name).verbose_name)
    # the first column links to the row's page
    first = shown[0]
    if first not in attrs:
        attrs[first] = LinkColumn(verbose_name=model._meta.get_field(first).verbose_name)
    fields = (*shown, "region", "valid_from", "valid_to", "legal_basis", "in_force")
    meta = type("Meta", (BaseTable.Meta,), {"model": model, "fields": fields, "sequence": fields})
    return type(f"{model.__name__}Table", (BaseTable,), {**attrs, "Meta": meta})


class RuleListView(generic.ObjectListView):
    template_name = "core/rule_list.html"


class RuleDetailView(generic.ObjectDetailView):
    template_name = "core/rule_detail.html"


class RuleEditView(generic.ObjectEditView):
    """Add or change a row; the form offers the user's province, city and county (and counties below) as 适用区划."""


class RuleIndexView(LoginRequiredMixin, View):
    """The rule tables this user may read, with how many rows are in force today and how many are regional."""

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        rows = []
        for model in rule_tables.tables():
            if not user.has_perm(perm_name(model, "view")):
                continue
            counts = model.objects.filter(voided_at__isnull=True).aggregate(
                total=Count("pk"), in_force=Count("pk", filter=rule_tables.in_force_q(today)),
                regional=Count("pk", filter=Q(region__isnull=False)))
            rows.append({
                "model": model, "label": model._meta.verbose_name_plural,
                "domain": model._meta.app_config.verbose_name, "url_name": f"rules:{model._meta.model_name}_list",
                "can_add": user.has_perm(perm_name(model, "add")), "import_spec": import_name(model), **counts})
        if not rows:
            raise PermissionDenied
        return render(request, "core/rule_index.html", {"tables": rows, "today": today})


def table_urls(model):
    name = model._meta.model_name
    views = {
        "list_view": type(f"{model.__name__}ListView", (RuleListView,), {
            "model": model, "queryset": model.objects.select_related("region"),
            "filterset_class": filterset_for(model), "table_class": table_for(model),
            "import_spec": import_name(model)}),
        "detail_view": type(f"{model.__name__}DetailView", (RuleDetailView,), {"model": model}),
        "edit_view": type(f"{model.__name__}EditView", (RuleEditView,), {"model": model,
                                                                        "form_class": form_for(model)}),
    }
    return generic.crud_urls(name, model=model, **views)


def urlpatterns():
    """The index and, for every registered table, its list/add/detail/edit/void/restore URLs (under /rules/)."""
    patterns = [path("", RuleIndexView.as_view(), name="index")]
    for model in rule_tables.tables():
        patterns += table_urls(model)
    return patterns
