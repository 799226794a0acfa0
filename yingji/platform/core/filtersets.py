"""FilterSet base: one set of filters for the list page, its Excel export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


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


def regions_in_scope(request):
    """Every region the requesting user may see (without a request, none: a filter bound outside a request, e.g.
    in the schema generator, offers and accepts no region)."""
    from yingji.platform.regions.models import Region

    if request is None or not getattr(request, "user", None):
        return Region.objects.none()
    return Region.objects.restrict(request.user).order_by("code")


class _RegionOptions(ModelChoiceIterator):
    """The options shown in the select: the regions down to 乡镇 (a county's villages would make the page heavy);
    a village code is still accepted by the field, whose queryset is the whole scope."""

    def __init__(self, field):
        from yingji.platform.regions.choices import Level

        super().__init__(field)
        self.queryset = self.queryset.filter(level__lte=Level.TOWNSHIP)


class RegionChoiceField(ModelChoiceField):
    """A region by its 12-digit code (what the options carry) or by its id, as the statistics endpoints take it."""

    iterator = _RegionOptions

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 12:
            key = "code" if len(text) == 12 else "pk"
            region = self.queryset.filter(**{key: text if key == "code" else int(text)}).first()
            if region is not None:
                return region
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class RegionFilter(django_filters.ModelChoiceFilter):
    """`?region=<12-digit code or id>`: the records whose region (at `path`) is that region or under it, by one range
    scan on the code. Any region in the user's scope is accepted (province, city, county, 乡镇, village); a code
    outside it, or not a region, is a form error ("区划不存在或不在您的管辖范围内"), so the list is empty and the API
    answers 400, never a 500."""

    field_class = RegionChoiceField

    def __init__(self, path="region", **kwargs):
        self.path = path
        kwargs.setdefault("label", _("区划"))
        kwargs.setdefault("queryset", regions_in_scope)
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("error_messages", {"invalid_choice": _("区划不存在或不在您的管辖范围内")})
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        from yingji.platform.regions import codes

        lo, hi = codes.subtree_bounds(value.code, value.level)
        return qs.filter(**{f"{self.path}__code__gte": lo, f"{self.path}__code__lte": hi})
