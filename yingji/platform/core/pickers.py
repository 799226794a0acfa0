"""Search-as-you-type pickers: a choice among thousands of scoped records without sending them all to the browser.

A plain <select> lists every record the user may pick; at province scale that is megabytes per page. A picker
renders only the selected option(s) and a search box; static/yingji/picker.js (on Tom Select) fetches the rest from
a JSON search view while the user types. Validation is unchanged: the form field's queryset, restricted by
ScopedModelForm through `restrict(user, "view")`, decides what may be saved, so an id outside the user's scope is
the field's error message, never a record.

Parts (a module that picks users, regions … builds the same three):
  * `SearchSelect` / `SearchSelectMultiple`: the widgets, given the URL of the search view;
  * `PickerSearchView`: the JSON search view, `{"results": [{"id", "label"}], "more": bool}`, scoped by restrict();
  * a field (a `ModelChoiceField` subclass) whose default widget is the picker and whose `label_from_instance` is
    the same label the search view returns.
See docs/development/conventions.md (Pickers).
"""

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from .views import ScopedViewMixin

MIN_CHARS = 2
MAX_QUERY_LENGTH = 50
RESULT_LIMIT = 20


def clean_term(value):
    """The search term as typed, trimmed and bounded; NUL characters (which PostgreSQL refuses) removed."""
    return (value or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


class SearchSelect(forms.Select):
    """A <select> holding only its selected option; the browser searches `search_url` for the others.

    The label of the selected option comes from the form field (a ModelChoiceField's restricted queryset and
    `label_from_instance`), so an edit form and a form redisplayed after an error show the choice. For a field
    without a queryset (a filter's NumberFilter on an id), pass `model` (and optionally `label`): the option is then
    looked up through `model.objects.restrict(user, "view")`, with the user that ScopedModelForm binds to the
    widget, or else the request's acting user (audit context, so a filterset needs no wiring); without a user no
    label is looked up.
    """

    search_url = None
    min_chars = MIN_CHARS
    hint = _("输入关键字搜索")  # the empty search box's grey text
    model = None
    label = None

    def __init__(self, attrs=None, *, search_url=None, min_chars=None, hint=None, model=None, label=None):
        super().__init__(attrs)
        if search_url is not None:
            self.search_url = search_url
        if min_chars is not None:
            self.min_chars = min_chars
        if hint is not None:
            self.hint = hint
        if model is not None:
            self.model = model
        if label is not None:
            self.label = label
        self.user = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-yj-picker": "search",
            "data-url": str(self.search_url),
            "data-min-chars": str(self.min_chars),
            "data-hint": str(self.hint),
            "data-no-results": gettext("没有找到匹配的记录"),
            "data-type-more": gettext("请至少输入 %(n)s 个字") % {"n": self.min_chars},
            "data-error": gettext("搜索失败，请稍后重试"),
        })
        return context

    def use_required_attribute(self, initial):
        # the hidden <select> is not what the user fills in; the server validates (and a required first-choice
        # check would iterate the whole queryset)
        return False

    def selected_choices(self, values):
        """[(value, label)] of the selected values the user may see, in the order given."""
        values = [str(v) for v in values if v not in (None, "")]
        if not values:
            return []
        field = getattr(self.choices, "field", None)  # a ModelChoiceField's ModelChoiceIterator
        if field is not None:
            key = field.to_field_name or "pk"
            if _integer_key(field.queryset.model, key):
                # an id no record can have (beyond 64 bits: SQLite cannot even bind it) is no choice (issue 16)
                values = [v for v in values if not (v.lstrip("-").isdigit() and not is_int64(v))]
            try:
                objects = list(field.queryset.filter(**{f"{key}__in": values}))
            except (ValueError, TypeError, forms.ValidationError):
                return []
            found = {str(field.prepare_value(obj)): field.label_from_instance(obj) for obj in objects}
        elif self.model is not None:
            ids = [v for v in values if v.isdigit() and is_int64(v)]
            user = self.user or acting_user()
            if user is None or not ids:
                return []
            label = self.label or str
            found = {str(obj.pk): label(obj) for obj in self.model.objects.restrict(user, "view").filter(
                pk__in=ids)}
        else:
            found = {str(v): label for v, label in self.choices if str(v) in values}
        return [(v, found[v]) for v in dict.fromkeys(values) if v in found]

    def optgroups(self, name, value, attrs=None):
        chosen = self.selected_choices(value)
        options = []
        if not self.allow_multiple_selected:
            # an empty first option, so that the browser does not select the only option by itself
            options.append(self.create_option(name, "", "", not chosen, 0, attrs=attrs))
        for v, label in chosen:
            options.append(self.create_option(name, v, label, True, len(options), attrs=attrs))
        return [(None, options, 0)]


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """The multiple-choice picker: the selected options, each with a remove button, and the search."""


def is_int64(text):
    """True if the decimal `text` fits a 64-bit integer (a record id a database can be asked about)."""
    return -(2**63) <= int(text) < 2**63


def _integer_key(model, key):
    from django.db import models

    model_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    return isinstance(model_field, (models.IntegerField, models.AutoField))


def acting_user():
    """The authenticated user of the current request (audit context), or None outside a request."""
    from yingji.platform.audit.context import current

    user = current().user
    if hasattr(user, "resolve"):
        user = user.resolve()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def bind_user(form, user):
    """Give the pickers of `form` the user for their label look-ups (ScopedModelForm does)."""
    for field in form.fields.values():
        if isinstance(field.widget, SearchSelect):
            field.widget.user = user


class PickerSearchView(ScopedViewMixin, View):
    """GET ?q=…: up to `limit` records of `model` in the user's scope (restrict(user, "view")) that match `q`.

    Subclasses set `model` and `search_fields` (matched with icontains, ordered by `ordering`), or override
    `search(queryset, term)` to filter and order themselves, and `label(obj)`; `fields` limits the columns read.
    The answer is `{"results": [{"id": …, "label": …}], "more": bool}`; a term shorter than `min_chars` answers no
    results. The number of queries does not depend on the number of records.
    """

    min_chars = MIN_CHARS
    limit = RESULT_LIMIT
    fields = ()
    search_fields = ()
    ordering = ("pk",)

    def search(self, queryset, term):
        q = Q()
        for name in self.search_fields:
            q |= Q(**{f"{name}__icontains": term})
        return queryset.filter(q).order_by(*self.ordering) if self.search_fields else queryset.none()

    def label(self, obj):
        return str(obj)

    def get(self, request, *args, **kwargs):
        term = clean_term(request.GET.get("q"))
        results, more = [], False
        if len(term) >= self.min_chars:
            qs = self.get_queryset().active()
            if self.fields:
                qs = qs.only(*self.fields)
            rows = list(self.search(qs, term)[:self.limit + 1])
            more = len(rows) > self.limit
            results = [{"id": obj.pk, "label": self.label(obj)} for obj in rows[:self.limit]]
        response = JsonResponse({"results": results, "more": more})
        add_never_cache_headers(response)
        return response
