"""The mechanics every workflow's service functions share: the transition table check, the audit row and the event
row of a state change, and the Chinese error for a transition the record's state does not allow.

A module declares its table and its event model once, in services.py:

    TRANSITIONS = {"start": ((S.PENDING,), S.IN_PROGRESS, "开始整改"), ...}  # name -> (from-states, to-state, verb)
    WORKFLOW = Workflow(Hazard, HazardEvent, "hazard", S, TRANSITIONS, noun=pgettext_lazy("in a sentence", "隐患"))

and each service function `verb_noun(obj, *, actor, ...)`, under `transaction.atomic`, does

    fresh = WORKFLOW.lock(obj, "start")          # the row locked; ValidationError if voided or in the wrong state
    ...                                          # the transition's own checks and field changes on `fresh`
    WORKFLOW.finish(fresh, "start", actor=actor, note=note, update_fields=[...])  # state, audit row, event row
    return WORKFLOW.sync(obj, fresh)             # the caller's instance sees the new state
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingji.platform.audit.models import ObjectChange


class Workflow:
    """One model's state machine.

    `transitions` maps a transition name to (allowed from-states, to-state, Chinese verb); `states` is the model's
    state choices class; `event_model` has the fields `<event_field>` (the record), transition, from_state, to_state,
    actor and note; `noun` names the record in error messages ("隐患当前状态为…"); `select_related` is passed to the
    locking query.
    """

    def __init__(self, model, event_model, event_field, states, transitions, *, noun, select_related=()):
        self.model, self.event_model, self.event_field = model, event_model, event_field
        self.states, self.transitions, self.noun = states, transitions, noun
        self.select_related = tuple(select_related)

    def allowed(self, obj):
        """The names of the transitions allowed from obj's state, in table order."""
        return [name for name, (sources, _to, _verb) in self.transitions.items() if obj.state in sources]

    def verb(self, name):
        return self.transitions[name][2]

    def lock(self, obj, name):
        """obj's current row, locked (select_for_update); raises ValidationError when it is voided or when `name`
        is not allowed from its state."""
        qs = self.model.objects.select_for_update()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        fresh = qs.get(pk=obj.pk)
        sources, _to, verb = self.transitions[name]
        if fresh.voided_at is not None:
            raise ValidationError(_("该%(noun)s已作废，不能%(verb)s") % {"noun": self.noun, "verb": verb})
        if fresh.state not in sources:
            raise ValidationError(_("%(noun)s当前状态为“%(state)s”，不能%(verb)s（只有“%(from)s”状态可以）") % {
                "noun": self.noun, "state": fresh.get_state_display(), "verb": verb,
                "from": "、".join(str(self.states(s).label) for s in sources)})
        return fresh

    def finish(self, obj, name, *, actor, note="", update_fields=()):
        """Moves obj (locked by lock()) to the transition's state: saves it with the audit action "transition" and
        the message "<verb>：<from> → <to>（<note>）", and writes the event row."""
        _sources, to_state, verb = self.transitions[name]
        from_state = obj.state
        obj.state = to_state
        obj._audit_action = ObjectChange.Action.TRANSITION
        obj._audit_message = (f"{verb}：{self.states(from_state).label} → {self.states(to_state).label}"
                              + (f"（{note}）" if note else ""))
        obj.save(update_fields=[*update_fields, "state", "updated_at"])
        self.event(obj, name, from_state, to_state, actor=actor, note=note)
        return obj

    def event(self, obj, name, from_state, to_state, *, actor, note=""):
        """The event row of one step (also for steps that keep the state, such as recording a reward)."""
        return self.event_model.objects.create(**{self.event_field: obj}, transition=name, from_state=from_state,
                                               to_state=to_state, actor=actor, note=note or "")

    @staticmethod
    def sync(original, fresh):
        """Copies the saved row back onto the caller's instance so that it sees the new state."""
        for f in fresh._meta.concrete_fields:
            setattr(original, f.attname, getattr(fresh, f.attname))
        return original
