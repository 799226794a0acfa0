"""Demo data: two years of public reports (群众举报) about the demo county's enterprises, in every state.

Deterministic (ctx.random); the count follows the enterprises. About a third are
anonymous; most old ones are closed (不属实 or 属实 and turned into a hazard, with a reward for some).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import insert, register

from .choices import TipoffChannel, TipoffState

TEXTS = ["反映该企业夜间违规动火作业，未见监护人员", "反映该企业消防通道长期堆放货物", "反映车间工人未佩戴防护用品",
         "反映该企业仓库违规存放大量油漆、稀释剂", "反映该企业安全出口上锁", "反映该企业有限空间作业未通风检测",
         "反映该企业叉车司机无证驾驶", "反映该企业员工宿舍设在生产车间内（三合一）"]
SURNAMES = "王李张刘陈杨赵黄周吴"
YEARS = 2


@register(order=47)
def build_tipoffs(ctx):
    from yingji.supervision.hazards.choices import HazardCategory, HazardSource
    from yingji.supervision.hazards.models import Hazard

    from .models import Tipoff, TipoffEvent, VerificationRule

    rnd = ctx.random
    enterprises = getattr(ctx, "enterprises", None)
    if not enterprises or Tipoff.objects.exists():
        return
    users = getattr(ctx, "users", {}) or {}
    verifier = users.get("inspector") or users.get("township")
    if verifier is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    channels = list(TipoffChannel.values)
    tipoffs, plans = [], []
    for e in rnd.sample(list(enterprises), k=max(1, len(enterprises) // 8)):
        # a fifth arrived in the last three weeks, so that some are still 待核查/核查中
        age = rnd.randint(0, 20) if rnd.random() < 0.2 else rnd.randint(0, YEARS * 365)
        received = now - datetime.timedelta(days=age, hours=rnd.randint(0, 10))
        anonymous = rnd.random() < 0.35
        day = timezone.localtime(received).date()
        t = Tipoff(channel=rnd.choices(channels, weights=[55, 30, 8, 7])[0], received_at=received,
                   anonymous=anonymous, enterprise=e, region_id=e.region_id, description=rnd.choice(TEXTS),
                   reporter_name="" if anonymous else rnd.choice(SURNAMES) + "先生",
                   reporter_phone="" if anonymous else f"139{rnd.randint(0, 99999999):08d}",
                   verify_deadline=day + datetime.timedelta(days=VerificationRule.days_on(day)), created_at=now)
        if age > 20:
            t.state = rnd.choices([TipoffState.UNFOUNDED, TipoffState.CONFIRMED, TipoffState.CONVERTED],
                                  weights=[45, 15, 40])[0]
        else:
            t.state = rnd.choice([TipoffState.PENDING, TipoffState.VERIFYING])
        if t.state != TipoffState.PENDING:
            t.verifier = verifier
        if t.state in (TipoffState.CONFIRMED, TipoffState.UNFOUNDED, TipoffState.CONVERTED):
            t.verified_at = min(received + datetime.timedelta(days=rnd.randint(1, 14)), now)
            t.finding = "经现场核查，反映情况属实" if t.state != TipoffState.UNFOUNDED else "经现场核查，未发现反映的问题"
            if rnd.random() < 0.5 and t.state != TipoffState.UNFOUNDED:
                t.reward_amount = Decimal(rnd.choice([200, 500, 1000, 2000]))
                t.reward_date = min(timezone.localtime(t.verified_at).date() + datetime.timedelta(days=10), today)
                t.reward_paid = rnd.random() < 0.7
        tipoffs.append(t)
        plans.append(rnd.choice(list(HazardCategory.values)))
    hazards = []
    for t, category in zip(tipoffs, plans):
        if t.state == TipoffState.CONVERTED:
            h = Hazard(enterprise=t.enterprise, region_id=t.region_id, category=category,
                       source=HazardSource.PUBLIC_REPORT, description=t.description.removeprefix("反映"),
                       found_on=timezone.localtime(t.received_at).date(), created_at=now)
            hazards.append(h)
            t.hazard = h
    insert(hazards, message="演示数据（群众举报转为隐患）")
    for t in tipoffs:
        if t.hazard is not None:
            t.hazard_id = t.hazard.pk
    insert(tipoffs)
    moves = {TipoffState.VERIFYING: [("verify", "pending", "verifying")],
             TipoffState.CONFIRMED: [("verify", "pending", "verifying"), ("confirm", "verifying", "confirmed")],
             TipoffState.UNFOUNDED: [("verify", "pending", "verifying"), ("dismiss", "verifying", "unfounded")],
             TipoffState.CONVERTED: [("verify", "pending", "verifying"), ("confirm", "verifying", "confirmed"),
                                     ("convert", "confirmed", "converted")]}
    events = []
    for t in tipoffs:
        at = t.received_at
        for name, frm, to in moves.get(t.state, []):
            at = min(at + datetime.timedelta(hours=rnd.randint(2, 72)), now)
            events.append(TipoffEvent(tipoff=t, transition=name, from_state=frm, to_state=to, actor=verifier, at=at, recorded_at=at,
                                      region_id=t.region_id))
    TipoffEvent.objects.bulk_create(events, batch_size=5000)
