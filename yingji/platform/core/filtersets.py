"""FilterSet base: one set of filters for the list page, its Excel export and the API.

Three things hold for every FilterSet built on BaseFilterSet, so no module writes them by hand:
- the choices of a record filter (a ModelChoiceFilter over a scoped model) are the records the requesting user may
  view, through `restrict(user, "view")`, like the choices of forms and serializers;
- `?region=` is a RegionFilter: a 12-digit code or an id, the region and everything under it. A model with a region
  gets it without declaring it; a filter named `region` of any other kind is refused when the class is built;
- `?township=` is a TownshipFilter: a 乡镇（街道） of the user's scope (id or code), the township and its villages;
- a number is bounded (issue 16, item 6): a NumberFilter takes at most a 64-bit integer, and a year (a `year`
  lookup) 1 to 9999; a record filter's id beyond 64 bits is "not a choice". A value out of range is a form error
  (the web list shows it and is empty; the API answers 400), never a database error or a 500.
"""

import copy
from functools import partial

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceIterator, ModelChoiceField, ModelChoiceIterator

from .models import ScopedQuerySet

INT64_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1, 9999  # what datetime.date can hold: ?year=0 must be a form error, not a ValueError


def number_bounds(f):
    """(min, max) a NumberFilter accepts: a year for a `year` lookup, else a signed 64-bit integer."""
    if f.lookup_expr in ("year", "iso_year") or f.lookup_expr.endswith(("__year", "__iso_year")):
        return YEAR_MIN, YEAR_MAX
    return -INT64_MAX - 1, INT64_MAX


def bound_filter(f):
    """Give a filter the bounds of its kind (see the module docstring); a bound the filter declares itself is kept."""
    if isinstance(f, django_filters.NumberFilter):
        lo, hi = number_bounds(f)
        f.extra.setdefault("min_value", lo)
        f.extra.setdefault("max_value", hi)
    elif isinstance(f, django_filters.ModelMultipleChoiceFilter) \
            and f.field_class is django_filters.ModelMultipleChoiceFilter.field_class:
        f.field_class = BoundedModelMultipleChoiceField
    elif isinstance(f, django_filters.ModelChoiceFilter) \
            and f.field_class is django_filters.ModelChoiceFilter.field_class:
        f.field_class = BoundedModelChoiceField
    return f


def _out_of_range_key(field, value):
    """True if `value` is meant for an integer key of the field's model but cannot be one (beyond 64 bits)."""
    from django.db import models

    key = field.to_field_name or "pk"
    model_field = field.queryset.model._meta.pk if key == "pk" else field.queryset.model._meta.get_field(key)
    if not isinstance(model_field, (models.IntegerField, models.AutoField)):
        return False
    text = str(value).strip()
    return text.lstrip("-").isdigit() and not (-INT64_MAX - 1 <= int(text) <= INT64_MAX)


class BoundedModelChoiceField(ModelChoiceField):
    """An id beyond 64 bits is not a choice (SQLite cannot even bind it)."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range_key(self, value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for v in value or ():
            if _out_of_range_key(self, v):
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": v})
        return super()._check_values(value)


EMPTY_LABELS = ("---------", "")  # Django's and django-filter's blank choice: a filter left empty means 全部


def style_form(form):
    """Bootstrap classes on a filter form's widgets; the empty choice of a select reads 全部 (not '---------', and
    not 未知 for a yes/no filter): a filter left empty filters nothing."""
    from django import forms

    for field in form.fields.values():
        w = field.widget
        if getattr(field, "empty_label", None) is not None and str(field.empty_label) in EMPTY_LABELS:
            field.empty_label = _("全部")
            # the widget holds an iterator made for the form's class: give it one reading this field's label (lazily:
            # a record filter's options are still read only when the form is drawn)
            if isinstance(field, forms.ModelChoiceField):
                field.widget.choices = field.choices
            elif isinstance(getattr(field, "_choices", None), ChoiceIterator):
                field.choices = field._choices.choices
        if isinstance(w, forms.NullBooleanSelect):
            w.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]
        if isinstance(w, (forms.Select, forms.SelectMultiple, forms.NullBooleanSelect)):
            w.attrs.setdefault("class", "form-select form-select-sm")
        elif isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        else:
            w.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(w, forms.DateInput):
                w.input_type = "date"


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q` (full-text over `search_fields`) and `record_status` (有效/已作废/全部; default 有效); scopes record
    choices to the user and gives every model with a region the one `?region=` filter (see the module docstring)."""

    search_fields = ()

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    record_status = django_filters.ChoiceFilter(
        label=_("记录状态"), method="filter_record_status", empty_label=_("有效"),
        choices=[("voided", _("已作废")), ("all", _("全部"))],
    )

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        region = filters.get("region")
        path = _scope_region_path(model) if model is not None else None
        if region is None and path is not None:
            filters["region"] = RegionFilter(path=path)
        elif region is not None and not isinstance(region, RegionFilter):
            raise TypeError(f"{cls.__name__}.region must be a RegionFilter (yingji.platform.core.filtersets): "
                            "?region= means the same on every list")
        for f in filters.values():
            bound_filter(f)
        return filters

    def __init__(self, data=None, queryset=None, *, request=None, given_only=False, **kwargs):
        self._given = None
        if given_only and data is not None:
            # an API request (core/api/filtering.py): only the filters it names, and any required one, are deep-copied,
            # built into the form and validated; a filter left out filters nothing, so the answer is the same
            self._given = {name for name, f in self.base_filters.items() if f.extra.get("required") or _named(name, data)}
            self.base_filters = _GivenFilters(self.base_filters, self._given)
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        for name, f in self.filters.items():
            qs = getattr(f, "queryset", None)
            if isinstance(f, (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)) \
                    and isinstance(qs, ScopedQuerySet):
                if self._given is None or name in self._given:
                    f.queryset = scoped_choices(qs, user)
                else:  # a filter the API request does not name is never built: scoped only if ever asked
                    f.queryset = SimpleLazyObject(partial(scoped_choices, qs, user))

    def get_form_class(self):
        if self._given is None:
            return super().get_form_class()
        fields = {name: f.field for name, f in self.filters.items() if name in self._given}
        return type(f"{type(self).__name__}Form", (self._meta.form,), fields)

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


class _GivenFilters(dict):
    """The filters of an API request, for FilterSet.__init__'s deepcopy: the named ones are deep-copied, each other
    one gets a shallow copy (a FilterSet's __init__ may still set its attributes, e.g. a queryset) and is left out of
    the form."""

    def __init__(self, filters, given):
        super().__init__(filters)
        self.given = given

    def __deepcopy__(self, memo):
        copies = {}
        for name, f in self.items():
            if name in self.given:
                copies[name] = copy.deepcopy(f, memo)
            else:
                copies[name] = copy.copy(f)
                copies[name].extra = dict(f.extra)
        return copies


def _named(name, data):
    """True if the query names the filter `name`, alone or with a widget's suffix (found_on_after, amount_min)."""
    return any(key == name or key.startswith(f"{name}_") for key in data)


def scoped_choices(queryset, user):
    """The choices of a record filter: the records `user` may view and that are not voided (none without a user: a
    filter bound outside a request, e.g. by the schema generator, offers and accepts nothing)."""
    if user is None:
        return queryset.none()
    return queryset.restrict(user, "view").active()


def _scope_region_path(model):
    """The path to the record's region (its scope_region_field: "region", "enterprise__region" ...), or None for a
    model without one (regions themselves, the national calendar)."""
    return getattr(model, "scope_region_field", None) or None


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
        if text.isascii() and text.isdigit() and len(text) <= 15:
            key = "code" if len(text) in (12, 15) else "pk"  # a 12-digit code, 15 for a grid; or an id
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
        return filter_subtree(qs, self.path, value)


def townships_in_scope(request):
    """The 乡镇（街道） the requesting user may see, by code."""
    from yingji.platform.regions.choices import Level

    return regions_in_scope(request).filter(level=Level.TOWNSHIP)


class _AllOptions(ModelChoiceIterator):
    pass


class TownshipChoiceField(RegionChoiceField):
    iterator = _AllOptions


class TownshipFilter(RegionFilter):
    """`?township=<id or 12-digit code>` of a 乡镇（街道） in the user's scope: the records whose region (at `path`) is
    the township or one of its villages (one range scan on the code). The options carry the id."""

    field_class = TownshipChoiceField

    def __init__(self, path="region", **kwargs):
        kwargs.setdefault("label", _("乡镇（街道）"))
        kwargs.setdefault("queryset", townships_in_scope)
        kwargs.setdefault("to_field_name", None)
        super().__init__(path, **kwargs)


def filter_subtree(queryset, path, region):
    """Records whose region (at `path`) is `region` or under it: one indexed range scan on the code (None: all)."""
    if region is None:
        return queryset
    from yingji.platform.regions import codes

    lo, hi = codes.subtree_bounds(region.code, region.level)
    field = f"{path}__code" if path else "code"  # path "": the records are regions themselves
    return queryset.filter(**{f"{field}__gte": lo, f"{field}__lte": hi})


def by_stats_parameter(queryset, name, value):
    """The `method` of a list filter that is also a statistics parameter (专项行动 ?campaign=, 来源 ?source=): the
    records the statistics count under that value, by the model's own `stats_filters` (core.stats.narrow), so a
    figure's link lists exactly the records behind it."""
    from .stats import narrow

    return narrow(queryset, {name: value})
