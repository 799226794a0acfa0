"""FilterSet base: one set of filters for the list page, its Excel export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def style_form(form):
    """Bootstrap classes on a filter form's widgets."""
    from django import forms

    for field in form.fields.values():
        w = field.widget
        if isinstance(w, (forms.Select, forms.SelectMultiple, forms.NullBooleanSelect)):
            w.attrs.setdefault("class", "form-select form-select-sm")
        elif isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        else:
            w.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(w, forms.DateInput):
                w.input_type = "date"


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q` (full-text over `search_fields`) and `record_status` (有效/已作废/全部; default 有效)."""

    search_fields = ()

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    record_status = django_filters.ChoiceFilter(
        label=_("记录状态"), method="filter_record_status", empty_label=_("有效"),
        choices=[("voided", _("已作废")), ("all", _("全部"))],
    )

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_yingji_styled", False):
            style_form(form)
            form._yingji_styled = True
        return form

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    def filter_record_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset so that the default (有效) holds when the filter is absent

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not hasattr(queryset.model, "voided_at"):
            return queryset
        status = self.form.cleaned_data.get("record_status") if hasattr(self.form, "cleaned_data") else None
        if status == "voided":
            return queryset.filter(voided_at__isnull=False)
        if status == "all":
            return queryset
        return queryset.filter(voided_at__isnull=True)
