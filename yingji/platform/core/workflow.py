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

The real time of a step (实际办理时间). A step entered late — a hazard accepted (销号) last November and entered
today — carries the time it really happened: `transition(obj, name, actor=..., at=<date or datetime>)`, optional,
blank meaning now. The service (after the lock, so that it reads the steps as they stand) refuses, in Chinese and
writing nothing,

  - a time in the future (a date after today);
  - a time before the record's latest step (the greatest `at` of its event rows);
  - a time before the record's own start (the workflow's `start_field`, e.g. a hazard's 发现日期);
  - any time at all on a workflow declared with `late_entry=False` (its steps happen in the system itself, e.g. a
    warning's 签发/发布, or carry their own dated fields, e.g. an enforcement case's steps).

A date means that day: the time is midnight of it in the bureau's time zone (raised to the latest step or the start
when they fall on the same day), and today means now. The event row keeps the real time in `at` and the time it was
entered in `recorded_at`; the audit text ends with "（实际办理：2025-11-03，录入：2026-12-04）" when they differ. An
`apply` that stamps a time on the record (rectified, accepted, closed …) names a keyword parameter `at` and uses it
(it gets the step's real time, or now), never the clock. The web form of every transition of a late-entry workflow
shows the optional field 实际办理日期 (workflow_views.StepTimeField) and the API request serializers inherit
`at` from core.api.serializers.TransitionSerializer.
"""

import dataclasses
import datetime
import functools
import inspect
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
    at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now,
                              help_text=gettext_lazy("实际办理时间（补录的步骤为其实际发生的时间）"))
    recorded_at = models.DateTimeField(gettext_lazy("录入时间"), default=timezone.now, editable=False)
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

    @property
    def entered_late(self):
        """True when the step was entered on another day than the one it happened (补录)."""
        return (self.recorded_at is not None and self.at is not None
                and timezone.localdate(self.recorded_at) != timezone.localdate(self.at))


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
    voided_refusal: the default refusals, formatted with noun, state, verb and from; late_entry: whether a step
    may carry the time it really happened (`at`, see the module's docstring); start_field: the record's field
    (a date or a datetime, possibly across foreign keys: "drill__held_on") no step may be dated before, e.g.
    "found_on".
    """

    refusal = gettext_lazy("%(noun)s当前状态为“%(state)s”，不能%(verb)s（只有“%(from)s”状态可以）")
    voided_refusal = gettext_lazy("该%(noun)s已作废，不能%(verb)s")

    def __init__(self, model, event_model, *, event_field, states, transitions, noun, state_field="state",
                 select_related=(), refusal=None, voided_refusal=None, late_entry=True, start_field=None):
        self.model, self.event_model, self.event_field = model, event_model, event_field
        self.late_entry, self.start_field = late_entry, start_field
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

    def run(self, obj, name, *, actor, at=None, **data):
        """The transition service (see the module's docstring); returns obj, which sees the new state."""
        if name not in self.transitions:
            raise ValidationError(_("%(noun)s没有“%(name)s”这一操作") % {"noun": self.noun, "name": name})
        given = parse_step_time(at)
        if given is not None and not self.late_entry:
            raise ValidationError({"at": [_("%(noun)s的这一操作不能补录实际办理时间") % {"noun": self.noun}]})
        recorded = timezone.now()
        with transaction.atomic():
            self.check_required(name, data)
            fresh = self.lock(obj, name)
            step_at = self.step_time(fresh, given, now=recorded)
            t = self.transitions[name]
            from_state = self.state_of(fresh)  # before apply(), which may change what a derived state reads
            if t.apply is not None and _takes_at(t.apply):
                data["at"] = step_at
            outcome = (t.apply(fresh, actor=actor, **data) if t.apply is not None else None) or Outcome()
            note = outcome.note if outcome.note is not None else (data.get("note") or "").strip()
            event = self.finish(fresh, name, actor=actor, note=note, update_fields=outcome.update_fields,
                                message=outcome.message, audit_message=outcome.audit_message, event=outcome.event,
                                from_state=from_state, at=step_at, recorded_at=recorded,
                                late=late_text(given, step_at, recorded))
            if outcome.after is not None:
                outcome.after(event)
            transaction.on_commit(lambda: transitioned.send(sender=self.model, obj=fresh, name=name, actor=actor,
                                                            event=event))
        self.sync(obj, fresh)
        return outcome.result if outcome.result is not None else obj

    def step_time(self, fresh, given, *, now):
        """The step's real time: `given` (a date, an aware datetime or None: now) checked against now, the record's
        latest step and its start (see the module's docstring); raises ValidationError {"at": …} when refused."""
        if given is None:
            return now
        is_date = not isinstance(given, datetime.datetime)
        if is_date and given > timezone.localdate(now):
            raise ValidationError({"at": [_("实际办理日期不能晚于今天")]})
        if not is_date and given > now:
            raise ValidationError({"at": [_("实际办理时间不能晚于现在")]})
        floors = []
        latest = (self.event_model.objects.filter(**{self.event_field: fresh}).order_by("-at", "-pk")
                  .values_list("at", "transition").first())
        if latest is not None:
            t = self.transitions.get(latest[1])
            floors.append((latest[0], _("实际办理时间不能早于该%(noun)s上一步“%(step)s”的办理时间（%(at)s）") % {
                "noun": self.noun, "step": t.label if t is not None else latest[1], "at": _moment_text(latest[0])}))
        start, label = self.start_of(fresh)
        if start is not None:
            start_at = start if isinstance(start, datetime.datetime) else _midnight(start)
            floors.append((start_at, _("实际办理时间不能早于该%(noun)s的%(field)s（%(at)s）") % {
                "noun": self.noun, "field": label,
                "at": _moment_text(start) if isinstance(start, datetime.datetime) else f"{start:%Y-%m-%d}"}))
        if is_date:
            for floor, message in floors:
                if given < timezone.localdate(floor):
                    raise ValidationError({"at": [message]})
            if given == timezone.localdate(now):
                return now
            return max([_midnight(given), *(floor for floor, _m in floors)])
        for floor, message in floors:
            if given < floor:
                raise ValidationError({"at": [message]})
        return given

    def start_of(self, obj):
        """(value, Chinese name) of the record's start (`start_field`, which may follow foreign keys:
        "drill__held_on"), or (None, None)."""
        if not self.start_field:
            return None, None
        *path, field = self.start_field.split("__")
        target = obj
        for step in path:
            target = getattr(target, step, None)
            if target is None:
                return None, None
        return getattr(target, field, None), target._meta.get_field(field).verbose_name

    def finish(self, fresh, name, *, actor, note="", update_fields=(), message="", audit_message=None, event=None,
               from_state=None, at=None, recorded_at=None, late=""):
        """Moves the locked record to the transition's state: saves it (audit action 流转) and writes the event row;
        returns the event. `from_state`: the state before the step (default: the record's state now); `at`,
        `recorded_at`: the step's real time and entry time (default now); `late`: the audit text's suffix of a step
        entered late."""
        from yingji.platform.audit.models import ObjectChange

        t = self.transitions[name]
        if from_state is None:
            from_state = self.state_of(fresh)
        to_state = from_state if t.target is None else t.target
        self.set_state(fresh, to_state)
        if audit_message is None:
            audit_message = (f"{t.label}：{self.state_label(from_state)} → {self.state_label(to_state)}"
                             + (f"（{note}）" if note else "") + (f"，{message}" if message else ""))
        if late:  # kept whole at the end: the message is cut before it, never the dates
            audit_message = audit_message[:500 - len(late)] + late
        fresh._audit_action = ObjectChange.Action.TRANSITION
        fresh._audit_message = audit_message[:500]
        with acting_as(actor):
            if update_fields is None:  # the step changed fields it does not list: the whole row
                fresh.save()
            else:
                fields = {*update_fields, "updated_at"} | ({self.state_field} if self._stored_state() else set())
                fresh.save(update_fields=sorted(f for f in fields if self._has_field(f)))
            return self.event(fresh, name, from_state, to_state, actor=actor, note=note, at=at,
                              recorded_at=recorded_at, **(event or {}))

    def event(self, obj, name, from_state, to_state, *, actor, note="", at=None, recorded_at=None, **extra):
        """The event row of one step (`at`: its real time, `recorded_at`: when it was entered; default now)."""
        region = obj.scope_region() if hasattr(obj, "scope_region") else None
        times = {k: v for k, v in (("at", at), ("recorded_at", recorded_at)) if v is not None}
        return self.event_model.objects.create(**{self.event_field: obj}, transition=name, from_state=from_state,
                                               to_state=to_state, actor=actor, note=note or "",
                                               region=region, **times, **extra)

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


def parse_step_time(value):
    """A step's real time as given: None (blank), a date, or an aware datetime (a naive one, or a string such as
    "2025-04-20" or "2025-04-20T10:30", is read in the bureau's time zone); ValidationError {"at": …} when unreadable."""
    from django.utils.dateparse import parse_date, parse_datetime

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = parse_date(text) or parse_datetime(text.replace(" ", "T", 1))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError({"at": [_("实际办理时间格式不正确，请填写日期（如 2025-04-20）或日期时间（如 2025-04-20 10:30）")]})
        value = parsed
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return value
    raise ValidationError({"at": [_("实际办理时间格式不正确")]})


def late_text(given, at, recorded):
    """The audit text's suffix "（实际办理：<at>，录入：<recorded>）" of a step whose real time differs from its entry
    time (dates for a date given, minutes for a time), else ""."""
    if given is None:
        return ""
    if not isinstance(given, datetime.datetime):
        if timezone.localdate(at) == timezone.localdate(recorded):
            return ""
        real, entered = f"{given:%Y-%m-%d}", f"{timezone.localdate(recorded):%Y-%m-%d}"
    else:
        real, entered = _moment_text(at), _moment_text(recorded)
        if real == entered:
            return ""
    return _("（实际办理：%(at)s，录入：%(recorded)s）") % {"at": real, "recorded": entered}


def _moment_text(at):
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@functools.cache
def _takes_at(apply):
    """True if the apply function names a keyword parameter `at` (it stamps the step's time on the record)."""
    try:
        return "at" in inspect.signature(apply).parameters
    except (TypeError, ValueError):
        return False


def workflow_for(obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no workflow") from None


def transition(obj, name, *, actor, **data):
    """Carry out transition `name` on obj as `actor` (see the module's docstring); returns obj in its new state."""
    return workflow_for(obj).run(obj, name, actor=actor, **data)
