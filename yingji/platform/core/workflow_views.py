"""The web side of workflows: one transition view, the transition cards and the timeline of a detail page, and the
API action of a transition.

A module's views.py declares

    class HazardTransitionView(TransitionView):
        model = Hazard
        forms = {"start": PlanForm, "submit": SubmitForm, ...}   # a transition without a form gets NoteForm
        url_name = "hazards:hazard_{name}"
        quiet = {"reject": "btn-outline-danger"}                  # a refusal's button, drawn less prominently

    transition_urls = HazardTransitionView.urls("hazards")           # hazards/<pk>/<name>/, named hazard_<name>

and its detail view mixes in WorkflowDetailMixin (transition_view = HazardTransitionView), whose template includes
core/_transition_forms.html and core/_event_timeline.html.

Every transition form of a workflow that allows late entry (core.workflow, `late_entry`) gets the optional field
`at` (实际办理日期, StepTimeField) last: left blank the step happens now, filled in it is the day the step really
happened, which the service checks and stamps on the record.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rest_framework.response import Response

from .api.viewsets import bound_text_fields
from .forms import bound_long_text
from .views import ScopedViewMixin
from .workflow import parse_step_time, transition, workflow_for


class StepTimeField(forms.Field):
    """实际办理日期: the optional real time of a workflow step, a date (the date input) or a date and time typed as
    "2025-04-20 10:30"; cleaned to a date, an aware datetime or None (now)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("实际办理日期"))
        kwargs.setdefault("help_text", gettext_lazy("补录以前办理的事项时填写它实际办理的日期；不填为现在"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_step_time(value)
        except ValidationError as e:
            raise ValidationError(e.message_dict["at"]) from None


def with_step_time(form, workflow):
    """The transition form with the optional 实际办理日期 (`at`) when the workflow allows late entry."""
    if workflow.late_entry and "at" not in form.fields:
        form.fields["at"] = StepTimeField()
    return form


class NoteForm(forms.Form):
    """The form of a transition that needs nothing but an optional note."""

    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def styled(form):
    """Bootstrap classes on a transition form's widgets."""
    for field in form.fields.values():
        w = field.widget
        css = ("form-check-input" if isinstance(w, (forms.CheckboxInput, forms.RadioSelect)) else
               "form-select" if isinstance(w, (forms.Select, forms.SelectMultiple)) else "form-control")
        w.attrs.setdefault("class", css)
    return form


def error_messages(error):
    """[(field or None, message)] of a ValidationError."""
    if hasattr(error, "error_dict"):
        return [(None if field == "__all__" else field, m) for field, msgs in error.message_dict.items()
                for m in msgs]
    return [(None, m) for m in error.messages]


class TransitionCard:
    """One action the user may do now, as the detail page's row of buttons shows it (core/_transition_forms.html):
    a transition with its form, opened under the row and sent after a confirmation; or, with no form, a link to a
    page of its own (a form of its own page, such as 录入事故报告, or a document to download)."""

    def __init__(self, name, label, form, url, button_class="btn-primary"):
        self.name, self.label, self.form, self.url, self.button_class = name, label, form, url, button_class

    def __iter__(self):  # (name, label, form), as the cards were passed before
        return iter((self.name, self.label, self.form))


class TransitionView(ScopedViewMixin, View):
    """POST one transition of a record's workflow.

    The record is read through restrict(user, <the action the transition needs>) (no permission: 403; out of
    scope: 404), the transition's form is validated, and the service `transition()` decides whether the step is
    legal. A refusal never raises: it comes back in Chinese, as messages on the record's page (`refused()`).
    `transition` is fixed per URL (see urls()) or, when None, read from the POSTed `transition_field`.
    """

    model = None
    transition = None
    transition_field = "transition"
    forms = {}
    url_name = None  # e.g. "hazards:hazard_{name}"
    quiet = {}

    @property
    def workflow(self):
        return workflow_for(self.model)

    def get_transition(self):
        name = self.transition or self.request.POST.get(self.transition_field, "")
        return name if name in self.workflow.transitions else None

    def get_action(self):
        name = self.get_transition() if getattr(self, "request", None) is not None else self.transition
        return self.workflow.transitions[name].action if name else "change"

    # --- the form ---------------------------------------------------------------------------------------------------
    def form_kwargs(self, obj, name):
        """Extra keyword arguments of the transition's form (e.g. the user, for choices in his scope)."""
        return {}

    def initial(self, obj, name):
        return {}

    def get_form(self, obj, name, data=None, files=None):
        form_class = self.forms.get(name, NoteForm)
        kwargs = self.form_kwargs(obj, name)
        if data is None:
            kwargs["initial"] = self.initial(obj, name)
        return bound_long_text(with_step_time(form_class(data, files, **kwargs), self.workflow))

    def service_data(self, obj, name, form):
        """The service's keyword arguments from the valid form; a field left blank is None, the note ''."""
        data = {k: (None if v == "" else v) for k, v in form.cleaned_data.items()}
        if "note" in data:
            data["note"] = form.cleaned_data.get("note") or ""
        return data

    # --- the request ------------------------------------------------------------------------------------------------
    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        name = self.get_transition()
        if name is None:
            messages.error(request, _("请选择要办理的操作"))
            return redirect(obj.get_absolute_url())
        form = self.get_form(obj, name, request.POST, request.FILES)
        if form.is_valid():
            try:
                transition(obj, name, actor=request.user, **self.service_data(obj, name, form))
            except ValidationError as e:
                for field, msg in error_messages(e):
                    form.add_error(field if field in form.fields else None, msg)
            else:
                return self.succeeded(obj, name)
        return self.refused(obj, name, form)

    def succeeded(self, obj, name):
        messages.success(self.request, _("%(verb)s：已完成") % {"verb": self.workflow.label(name)})
        return redirect(obj.get_absolute_url())

    def refused(self, obj, name, form):
        for errs in form.errors.values():
            for e in errs:
                messages.error(self.request, e)
        return redirect(obj.get_absolute_url())

    # --- the detail page --------------------------------------------------------------------------------------------
    def url_for(self, obj, name):
        return reverse(self.url_name.format(name=name), args=[obj.pk])

    @classmethod
    def cards(cls, request, obj, bound=None):
        """The TransitionCards of obj that request.user may do now (none on a voided record); `bound`:
        {name: form} to show instead of a fresh one (a form returned with its errors)."""
        view = cls()
        view.setup(request, pk=obj.pk)
        out = []
        for name in view.workflow.allowed(obj, request.user):
            form = (bound or {}).get(name) or view.get_form(obj, name)
            out.append(TransitionCard(name, view.workflow.label(name), styled(form), view.url_for(obj, name),
                                      view.quiet.get(name, "btn-primary")))
        return out

    @classmethod
    def urls(cls, path_prefix):
        """One URL per transition: <path_prefix>/<pk>/<name>/, named after url_name."""
        wf = workflow_for(cls.model)
        return [path(f"{path_prefix}/<int:pk>/{name}/", cls.as_view(transition=name),
                     name=cls.url_name.format(name=name).split(":")[-1]) for name in wf.transitions]


class WorkflowDetailMixin:
    """For an ObjectDetailView of a record with a workflow: the transition cards and the event rows."""

    transition_view = None

    def extra_context(self, obj):
        wf = workflow_for(obj)
        events = wf.event_model.objects.filter(**{wf.event_field: obj}).select_related("actor")
        return {"transition_forms": self.transition_view.cards(self.request, obj), "events": events,
                **super().extra_context(obj)}


def api_transition(viewset, request, name, serializer_class, *, clean=None):
    """A viewset action carrying out transition `name`: the record through the viewset's scoped queryset, the request
    body validated by `serializer_class`, the service called; a refusal answers 400 with the Chinese message (the
    API's exception handler turns the ValidationError into {code, message, errors})."""
    obj = viewset.get_object()
    params = bound_text_fields(serializer_class(data=request.data, context=viewset.get_serializer_context()))
    params.is_valid(raise_exception=True)
    data = {k: (None if v == "" else v) for k, v in params.validated_data.items()}
    if "note" in params.validated_data:
        data["note"] = params.validated_data.get("note") or ""
    if clean is not None:
        data = clean(data)
    transition(obj, name, actor=request.user, **data)
    return Response(viewset.get_serializer(obj).data)
