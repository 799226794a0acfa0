"""The double-random draw (双随机): computed from a stored seed and sorted pools, so anyone can recompute it (复核),
and published (审核公示) through the platform's workflow."""

import random
import secrets
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.accounts.choices import OrgKind
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition
from yingji.platform.regions import codes
from yingji.supervision.enterprises.choices import OperatingStatus
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.inspections.choices import DEPARTMENT_KINDS
from yingji.supervision.inspections.models import Inspection, InspectorCertificate

from .choices import MIN_DRAW_INSPECTORS, DrawStatus
from .models import Draw, DrawEvent, DrawItem


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
    if not actor.has_perm("draws.approve_draw"):
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
