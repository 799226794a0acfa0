"""Workflows of the inspections app: the double-random draw, the plan's items and completion, inspectors."""

import random
import secrets
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.accounts.choices import OrgKind
from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition
from yingji.platform.regions import codes
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.choices import OperatingStatus
from yingji.supervision.enterprises.models import Enterprise

from .choices import (
    DEPARTMENT_KINDS,
    MIN_DRAW_INSPECTORS,
    MIN_ENFORCEMENT_INSPECTORS,
    DrawStatus,
    InspectionKind,
    ReviewState,
)
from .models import Draw, DrawEvent, DrawItem, Inspection, InspectionEvent, InspectorCertificate, PlannedInspection


# --- inspectors ---------------------------------------------------------------------------------------------------
def check_inspectors(kind, inspectors, day=None, *, certified=None):
    """An enforcement inspection (执法检查) is made by at least two inspectors, each holding a 行政执法证 valid on
    the day of the inspection (行政处罚法 第四十二条, 安全生产法 第六十五条); raises ValidationError.

    `certified(ids, day)`: the ids among `ids` holding a certificate valid on `day`, from what a ledger import
    loaded once (default: one query)."""
    if kind != InspectionKind.ENFORCEMENT:
        return
    ids = {getattr(i, "pk", i) for i in inspectors}
    if len(ids) < MIN_ENFORCEMENT_INSPECTORS:
        raise ValidationError({"inspectors": _("执法检查须由至少 %(n)d 名执法人员进行") % {
            "n": MIN_ENFORCEMENT_INSPECTORS}})
    day = day or timezone.localdate()
    if certified is not None:
        holders = set(certified(ids, day))
        if ids - holders:
            names = "、".join(sorted(str(u) for u in inspectors if getattr(u, "pk", u) not in holders))
            raise ValidationError({"inspectors": _("执法检查人员须持有检查当日有效的行政执法证，以下人员没有：%(n)s") % {
                "n": names}})
        return
    holders = set(InspectorCertificate.objects.valid_on(day).filter(user__in=ids).values_list("user", flat=True))
    if ids - holders:
        from yingji.platform.accounts.models import User

        names = "、".join(str(u) for u in User.objects.filter(pk__in=ids - holders).order_by("username"))
        raise ValidationError({"inspectors": _("执法检查人员须持有检查当日有效的行政执法证，以下人员没有：%(n)s") % {
            "n": names}})


# who may be named as an inspector (检查人员, the holder of an 执法证): the people who record inspections, of the
# user's whole county (a township officer names the county's inspectors on a joint inspection)
INSPECTOR_PERMISSION = "inspections.add_inspection"
# the members of a 督导组: the people who record supervision visits
TEAM_PERMISSION = "inspections.add_supervisionvisit"


def inspectors_for(user):
    return colleagues(user, INSPECTOR_PERMISSION, reach="county")


def _review(fresh, *, actor, at, note=""):
    """审核: a leader confirms an inspection record; he may not review a record he took part in."""
    if not actor.has_perm("inspections.approve_inspection"):
        raise ValidationError(_("没有审核监督检查记录的权限"))
    if fresh.inspectors.filter(pk=actor.pk).exists() or fresh.created_by_id == actor.pk:
        raise ValidationError(_("参与检查或录入该记录的人员不能审核本记录"))
    fresh.reviewed_at = at
    fresh.reviewed_by = actor
    return Outcome(update_fields=["reviewed_at", "reviewed_by"], audit_message=_("审核"))


class ReviewWorkflow(Workflow):
    """An inspection record's one step, 待审核 → 已审核: its state is read from reviewed_at (no column of its own)."""

    def state_of(self, obj):
        return ReviewState.REVIEWED if obj.reviewed_at is not None else ReviewState.RECORDED

    def set_state(self, obj, state):
        """reviewed_at, set by the review itself, is the state."""


REVIEW = ReviewWorkflow(
    Inspection, InspectionEvent, event_field="inspection", states=ReviewState, state_field="review_state",
    transitions={"review": Transition((ReviewState.RECORDED,), ReviewState.REVIEWED, gettext_lazy("审核"),
                                      action="approve", refusal=gettext_lazy("该检查记录已审核"), apply=_review)},
    noun=pgettext_lazy("in a sentence", "检查记录"), voided_refusal=gettext_lazy("已作废的检查记录不能审核"),
    start_field="inspected_on")


def review_inspection(inspection, *, actor, note=""):
    return transition(inspection, "review", actor=actor, note=note)


# --- the double-random draw ---------------------------------------------------------------------------------------
def compute_draw(seed, pool, inspector_pool, conflicts, count, per_enterprise=MIN_DRAW_INSPECTORS):
    """The draw as a pure function of its stored inputs: [(enterprise id, [inspector ids])].

    `pool` and `inspector_pool` are sorted id lists; `conflicts` maps an enterprise id (str) to the inspector ids it
    must not get. random.Random(seed) draws `count` enterprises, then for each of them in drawn order
    `per_enterprise` inspectors from those not in conflict. Raises ValidationError when the pool is too small.
    """
    pool = sorted(pool)
    inspector_pool = sorted(inspector_pool)
    if count < 1:
        raise ValidationError({"count": _("抽取数量至少为 1")})
    if per_enterprise < MIN_DRAW_INSPECTORS:
        raise ValidationError({"per_enterprise": _("每家企业至少随机匹配 %(n)d 名执法人员") % {
            "n": MIN_DRAW_INSPECTORS}})
    if count > len(pool):
        raise ValidationError({"count": _("抽取数量 %(n)d 超过了符合条件的企业数 %(m)d") % {
            "n": count, "m": len(pool)}})
    rnd = random.Random(seed)
    chosen = rnd.sample(pool, count)  # the first draw from rnd: drawn_enterprises() repeats it
    result = []
    for enterprise_id in chosen:
        excluded = set(conflicts.get(str(enterprise_id), ()))
        eligible = [u for u in inspector_pool if u not in excluded]
        if len(eligible) < per_enterprise:
            raise InsufficientInspectors(enterprise_id, len(eligible), per_enterprise)
        result.append((enterprise_id, sorted(rnd.sample(eligible, per_enterprise))))
    return result


def drawn_enterprises(seed, pool, count):
    """The enterprises compute_draw() will draw (its first use of the generator), before any inspector."""
    pool = sorted(pool)
    return random.Random(seed).sample(pool, count) if 1 <= count <= len(pool) else []


class InsufficientInspectors(ValidationError):
    def __init__(self, enterprise_id, eligible, needed):
        name = Enterprise.objects.filter(pk=enterprise_id).values_list("name", flat=True).first() or enterprise_id
        super().__init__(_("抽中的企业“%(e)s”回避后可匹配的持证执法人员只有 %(k)d 名，少于 %(n)d 名，"
                           "本次抽取未保存。请补充执法人员名录或调整抽取条件。") % {
            "e": name, "k": eligible, "n": needed})
        self.enterprise_id = enterprise_id


def enterprise_pool(actor, region, *, sectors=(), risk_grades=(), campaign=None):
    """The 检查对象名录库 of a draw: operating enterprises the actor may see, in `region`, sorted by id."""
    lo, hi = codes.subtree_bounds(region.code, region.level)
    qs = (Enterprise.objects.restrict(actor, "view").active().filter(status=OperatingStatus.OPERATING)
          .filter(region__code__gte=lo, region__code__lte=hi))
    if sectors:
        qs = qs.filter(sector__in=list(sectors))
    if risk_grades:
        qs = qs.filter(risk_grade__in=list(risk_grades))
    if campaign is not None:
        qs = qs.filter(campaigns=campaign)
    return sorted(set(qs.values_list("pk", flat=True)))


def certified_inspectors(region, day):
    """The 执法检查人员名录库: users holding a certificate valid on `day`, of `region`'s county, sorted by id."""
    county_prefix = region.code[:6]
    return sorted(set(InspectorCertificate.objects.valid_on(day).filter(region__code__startswith=county_prefix)
                      .values_list("user_id", flat=True)))


def draw_conflicts(enterprise_ids, inspector_ids):
    """{enterprise id (str): [inspector ids]} an inspector must avoid: his own township office's enterprises,
    and the inspectors of the enterprise's last inspection."""
    from yingji.platform.accounts.models import User

    if not enterprise_ids:
        return {}
    enterprises = dict(Enterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "region__code"))
    township_officers = [
        (u.pk, u.organisation.region.code, u.organisation.region.level)
        for u in User.objects.filter(pk__in=inspector_ids, organisation__kind=OrgKind.TOWNSHIP_OFFICE)
        .select_related("organisation__region")]
    conflicts = defaultdict(set)
    for pk, code in enterprises.items():
        for uid, office_code, level in township_officers:
            lo, hi = codes.subtree_bounds(office_code, level)
            if lo <= code <= hi:
                conflicts[pk].add(uid)
    # the last inspection of each enterprise by the department (by date, then id; an enterprise's own 企业自查
    # has no inspectors and does not count) and its inspectors
    last = {}
    for row in (Inspection.objects.active().filter(enterprise_id__in=enterprise_ids, kind__in=DEPARTMENT_KINDS)
                .values("enterprise_id", "pk", "inspected_on").order_by("enterprise_id", "inspected_on", "pk")):
        last[row["enterprise_id"]] = row["pk"]
    enterprise_of = {ins_id: e for e, ins_id in last.items()}
    through = Inspection.inspectors.through
    for ins_id, uid in through.objects.filter(inspection_id__in=list(enterprise_of)).values_list("inspection_id",
                                                                                                  "user_id"):
        conflicts[enterprise_of[ins_id]].add(uid)
    return {str(k): sorted(v) for k, v in sorted(conflicts.items()) if v}


@transaction.atomic
def make_draw(*, actor, title, region, count, sectors=(), risk_grades=(), per_enterprise=MIN_DRAW_INSPECTORS,
              campaign=None, seed=None, drawn_on=None):
    """Draw, store the seed, pools, conflicts, parameters and result; nothing is written if the draw fails."""
    drawn_on = drawn_on or timezone.localdate()
    if seed is None:
        seed = secrets.randbits(62)
    pool = enterprise_pool(actor, region, sectors=sectors, risk_grades=risk_grades, campaign=campaign)
    if not pool:
        raise ValidationError(_("没有符合抽取条件的在产企业"))
    inspectors = certified_inspectors(region, drawn_on)
    # conflicts only matter (and are only stored) for the enterprises drawn, which do not depend on them
    conflicts = draw_conflicts(drawn_enterprises(seed, pool, count), inspectors)
    result = compute_draw(seed, pool, inspectors, conflicts, count, per_enterprise)
    draw = Draw(title=title, region=region, campaign=campaign, drawn_on=drawn_on, seed=seed, pool=pool,
                inspector_pool=inspectors, conflicts=conflicts, created_by=actor,
                parameters={"region": region.code, "sectors": sorted(sectors), "risk_grades": sorted(risk_grades),
                            "count": count, "per_enterprise": per_enterprise,
                            "campaign": campaign.pk if campaign else None, "drawn_on": drawn_on.isoformat()})
    draw.full_clean()
    draw.save()
    for position, (enterprise_id, inspector_ids) in enumerate(result, start=1):
        item = DrawItem.objects.create(draw=draw, position=position, enterprise_id=enterprise_id)
        item.inspectors.set(inspector_ids)
    return draw


def stored_result(draw):
    return [(item.enterprise_id, sorted(u.pk for u in item.inspectors.all()))
            for item in draw.items.prefetch_related("inspectors").order_by("position")]


def rerun_draw(draw):
    """复核: recompute the draw from its stored seed, pools and conflicts; (same?, recomputed result)."""
    p = draw.parameters
    recomputed = compute_draw(draw.seed, draw.pool, draw.inspector_pool, draw.conflicts, p["count"],
                              p.get("per_enterprise", MIN_DRAW_INSPECTORS))
    return recomputed == stored_result(draw), recomputed


def _publish(fresh, *, actor, at, note=""):
    """审核公示: the leader confirms the draw's result for publication, once its recomputation agrees."""
    if not actor.has_perm("inspections.approve_draw"):
        raise ValidationError(_("没有审核公示双随机抽查结果的权限"))
    same, _r = rerun_draw(fresh)
    if not same:
        raise ValidationError(_("复核不一致：按保存的种子和名录重新计算的结果与保存的结果不同，不能公示"))
    fresh.published_at = at
    fresh.published_by = actor
    return Outcome(update_fields=["published_at", "published_by"], audit_message=_("审核公示"))


PUBLICATION = Workflow(
    Draw, DrawEvent, event_field="draw", states=DrawStatus, state_field="status",
    transitions={"publish": Transition((DrawStatus.DRAWN,), DrawStatus.PUBLISHED, gettext_lazy("审核公示"),
                                       action="approve", refusal=gettext_lazy("该抽查结果已审核公示"),
                                       apply=_publish)},
    noun=pgettext_lazy("in a sentence", "抽查"), voided_refusal=gettext_lazy("已作废的抽查不能公示"),
    start_field="drawn_on")


def publish_draw(draw, *, actor, note=""):
    return transition(draw, "publish", actor=actor, note=note)


# --- the annual plan ----------------------------------------------------------------------------------------------
def spread_months(times):
    """Months for `times` inspections a year, evenly spread (1 → 7月; 2 → 4, 10月; 4 → 2, 5, 8, 11月)."""
    if times <= 0:
        return []
    step = 12 / times
    return [int(step * i + step / 2) + 1 for i in range(times)]


def plan_frequencies(plan):
    """{risk grade: times a year}: the plan's own frequencies, and for a grade it leaves out the FrequencyRule in
    force on 1 January of the plan's year in the plan's region (a province's 分类分级 scheme)."""
    import datetime

    from .models import FrequencyRule

    standard = FrequencyRule.objects.rules_by("risk_grade", datetime.date(plan.year, 1, 1), plan.region)
    return {**{grade: rule.times_per_year for grade, rule in standard.items()},
            **{f.risk_grade: f.times_per_year for f in plan.frequencies.all()}}


@transaction.atomic
def generate_plan_items(plan, *, actor):
    """Planned inspections for every operating enterprise of the plan's region, by its grade's frequency.

    Existing items are kept; returns the number of items added."""
    freq = plan_frequencies(plan)
    if not freq:
        raise ValidationError(_("请先填写各风险等级的检查频次（或由管理员在“规则配置”中录入检查频次标准）"))
    lo, hi = codes.subtree_bounds(plan.region.code, plan.region.level)
    enterprises = (Enterprise.objects.restrict(actor, "view").active().filter(status=OperatingStatus.OPERATING)
                   .filter(region__code__gte=lo, region__code__lte=hi).only("pk", "name", "risk_grade"))
    existing = set(plan.items.values_list("enterprise_id", "month"))
    new = []
    for enterprise in enterprises.order_by("pk"):
        for month in spread_months(freq.get(enterprise.risk_grade, 0)):
            if (enterprise.pk, month) not in existing:
                new.append(PlannedInspection(plan=plan, enterprise=enterprise, month=month))
    PlannedInspection.objects.bulk_create(new)
    from yingji.platform.audit.recorder import record_bulk_create

    record_bulk_create(new, message=_("按频次生成计划检查"))
    return len(new)


def plan_progress(plan, on=None):
    """The plan's completion through the year, computed from inspection records.

    An enterprise planned k times and inspected j times by the department (执法/督导/专项/明查暗访, not voided) in the
    plan's year has min(j, k) planned inspections done. Returns a dict with planned, due (months up to `on`),
    done, rate (% of planned) and due_rate (% of due)."""
    on = on or timezone.localdate()
    planned = dict(plan.items.values("enterprise_id").annotate(n=Count("pk")).values_list("enterprise_id", "n"))
    if on.year < plan.year:
        due_month = 0
    elif on.year > plan.year:
        due_month = 12
    else:
        due_month = on.month
    due = plan.items.filter(month__lte=due_month).count()
    inspected = dict(Inspection.objects.active().filter(
        enterprise_id__in=plan.items.values("enterprise_id"), inspected_on__year=plan.year,
        kind__in=DEPARTMENT_KINDS)
        .values("enterprise_id").annotate(n=Count("pk")).values_list("enterprise_id", "n"))
    done = sum(min(n, inspected.get(e, 0)) for e, n in planned.items())
    total = sum(planned.values())
    return {"planned": total, "due": due, "done": done,
            "rate": round(done * 100 / total, 1) if total else 0.0,
            "due_rate": round(min(done, due) * 100 / due, 1) if due else 0.0,
            "enterprises": len(planned), "inspected_enterprises": sum(1 for e in planned if inspected.get(e))}


# --- campaigns ----------------------------------------------------------------------------------------------------
def region_choices_for(user, max_level=4):
    """Regions (county and townships) a user may choose as a draw's, plan's or campaign's region."""
    return Region.objects.restrict(user, "view").filter(level__lte=max_level, voided_at__isnull=True).order_by(
        "code")

