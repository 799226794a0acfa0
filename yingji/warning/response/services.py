"""Emergency responses: 启动 → (提升 / 降低)* → 终止, each with the decision-maker and the time of the decision, carried
out by the platform's workflow service (row lock, ResponseEvent and audit row as the recording actor, one
transaction). Starting or changing the level adds the checklist of that level (ResponseActionRule rows in force in
the region: the county's own row for a unit wins over the national one); items already listed are not repeated and
items of a lower level stay (they are still to be done). Notifications go through the release machinery on commit.

Forecast-linked steps (sweep `response.forecast`): a ForecastRule turns a warning whose onset lies `lead_hours` ahead
into a ForecastStep (notice + items, 待确认) once per (warning, rule); a person confirms it (the items become
checklist items, of the open response of the plan when there is one) or dismisses it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.core.services import service
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition
from yingji.warning.alerts.choices import LEVEL_RANK, WarningState

from .choices import PLAN_SHORT, ResponseLevel, ResponseState, StepState, TaskSource
from .models import (
    EmergencyResponse,
    ForecastRule,
    ForecastStep,
    ResponseActionRule,
    ResponseEvent,
    ResponseTask,
    action_lines,
)

S = ResponseState
DECIDER = {"decided_by": gettext_lazy("请填写决策人（如：县防指指挥长 张三）")}


def checklist_for(plan_type, level, region, day=None):
    """[(unit, action)] the plan requires at `level` in `region` (the most specific row per unit)."""
    rows = ResponseActionRule.objects.rules_by("unit", day, region, plan_type=plan_type, level=level)
    return [(unit, a) for unit, row in sorted(rows.items()) for a in action_lines(row.actions)]


def add_checklist(response, level, day=None):
    """Adds the items of `level` not yet on the response's checklist; returns how many."""
    have = set(response.tasks.filter(step__isnull=True, level=level).values_list("unit", "action"))
    new = [ResponseTask(region=response.region, response=response, level=level, source=TaskSource.RULE,
                        unit=unit, action=action[:300])
           for unit, action in checklist_for(response.plan_type, level, response.region, day)
           if (unit, action[:300]) not in have]
    for t in new:
        t.save()
    return len(new)


def _decision(fresh, decided_by, decided_at):
    decided_by = (decided_by or "").strip()
    at = decided_at or timezone.now()
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"decided_at": _("决策时间不能晚于现在")})
    fresh.decided_by = decided_by[:100]
    return decided_by, at


def _start(fresh, *, actor, decided_by="", decided_at=None, level=None, note=""):
    who, at = _decision(fresh, decided_by, decided_at)
    if level is not None:
        fresh.level = int(level)
    fresh.started_at = at
    fresh.peak_level = fresh.level
    n = add_checklist(fresh, fresh.level)
    _notify_on_commit(fresh, actor)
    return Outcome(update_fields=["level", "started_at", "peak_level", "decided_by"],
                   message=_("%(level)s，列出措施%(n)d项") % {"level": fresh.get_level_display(), "n": n},
                   event={"from_level": None, "to_level": fresh.level, "decided_by": who, "decided_at": at})


def _change(raise_):
    def apply(fresh, *, actor, decided_by="", decided_at=None, level=None, note=""):
        if level in (None, ""):
            raise ValidationError({"level": _("请选择调整后的响应级别")})
        level = int(level)
        if level not in ResponseLevel.values:
            raise ValidationError({"level": _("响应级别应为Ⅳ、Ⅲ、Ⅱ或Ⅰ级")})
        if raise_ and level >= fresh.level:
            raise ValidationError({"level": _("提升后的级别须高于当前的%(l)s") % {"l": fresh.get_level_display()}})
        if not raise_ and level <= fresh.level:
            raise ValidationError({"level": _("降低后的级别须低于当前的%(l)s") % {"l": fresh.get_level_display()}})
        who, at = _decision(fresh, decided_by, decided_at)
        before = fresh.level
        fresh.level = level
        fresh.peak_level = min(fresh.peak_level or level, level)
        n = add_checklist(fresh, level) if raise_ else 0
        _notify_on_commit(fresh, actor)
        return Outcome(update_fields=["level", "peak_level", "decided_by"],
                       message=_("%(a)s → %(b)s") % {"a": ResponseLevel(before).label, "b": fresh.get_level_display()}
                       + (_("，新增措施%(n)d项") % {"n": n} if n else ""),
                       event={"from_level": before, "to_level": level, "decided_by": who, "decided_at": at})
    return apply


def _end(fresh, *, actor, decided_by="", decided_at=None, level=None, note=""):
    who, at = _decision(fresh, decided_by, decided_at)
    if fresh.started_at and at < fresh.started_at:
        raise ValidationError({"decided_at": _("终止时间不能早于启动时间")})
    fresh.ended_at = at
    _notify_on_commit(fresh, actor)
    return Outcome(update_fields=["ended_at", "decided_by"],
                   event={"from_level": fresh.level, "to_level": None, "decided_by": who, "decided_at": at})


TRANSITIONS = {
    "start": Transition((S.PROPOSED,), S.ACTIVE, gettext_lazy("启动响应"), action="decide", required=DECIDER,
                        apply=_start),
    "raise": Transition((S.ACTIVE,), None, gettext_lazy("提升响应级别"), action="decide", required=DECIDER,
                        apply=_change(True)),
    "lower": Transition((S.ACTIVE,), None, gettext_lazy("降低响应级别"), action="decide", required=DECIDER,
                        apply=_change(False)),
    "end": Transition((S.ACTIVE,), S.ENDED, gettext_lazy("终止响应"), action="decide", required=DECIDER,
                      apply=_end),
}
WORKFLOW = Workflow(EmergencyResponse, ResponseEvent, event_field="response", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "应急响应"), select_related=["region"],
                    late_entry=False)  # each decision carries its own real time: decided_at


def start_response(r, *, actor, decided_by, decided_at=None, level=None, note=""):
    return transition(r, "start", actor=actor, decided_by=decided_by, decided_at=decided_at, level=level, note=note)


def raise_response(r, *, actor, decided_by, level, decided_at=None, note=""):
    return transition(r, "raise", actor=actor, decided_by=decided_by, decided_at=decided_at, level=level, note=note)


def lower_response(r, *, actor, decided_by, level, decided_at=None, note=""):
    return transition(r, "lower", actor=actor, decided_by=decided_by, decided_at=decided_at, level=level, note=note)


def end_response(r, *, actor, decided_by, decided_at=None, note=""):
    return transition(r, "end", actor=actor, decided_by=decided_by, decided_at=decided_at, note=note)


# --- the checklist -----------------------------------------------------------------------------------------------
@service
def mark_done(task, *, actor, note=""):
    """Records an item as 已落实 (once: a second call is refused, the first record stands)."""
    updated = ResponseTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor, done_note=(note or "").strip()[:300])
    if not updated:
        raise ValidationError(_("该措施已登记落实"))
    task.refresh_from_db()
    return task


# --- notifications -----------------------------------------------------------------------------------------------
def notice_text(r):
    verb = {S.PROPOSED: "拟启动", S.ACTIVE: "启动", S.ENDED: "终止"}.get(r.state, "")
    return f"{r.region.name}{verb}{PLAN_SHORT.get(r.plan_type, '')}{r.get_level_display()}应急响应。{r.reason}"


def _notify_on_commit(r, actor):
    pk, actor_pk = r.pk, actor.pk
    transaction.on_commit(lambda: notify(pk, actor_pk))


RESPONSE_COLOUR = {ResponseLevel.I: "red", ResponseLevel.II: "orange", ResponseLevel.III: "yellow",
                   ResponseLevel.IV: "blue"}


def notify(response_pk, actor_pk):
    """Hands the response's notice to the release machinery (yingji.warning.release), if it offers start_release:
    to the people of the response's region, at the colour of its level (Ⅰ red … Ⅳ blue)."""
    import logging

    from yingji.warning.alerts.handover import release_service

    start = release_service()
    if start is None:
        return None
    from django.contrib.auth import get_user_model

    r = EmergencyResponse.objects.select_related("region").get(pk=response_pk)
    try:
        with translation.override(settings.LANGUAGE_CODE):  # the published notice is Chinese whoever decided
            title, text = str(r), notice_text(r)
        return start(r, actor=get_user_model().objects.get(pk=actor_pk), title=title, text=text,
                     level=RESPONSE_COLOUR[r.level], regions=[r.region])
    except Exception:
        logging.getLogger("yingji.response").exception("notice of response %s not released", response_pk)
        return None


# --- forecast-linked steps ---------------------------------------------------------------------------------------
def _render_chinese(rule, w, remaining):
    """The prompt's notice (released to the public once confirmed) in Chinese, whoever's request prepares it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(rule, w, remaining)


def _render(rule, w, remaining):
    values = {"event": w.get_event_type_display(), "level": w.get_level_display(),
              "area": w.area_description() or w.region.name,
              "onset": timezone.localtime(w.onset).strftime("%m月%d日%H时%M分"), "hours": remaining}
    try:
        return rule.message.format(**values)
    except (KeyError, IndexError, ValueError):
        return rule.message


def prepare_forecast_steps(now=None):
    """The sweep: for each warning in force (or received) whose onset lies ahead, the most urgent ForecastRule whose
    lead time has come prepares a ForecastStep, once per (warning, rule). Rules whose window passed before the
    warning arrived are not replayed (the tighter one covers them). Returns how many steps were prepared."""
    from yingji.warning.alerts.models import Warning

    now = now or timezone.now()
    day = timezone.localdate(now)
    rules = list(ForecastRule.objects.valid_on(day).select_related("region"))
    if not rules:
        return 0
    events = {r.event_type for r in rules}
    horizon = now + datetime.timedelta(hours=max(r.lead_hours for r in rules))
    warnings = (Warning.objects.filter(state__in=(WarningState.PUBLISHED, WarningState.RECEIVED), voided_at__isnull=True,
                                       event_type__in=events, onset__gt=now, onset__lte=horizon,
                                       msg_type__in=("Alert", "Update"))
                .select_related("region").prefetch_related("areas"))
    made = 0
    for w in warnings:
        remaining = (w.onset - now).total_seconds() / 3600
        candidates = [r for r in rules if r.event_type == w.event_type and r.lead_hours >= remaining
                      and LEVEL_RANK.get(w.level, 0) >= LEVEL_RANK.get(r.min_level, 0) and r.applies_in(w.region)]
        if not candidates:
            continue
        lead = min(r.lead_hours for r in candidates)
        from yingji.platform.core.rules import most_specific

        rule = most_specific([r for r in candidates if r.lead_hours == lead])
        if ForecastStep.objects.filter(warning=w, rule=rule).exists():
            continue
        items = []
        for line in action_lines(rule.actions):
            unit, _sep, action = line.partition("：")
            items.append({"unit": unit.strip() if action else "", "action": (action or unit).strip()})
        try:
            with transaction.atomic():
                ForecastStep.objects.create(region=w.region, warning=w, rule=rule, lead_hours=rule.lead_hours,
                                            due_at=w.onset - datetime.timedelta(hours=rule.lead_hours),
                                            message=_render_chinese(rule, w, round(remaining, 1)), items=items)
        except IntegrityError:  # another sweeper prepared it at the same moment
            continue
        made += 1
    return made


@service
def confirm_step(step, *, actor, message=None):
    """The person confirms a prepared step: its notice is sent (release machinery) and its items become checklist
    items, on the open response of the plan in that region when there is one."""
    step = ForecastStep.objects.select_for_update().select_related("region", "rule").get(pk=step.pk)
    if step.state != StepState.PREPARED:
        raise ValidationError(_("该提示已%(s)s，不能再确认") % {"s": step.get_state_display()})
    if message is not None and message.strip():
        step.message = message.strip()
    response = (EmergencyResponse.objects.filter(region=step.region, plan_type=step.rule.plan_type,
                                                 state__in=(S.ACTIVE, S.PROPOSED), voided_at__isnull=True).first())
    for item in step.items:
        ResponseTask.objects.create(region=step.region, response=response, step=step, source=TaskSource.FORECAST,
                                    level=response.level if response else None, unit=item.get("unit", "")[:60],
                                    action=item.get("action", "")[:300])
    step.state, step.confirmed_by, step.confirmed_at, step.response = (StepState.CONFIRMED, actor, timezone.now(),
                                                                        response)
    step.save()
    from yingji.warning.alerts.handover import release_service

    pk, actor_pk = step.pk, actor.pk

    def send():
        start = release_service()
        if start is None:
            return
        from django.contrib.auth import get_user_model

        fresh = ForecastStep.objects.select_related("region", "warning").get(pk=pk)
        try:
            start(fresh, actor=get_user_model().objects.get(pk=actor_pk), title=str(fresh), text=fresh.message,
                  level=fresh.warning.level, regions=fresh.warning.area_regions() or [fresh.region])
        except Exception:
            import logging

            logging.getLogger("yingji.response").exception("forecast step %s not released", pk)
    transaction.on_commit(send)
    return step


@service
def dismiss_step(step, *, actor, note=""):
    if not (note or "").strip():
        raise ValidationError({"note": _("忽略提示须说明原因")})
    updated = ForecastStep.objects.filter(pk=step.pk, state=StepState.PREPARED).update(
        state=StepState.DISMISSED, confirmed_by=actor, confirmed_at=timezone.now(), message=step.message +
        f"\n（已忽略：{note.strip()}）")
    if not updated:
        raise ValidationError(_("该提示已办理"))
    step.refresh_from_db()
    return step
