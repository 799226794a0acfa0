"""Plans' services: the cycles a plan owes (drill and evaluation due dates from the rule rows), the 备案 workflow of
enterprise plans, closing a drill's findings (by a revision or a recorded decision), registering a new version, and
the response levels of the plan in force for the warning domain (platform/core/planlevels.py).

Every state change goes through the platform's workflow service (core.workflow.transition): a refusal is a Chinese
ValidationError and writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.core.services import service
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from .choices import (
    GOVERNMENT_KINDS,
    CycleDuty,
    CycleSubject,
    EnterprisePart,
    FilingState,
    FindingState,
    PlanKind,
    RevisionReason,
)
from .models import DrillFinding, DrillFindingEvent, Plan, PlanCycleRule, PlanFilingEvent, PlanVersion, add_months

# --- cycles --------------------------------------------------------------------------------------------------------
FILING_WORKING_DAYS = 5  # 备案: 材料齐全的，受理后5个工作日内办结（国办发〔2024〕5号）


def subject_of(plan, duty):
    """The cycle subject a plan falls under for `duty`, or None when no rule sets a cycle for it."""
    kind = plan.kind
    if duty == CycleDuty.EVALUATION:
        if kind in GOVERNMENT_KINDS or kind == PlanKind.TOWNSHIP:
            return CycleSubject.GOVERNMENT
        if kind == PlanKind.ENTERPRISE:
            return CycleSubject.HIGH_RISK if plan.high_risk else CycleSubject.ENTERPRISE
        return None
    if kind in (*GOVERNMENT_KINDS, PlanKind.TOWNSHIP) and plan.production_safety:
        return CycleSubject.GOVERNMENT_SAFETY
    if kind in GOVERNMENT_KINDS:
        return CycleSubject.GOVERNMENT
    if kind == PlanKind.TOWNSHIP:
        return CycleSubject.TOWNSHIP
    if kind == PlanKind.ENTERPRISE:
        if plan.enterprise_part == EnterprisePart.ONSITE:
            return CycleSubject.ENTERPRISE_ONSITE
        return CycleSubject.HIGH_RISK if plan.high_risk else CycleSubject.ENTERPRISE
    return None  # 村（社区）、大型活动: no statutory cycle


def cycle_rule(plan, duty, day=None, rules=None):
    """The PlanCycleRule that applies to the plan for `duty` on `day` in its region, or None. `rules`: a preloaded
    {(duty, subject): [rows]} (see preload_rules) so that a list costs no query per plan."""
    subject = subject_of(plan, duty)
    if subject is None or plan.region_id is None:
        return None
    if rules is not None:
        from yingji.platform.core.rules import most_specific

        day = day or timezone.localdate()
        rows = [r for r in rules.get((duty, subject), ()) if r.in_force_on(day) and r.applies_in(plan.region)]
        return most_specific(rows)
    return PlanCycleRule.objects.rule_for(day, plan.region, duty=duty, subject=subject)


def preload_rules():
    rules = {}
    for row in PlanCycleRule.objects.filter(voided_at__isnull=True).select_related("region"):
        rules.setdefault((row.duty, row.subject), []).append(row)
    return rules


def last_drill_on(plan):
    if plan.pk is None:
        return None
    return plan.drills.filter(voided_at__isnull=True).aggregate(d=Max("held_on"))["d"]


def due_dates(plan, rules=None, last_drill=None, last_version=None):
    """(next drill due, next evaluation due) of the plan: the last drill (or the issue date) plus the drill cycle, the
    last evaluation or revision (or the issue date) plus the evaluation cycle; None when abolished, voided or
    without a cycle."""
    if plan.voided_at is not None or plan.abolished_on or plan.issued_on is None:
        return None, None
    today = timezone.localdate()
    drill = evaluation = None
    rule = cycle_rule(plan, CycleDuty.DRILL, today, rules)
    if rule is not None:
        last = last_drill if last_drill is not None else last_drill_on(plan)
        drill = add_months(max(d for d in (last, plan.issued_on) if d), rule.months)
    rule = cycle_rule(plan, CycleDuty.EVALUATION, today, rules)
    if rule is not None:
        if last_version is None and plan.pk is not None:
            last_version = plan.versions.aggregate(d=Max("issued_on"))["d"]
        base = max(d for d in (plan.last_evaluated_on, last_version, plan.issued_on) if d)
        evaluation = add_months(base, rule.months)
    return drill, evaluation


def refresh_due(plans):
    """Store the due dates of `plans` again (after a drill or a version changed, or a rule): changed rows only."""
    for plan in plans:
        drill, evaluation = due_dates(plan)
        if (drill, evaluation) != (plan.drill_due, plan.evaluation_due):
            Plan.objects.filter(pk=plan.pk).update(drill_due=drill, evaluation_due=evaluation)


def refresh_all_due(batch=500):
    """Every plan's due dates from today's rules (the daily sweep): one grouped query for the last drills and
    versions, the rules loaded once, and an audited update of the plans whose dates changed."""
    rules = preload_rules()
    changed = 0
    qs = Plan.objects.filter(voided_at__isnull=True).select_related("region").order_by("pk")
    last_pk = 0
    while True:
        plans = list(qs.filter(pk__gt=last_pk)[:batch])
        if not plans:
            return changed
        last_pk = plans[-1].pk
        ids = [p.pk for p in plans]
        drills = dict(Plan.objects.filter(pk__in=ids, drills__voided_at__isnull=True)
                      .values_list("pk").annotate(d=Max("drills__held_on")))
        versions = dict(PlanVersion.objects.filter(plan_id__in=ids).values_list("plan_id").annotate(d=Max("issued_on")))
        for plan in plans:
            due = due_dates(plan, rules, drills.get(plan.pk), versions.get(plan.pk))
            if due != (plan.drill_due, plan.evaluation_due):
                Plan.objects.filter(pk=plan.pk).update(drill_due=due[0], evaluation_due=due[1])
                changed += 1


# --- 备案 of enterprise plans ----------------------------------------------------------------------------------------
S = FilingState


def _only_enterprise(plan):
    if plan.kind != PlanKind.ENTERPRISE:
        return _("只有企业应急预案需要备案")
    return None


def _submit(fresh, *, actor, authority="", note=""):
    if not fresh.versions.exists():
        raise ValidationError(_("请先上传预案文本（登记预案版本），再提交备案"))
    fresh.filing_authority = (authority or "").strip() or fresh.filing_authority
    if not fresh.filing_authority:
        raise ValidationError({"authority": _("请填写备案受理部门")})
    return Outcome(update_fields=["filing_authority"])


def _accept(fresh, *, actor, at, note=""):
    from yingji.platform.workdays.services import add_working_days

    fresh.filing_due = add_working_days(timezone.localdate(at), FILING_WORKING_DAYS)
    return Outcome(update_fields=["filing_due"], message=_("办结期限 %(d)s") % {"d": fresh.filing_due})


def _file(fresh, *, actor, at, filing_no="", note=""):
    fresh.filing_no = filing_no.strip()
    fresh.filed_on = timezone.localdate(at)
    return Outcome(update_fields=["filing_no", "filed_on"], message=_("备案编号 %(n)s") % {"n": fresh.filing_no})


def _return(fresh, *, actor, note=""):
    fresh.filing_due = None
    return Outcome(update_fields=["filing_due"])


FILING = {
    "submit": Transition((S.DRAFT, S.RETURNED), S.SUBMITTED, gettext_lazy("提交备案"), guard=_only_enterprise,
                         apply=_submit),
    "accept": Transition((S.SUBMITTED,), S.ACCEPTED, gettext_lazy("受理"), action="approve", guard=_only_enterprise,
                         apply=_accept),
    "file": Transition((S.ACCEPTED,), S.FILED, gettext_lazy("予以备案"), action="approve", guard=_only_enterprise,
                       required={"filing_no": gettext_lazy("予以备案须填写备案编号")}, apply=_file),
    "return": Transition((S.SUBMITTED, S.ACCEPTED), S.RETURNED, gettext_lazy("退回"), action="approve",
                         guard=_only_enterprise, required={"note": gettext_lazy("退回须说明原因（须补正的材料）")},
                         apply=_return),
}
FILING_WORKFLOW = Workflow(Plan, PlanFilingEvent, event_field="plan", states=S, transitions=FILING,
                           noun=pgettext_lazy("in a sentence", "预案"), state_field="filing_state",
                           start_field="issued_on")


def submit_filing(plan, *, actor, authority="", note=""):
    return transition(plan, "submit", actor=actor, authority=authority, note=note)


def accept_filing(plan, *, actor, note=""):
    return transition(plan, "accept", actor=actor, note=note)


def file_plan(plan, *, actor, filing_no, note=""):
    return transition(plan, "file", actor=actor, filing_no=filing_no, note=note)


def return_filing(plan, *, actor, note):
    return transition(plan, "return", actor=actor, note=note)


# --- findings ------------------------------------------------------------------------------------------------------
F = FindingState


def _revise(fresh, *, actor, at, version=None, note=""):
    if version is None:
        raise ValidationError({"version": _("请选择据此修订的预案版本")})
    if version.plan_id != fresh.plan_id:
        raise ValidationError({"version": _("所选版本不是“%(p)s”的版本") % {"p": fresh.plan.name}})
    if version.issued_on < fresh.drill.held_on:
        raise ValidationError({"version": _("所选版本（%(v)s）发布于演练之前，不是据本次演练发现的问题修订的")
                               % {"v": version.label}})
    fresh.revision = version
    fresh.closed_on = timezone.localdate(at)
    return Outcome(update_fields=["revision", "closed_on"], message=str(version))


def _decide(fresh, *, actor, at, note=""):
    fresh.decision = note.strip()
    fresh.closed_on = timezone.localdate(at)
    return Outcome(update_fields=["decision", "closed_on"])


def _reopen(fresh, *, actor, note=""):
    fresh.revision = None
    fresh.decision = ""
    fresh.closed_on = None
    return Outcome(update_fields=["revision", "decision", "closed_on"])


FINDING_TRANSITIONS = {
    "revise": Transition((F.OPEN,), F.CLOSED, gettext_lazy("据此修订预案"), apply=_revise),
    "decide": Transition((F.OPEN,), F.CLOSED, gettext_lazy("决定不修订"),
                         required={"note": gettext_lazy("请写明处理决定（如：已通过培训解决，无须修订预案）")},
                         apply=_decide),
    "reopen": Transition((F.CLOSED,), F.OPEN, gettext_lazy("重新打开"),
                         required={"note": gettext_lazy("重新打开须说明原因")}, apply=_reopen),
}
FINDING_WORKFLOW = Workflow(DrillFinding, DrillFindingEvent, event_field="finding", states=F,
                            transitions=FINDING_TRANSITIONS, noun=pgettext_lazy("in a sentence", "问题"),
                            select_related=["drill", "plan"], start_field="drill__held_on")


def close_by_revision(finding, *, actor, version, note=""):
    return transition(finding, "revise", actor=actor, version=version, note=note)


def close_by_decision(finding, *, actor, note):
    return transition(finding, "decide", actor=actor, note=note)


# --- versions ------------------------------------------------------------------------------------------------------
@service
def add_version(plan, *, actor, label, issued_on, file, reason=RevisionReason.OTHER, summary="", document_no="",
                findings=()):
    """Register a new text of the plan (a new row: earlier versions stay as they were) and close the drill findings
    it answers, all in one transaction: a finding that cannot be closed by it refuses the whole version."""
    version = PlanVersion(plan=plan, label=label, issued_on=issued_on, file=file, reason=reason, summary=summary,
                          document_no=document_no, uploaded_by=actor)
    version.full_clean()
    version.save()
    for finding in findings:
        close_by_revision(finding, actor=actor, version=version)
    plan.refresh_from_db()
    refresh_due([plan])
    return version


# --- the response levels of the plan in force (platform/core/planlevels.py) ---------------------------------------
def plan_in_force(event_type, region, on=None):
    """The government plan in force for `event_type` nearest to `region`: the region's own, else its township's,
    county's …; among several at one region, a 专项 plan over a 部门 plan over the 总体 plan, then the newest."""
    from yingji.platform.core.rules import ancestor_codes

    on = on or timezone.localdate()
    codes = ancestor_codes(region)
    rank = {PlanKind.SPECIAL: 0, PlanKind.DEPARTMENT: 1, PlanKind.TOWNSHIP: 2, PlanKind.OVERALL: 3}
    candidates = list(Plan.objects.in_force(on).filter(region__code__in=codes, event_type=event_type,
                                                       kind__in=list(rank)).select_related("region"))
    if not candidates:
        return None
    return min(candidates, key=lambda p: (-len(p.region.code.rstrip("0")), rank[p.kind], -p.issued_on.toordinal(),
                                          -p.pk))


def levels_of(plan):
    """[{level, level_label, trigger, actions: [{unit, action}]}], Ⅳ级 first."""
    actions = {}
    for a in plan.actions.select_related("unit").order_by("position", "pk"):
        actions.setdefault(a.level, []).append({"unit": a.unit_label, "unit_id": a.unit_id, "action": a.action})
    levels = sorted(plan.levels.all(), key=lambda lv: -int(lv.level))
    return [{"level": int(lv.level), "level_label": lv.get_level_display(), "trigger": lv.trigger,
             "actions": actions.get(lv.level, [])} for lv in levels]


def provided_levels(plan_type_code, region, on=None):
    """The answer to core.planlevels.levels_for: the plan in force's levels, or [] when there is none."""
    if region is None:
        return []
    plan = plan_in_force(plan_type_code, region, on)
    if plan is None:
        return []
    return [{**level, "plan_id": plan.pk, "plan_name": plan.name} for level in levels_of(plan)]

