"""Workflows: a record's state changes declared as a table, carried out by one service.

A module declares, in services.py, its transition table and its workflow once:

    TRANSITIONS = {
        "start": Transition((S.PENDING,), S.IN_PROGRESS, _("开始整改"), apply=_start),
        "reject": Transition((S.AWAITING_ACCEPTANCE,), S.IN_PROGRESS, _("验收退回"), action="approve",
                             required={"note": _("退回须说明原因")}, apply=_reject),
    }
    WORKFLOW = Workflow(Hazard, HazardEvent, event_field="hazard", states=S, transitions=TRANSITIONS,
                        noun=pgettext_lazy("in a sentence", "隐患"))

and every state change goes through one service, `transition(obj, name, *, actor, **data)` (the module's
`verb_noun(obj, *, actor, ...)` functions are one-line calls of it). Under transaction.atomic it

  1. refuses a transition the table does not have and a required field (`required`) left blank;
  2. locks the record's row (select_for_update) and re-reads it, so that of two requests only one moves the record,
     the other one being refused from the state the first left behind;
  3. refuses a voided record, a transition the `guard` refuses and one not allowed from the record's state, in the
     bureau's words (the `refusal` of the transition or of the workflow);
  4. runs the transition's own checks and field changes (`apply(fresh, actor=..., **data)`, which may return an
     Outcome);
  5. saves the record with the audit action 流转 and the message "<label>：<from> → <to>（<note>）", and writes the
     event row (the app's model inheriting WorkflowEvent), both as the explicit `actor`;
  6. sends `transitioned` on commit (notifications, tasks: side effects only once the change is stored).

Bad input raises django.core.exceptions.ValidationError with a Chinese message and writes nothing; the web view
(workflow_views.TransitionView) shows it as a message, the API answers 400 with it.
"""

import dataclasses
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ScopedMixin, ScopedQuerySet, in_scope, perm_name

# sent on commit after a transition: sender=the model, obj, name, actor, event
transitioned = Signal()

_registry = {}


@dataclasses.dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    sources: the states the transition may start from; target: the state it leads to (None: the record keeps its
    state, e.g. recording a reward); label: the Chinese verb (buttons, messages, audit text); action: the
    permission it needs ("change", "approve"); required: {field: Chinese message} for data that must not be
    blank; refusal: the message when the state does not allow it (default: the workflow's); guard: (obj) ->
    a Chinese refusal or None, for conditions beyond the state (e.g. the procedure of a case); apply: (fresh, *,
    actor, **data) -> Outcome or None, the transition's own checks and field changes on the locked record.
    """

    sources: tuple
    target: object
    label: str
    action: str = "change"
    required: dict = dataclasses.field(default_factory=dict)
    refusal: str | None = None
    guard: object = None
    apply: object = None


@dataclasses.dataclass
class Outcome:
    """What a transition's `apply` adds to the standard step.

    update_fields: the record's fields it changed (None: save the whole row); note: the event's note when the apply rewrote it; message:
    appended to the audit text; audit_message: replaces the audit text; event: extra fields of the event row;
    after: (event) -> None, run once the event row exists (e.g. its many-to-many officers); result: what the
    service returns instead of the record.
    """

    update_fields: tuple = ()
    note: str | None = None
    message: str = ""
    audit_message: str | None = None
    event: dict = dataclasses.field(default_factory=dict)
    after: object = None
    result: object = None


class WorkflowEvent(ScopedMixin, models.Model):
    """The event row of one workflow step, inherited by each app's event model, which adds the foreign key to its
    record (named by the workflow's `event_field`) and its own columns.

    `region` is the record's region at the time of the step, so that the row is in the same scope as the record.
    """

    transition = models.CharField(gettext_lazy("操作"), max_length=20)
    from_state = models.CharField(gettext_lazy("原状态"), max_length=20)
    to_state = models.CharField(gettext_lazy("新状态"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("操作人"),
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now)
    note = models.TextField(gettext_lazy("说明"), blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=gettext_lazy("所属区划"), on_delete=models.PROTECT,
                               related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def workflow(self):
        return _registry[type(self).workflow_model()]

    @classmethod
    def workflow_model(cls):
        for attempt in range(2):
            for model, wf in _registry.items():
                if wf.event_model is cls:
                    return model
            if not attempt:  # the app's workflow is declared in its services.py, which nothing may have imported yet
                import importlib

                importlib.import_module(f"{cls.__module__.rsplit('.', 1)[0]}.services")
        raise LookupError(f"{cls.__name__} belongs to no workflow")

    @property
    def label(self):
        """The step's Chinese name: the transition's label."""
        wf = self.workflow()
        t = wf.transitions.get(self.transition)
        return t.label if t is not None else self.transition

    def from_state_label(self):
        return self.workflow().state_label(self.from_state)

    def to_state_label(self):
        return self.workflow().state_label(self.to_state)

    def __str__(self):
        return f"{self.label}：{self.from_state_label()} → {self.to_state_label()}"


@contextmanager
def acting_as(actor):
    """Attribute the audit rows written inside the block to `actor` (the request's id and address are kept)."""
    from yingji.platform.audit import context

    with context.acting_as(actor):
        yield


class Workflow:
    """One model's state machine: its transition table, its event model and its words.

    model: the record's model; event_model: its WorkflowEvent subclass; event_field: the event's foreign key to
    the record; states: the state choices; transitions: {name: Transition}; noun: the record in a sentence
    ("隐患"); state_field: the record's state field; select_related: for the locking query; refusal,
    voided_refusal: the default refusals, formatted with noun, state, verb and from.
    """

    refusal = gettext_lazy("%(noun)s当前状态为“%(state)s”，不能%(verb)s（只有“%(from)s”状态可以）")
    voided_refusal = gettext_lazy("该%(noun)s已作废，不能%(verb)s")

    def __init__(self, model, event_model, *, event_field, states, transitions, noun, state_field="state",
                 select_related=(), refusal=None, voided_refusal=None):
        self.model, self.event_model, self.event_field = model, event_model, event_field
        self.states, self.transitions, self.noun = states, transitions, noun
        self.state_field = state_field
        self.select_related = tuple(select_related)
        if refusal is not None:
            self.refusal = refusal
        if voided_refusal is not None:
            self.voided_refusal = voided_refusal
        _registry[model] = self

    # --- reading -------------------------------------------------------------------------------------------------
    def state_of(self, obj):
        return getattr(obj, self.state_field)

    def set_state(self, obj, state):
        setattr(obj, self.state_field, state)

    def state_label(self, state):
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def label(self, name):
        return self.transitions[name].label

    def refusal_for(self, obj, name):
        """The Chinese refusal of `name` for obj as it is now, or None when the transition is allowed."""
        t = self.transitions[name]
        params = {"noun": self.noun, "verb": t.label, "state": self.state_label(self.state_of(obj)),
                  "from": "、".join(self.state_label(s) for s in t.sources)}
        if getattr(obj, "voided_at", None) is not None:
            return self.voided_refusal % params
        if t.guard is not None:
            refused = t.guard(obj)
            if refused:
                return refused
        if self.state_of(obj) not in t.sources:
            return (t.refusal or self.refusal) % params
        return None

    def allowed(self, obj, user=None):
        """The transitions allowed from obj's state (and, with `user`, those he may do on obj), in table order."""
        names = [name for name in self.transitions if self.refusal_for(obj, name) is None]
        if user is not None:
            names = [n for n in names if self.may(user, obj, n)]
        return names

    def may(self, user, obj, name):
        """True if `user` has the permission the transition needs and obj is in his scope for it."""
        action = self.transitions[name].action
        return user.has_perm(perm_name(self.model, action)) and in_scope(obj, user, action)

    # --- the step --------------------------------------------------------------------------------------------------
    def lock(self, obj, name):
        """obj's current row, locked; raises ValidationError when `name` is not allowed now."""
        qs = self.model._default_manager.select_for_update(of=("self",))  # not the nullable joined rows
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        fresh = qs.get(pk=obj.pk)
        refused = self.refusal_for(fresh, name)
        if refused:
            raise ValidationError(refused)
        return fresh

    def check_required(self, name, data):
        errors = {}
        for field, message in self.transitions[name].required.items():
            value = data.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors[field] = [str(message)]
        if errors:
            raise ValidationError(errors)

    def run(self, obj, name, *, actor, **data):
        """The transition service (see the module's docstring); returns obj, which sees the new state."""
        if name not in self.transitions:
            raise ValidationError(_("%(noun)s没有“%(name)s”这一操作") % {"noun": self.noun, "name": name})
        with transaction.atomic():
            self.check_required(name, data)
            fresh = self.lock(obj, name)
            t = self.transitions[name]
            from_state = self.state_of(fresh)  # before apply(), which may change what a derived state reads
            outcome = (t.apply(fresh, actor=actor, **data) if t.apply is not None else None) or Outcome()
            note = outcome.note if outcome.note is not None else (data.get("note") or "").strip()
            event = self.finish(fresh, name, actor=actor, note=note, update_fields=outcome.update_fields,
                                message=outcome.message, audit_message=outcome.audit_message, event=outcome.event,
                                from_state=from_state)
            if outcome.after is not None:
                outcome.after(event)
            transaction.on_commit(lambda: transitioned.send(sender=self.model, obj=fresh, name=name, actor=actor,
                                                            event=event))
        self.sync(obj, fresh)
        return outcome.result if outcome.result is not None else obj

    def finish(self, fresh, name, *, actor, note="", update_fields=(), message="", audit_message=None, event=None,
               from_state=None):
        """Moves the locked record to the transition's state: saves it (audit action 流转) and writes the event row;
        returns the event. `from_state`: the state before the step (default: the record's state now)."""
        from yingji.platform.audit.models import ObjectChange

        t = self.transitions[name]
        if from_state is None:
            from_state = self.state_of(fresh)
        to_state = from_state if t.target is None else t.target
        self.set_state(fresh, to_state)
        if audit_message is None:
            audit_message = (f"{t.label}：{self.state_label(from_state)} → {self.state_label(to_state)}"
                             + (f"（{note}）" if note else "") + (f"，{message}" if message else ""))
        fresh._audit_action = ObjectChange.Action.TRANSITION
        fresh._audit_message = audit_message[:500]
        with acting_as(actor):
            if update_fields is None:  # the step changed fields it does not list: the whole row
                fresh.save()
            else:
                fields = {*update_fields, "updated_at"} | ({self.state_field} if self._stored_state() else set())
                fresh.save(update_fields=sorted(f for f in fields if self._has_field(f)))
            return self.event(fresh, name, from_state, to_state, actor=actor, note=note, **(event or {}))

    def event(self, obj, name, from_state, to_state, *, actor, note="", **extra):
        """The event row of one step."""
        region = obj.scope_region() if hasattr(obj, "scope_region") else None
        return self.event_model.objects.create(**{self.event_field: obj}, transition=name, from_state=from_state,
                                               to_state=to_state, actor=actor, note=note or "",
                                               region=region, **extra)

    def _stored_state(self):
        return self._has_field(self.state_field)

    def _has_field(self, name):
        try:
            self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return True

    @staticmethod
    def sync(original, fresh):
        """Copies the saved row back onto the caller's instance so that it sees the new state."""
        if original is fresh:
            return original
        for f in fresh._meta.concrete_fields:
            setattr(original, f.attname, getattr(fresh, f.attname))
        return original


def workflow_for(obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no workflow") from None


def transition(obj, name, *, actor, **data):
    """Carry out transition `name` on obj as `actor` (see the module's docstring); returns obj in its new state."""
    return workflow_for(obj).run(obj, name, actor=actor, **data)
