"""Demo data: three years of hazards found in the demo county's enterprises, in every state of the closed loop.

Deterministic (ctx.random); the count follows the enterprises. Old hazards are
nearly all closed; recent ones are spread over 待整改/整改中/待验收, and some are overdue.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import insert, register
from yingji.supervision.enterprises.choices import HAZCHEM_SECTORS, Sector

from .choices import HazardCategory, HazardLevel, HazardSource, HazardState, SupervisionLevel

DESCRIPTIONS = {
    HazardCategory.MANAGEMENT: ["安全生产责任制未逐级签订", "安全教育培训记录缺失", "隐患排查治理台账未建立",
                                "应急预案未按规定演练", "特种作业人员证书过期"],
    HazardCategory.EQUIPMENT: ["砂轮机防护罩缺失", "冲床光电保护装置失效", "压力表未按期校验", "行车限位器损坏"],
    HazardCategory.SITE: ["车间通道堆放杂物", "物料堆放超高", "作业场所照明不足", "临边洞口未设防护栏杆"],
    HazardCategory.BEHAVIOUR: ["作业人员未佩戴安全帽", "叉车司机无证驾驶", "违规动火作业未办理审批"],
    HazardCategory.FIRE: ["消防通道被占用", "灭火器过期未更换", "安全出口上锁", "疏散指示标志损坏"],
    HazardCategory.ELECTRICAL: ["配电箱未上锁且无警示标识", "私拉乱接电线", "电缆老化破损", "漏电保护器失效"],
    HazardCategory.CHEMICALS: ["危化品仓库未设置可燃气体报警装置", "危化品混存禁忌物料", "储罐区围堰破损"],
    HazardCategory.CONFINED_SPACE: ["有限空间作业未检测气体", "有限空间未设置警示标识"],
    HazardCategory.DUST: ["除尘系统未设置泄爆装置", "粉尘清扫制度未落实，积尘严重"],
}
CATEGORY_WEIGHTS = {HazardCategory.MANAGEMENT: 18, HazardCategory.EQUIPMENT: 16, HazardCategory.SITE: 16,
                    HazardCategory.BEHAVIOUR: 8, HazardCategory.FIRE: 18, HazardCategory.ELECTRICAL: 14,
                    HazardCategory.CHEMICALS: 4, HazardCategory.CONFINED_SPACE: 3, HazardCategory.DUST: 3}
YEARS = 3


def _state(rnd, age_days):
    if age_days > 120:
        weights = [1, 2, 2, 95]
    elif age_days > 30:
        weights = [5, 25, 15, 55]
    else:
        weights = [30, 40, 15, 15]
    return rnd.choices([HazardState.PENDING, HazardState.IN_PROGRESS, HazardState.AWAITING_ACCEPTANCE,
                        HazardState.CLOSED], weights=weights)[0]


MOVES = {"start": ("pending", "in_progress"), "submit": ("in_progress", "awaiting_acceptance"),
         "accept": ("awaiting_acceptance", "closed"), "reject": ("awaiting_acceptance", "in_progress")}


def _steps(rnd, h, age, now, rectifier, acceptors):
    """The closed loop's steps of hazard h (found `age` days ago, in its final state already) as HazardEvents, at
    times drawn after its finding; sets its submission and acceptance fields on the way."""
    from .models import HazardEvent

    events = []
    found = datetime.datetime.combine(h.found_on, datetime.time(9), tzinfo=now.tzinfo)
    step = max(1, min(age, 20))
    t = found
    path = {HazardState.PENDING: [], HazardState.IN_PROGRESS: ["start"],
            HazardState.AWAITING_ACCEPTANCE: ["start", "submit"],
            HazardState.CLOSED: ["start", "submit", "accept"]}[h.state]
    if h.state == HazardState.CLOSED and rnd.random() < 0.1:
        path = ["start", "submit", "reject", "submit", "accept"]
    acceptor = rnd.choice([a for a in acceptors if a != rectifier] or acceptors)
    for name in path:
        t = min(t + datetime.timedelta(days=rnd.randint(1, step), hours=rnd.randint(0, 6)), now)
        actor = acceptor if name in ("accept", "reject") else rectifier
        if actor is None:
            continue
        frm, to = MOVES[name]
        if name == "submit":
            h.submitted_at = t
        events.append(HazardEvent(hazard=h, transition=name, from_state=frm, to_state=to, actor=actor, at=t,
                                  recorded_at=t, note="佐证材料不完整，请补充" if name == "reject" else "",
                                  region_id=h.region_id))
    if h.state == HazardState.CLOSED:
        h.accepted_by, h.closed_at = acceptor, t
    return events


@register(order=45)
def build_hazards(ctx):
    from .models import Hazard, HazardEvent, MajorHazardCriterion

    rnd = ctx.random
    enterprises = getattr(ctx, "enterprises", None)
    if not enterprises or Hazard.objects.filter(enterprise__in=enterprises).exists():  # (some have none)
        return
    users = getattr(ctx, "users", {}) or {}
    finders = [u for k, u in users.items() if k in ("inspector", "inspector2")] or [None]
    rectifier = users.get("township") or finders[0]
    acceptors = [u for k, u in users.items() if k in ("inspector", "inspector2", "leader")] or finders
    criteria = {
        "chem": list(MajorHazardCriterion.objects.filter(standard="chemicals")),
        "trade": list(MajorHazardCriterion.objects.filter(standard="industry_trade")),
    }
    now = timezone.now()
    today = timezone.localdate()
    cat_keys, cat_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    hazards, events = [], []
    for e in enterprises:
        for _k in range(rnd.choice([0, 1, 2, 3, 3, 4, 5, 6])):
            age = rnd.randint(0, YEARS * 365)
            found_on = today - datetime.timedelta(days=age)
            category = rnd.choices(cat_keys, weights=cat_weights)[0]
            source = rnd.choices([HazardSource.SELF_INSPECTION, HazardSource.DEPARTMENT, HazardSource.SUPERVISION,
                                  HazardSource.PUBLIC_REPORT], weights=[45, 40, 10, 5])[0]
            level, criterion, supervision = HazardLevel.GENERAL, None, {}
            pool = criteria["chem"] if e.sector in HAZCHEM_SECTORS else \
                criteria["trade"] if e.sector == Sector.INDUSTRY_TRADE else []
            pool = [c for c in pool if c.in_force_on(found_on)]
            if pool and rnd.random() < 0.05:
                level, criterion = HazardLevel.MAJOR, rnd.choice(pool)
                if rnd.random() < 0.5:
                    supervision = {"supervision_level": SupervisionLevel.COUNTY,
                                   "supervising_unit": "县安全生产委员会办公室",
                                   "supervision_deadline": found_on + datetime.timedelta(days=90)}
            state = _state(rnd, age)
            deadline = found_on + datetime.timedelta(days=rnd.choice([3, 7, 15, 30, 60]) * (3 if criterion else 1))
            finder = rnd.choice(finders) if source in (HazardSource.DEPARTMENT, HazardSource.SUPERVISION) else None
            h = Hazard(
                enterprise=e, region_id=e.region_id, category=category, level=level, criterion=criterion,
                description=criterion.text if criterion else rnd.choice(DESCRIPTIONS[category]), source=source,
                found_by=finder, found_by_name="" if finder else ("" if source == HazardSource.PUBLIC_REPORT
                                                                 else e.principal_name),
                found_on=found_on, deadline=deadline if state != HazardState.PENDING or rnd.random() < 0.5 else None,
                responsible_person=e.principal_name, state=state, created_at=now, **supervision)
            if state != HazardState.PENDING:
                h.plan_responsibility = f"{e.name}安全管理部门，主要负责人{e.principal_name}"
                h.plan_measures = "按整改通知要求落实整改，整改完成后拍照留档"
                h.plan_funds = Decimal(rnd.choice([0, 500, 2000, 5000, 20000, 150000 if criterion else 8000]))
                h.plan_time_limit = f"{deadline:%Y-%m-%d}前完成"
                h.plan_contingency = "整改期间落实临时管控措施，设置警示标识，必要时停止相关作业"
            if state in (HazardState.AWAITING_ACCEPTANCE, HazardState.CLOSED):
                h.evidence = "已按要求完成整改，附整改前后照片"
                h.submitted_by = rectifier
            hazards.append(h)
            events += _steps(rnd, h, age, now, rectifier, acceptors)
    insert(hazards)
    HazardEvent.objects.bulk_create(events, batch_size=5000)


# what a 网格员 finds in a 九小场所
PATROL_FINDINGS = [(HazardCategory.FIRE, "灭火器过期未更换"), (HazardCategory.FIRE, "安全出口堆放杂物"),
                   (HazardCategory.ELECTRICAL, "私拉乱接电线"), (HazardCategory.ELECTRICAL, "电动自行车在室内充电"),
                   (HazardCategory.SITE, "液化气钢瓶与灶具间距不足"), (HazardCategory.FIRE, "未配备可燃气体报警器")]


@register(order=46)
def build_grid_patrols(ctx):
    """The grids' patrols (来源 网格巡查) at their places (enterprises/demo.py build_grid_places): found by the
    demo's 网格员 in his grid and by the other grids' (no account here: a name), rectified by the township office
    and accepted by the bureau, in every state of the closed loop. Their own random sequence, so the rest of the
    demo is what it was before grids."""
    import random

    from .models import Hazard, HazardEvent

    places = getattr(ctx, "grid_places", None) or []
    if not places or Hazard.objects.filter(enterprise__in=places).exists():
        return
    rnd = random.Random(f"grid-patrols-{ctx.county.code}")
    users = getattr(ctx, "users", {}) or {}
    patroller, rectifier = users.get("grid"), users.get("township")
    acceptors = [u for k, u in users.items() if k in ("inspector", "inspector2", "leader")] or [rectifier]
    now, today = timezone.now(), timezone.localdate()
    hazards, events = [], []
    for place in places:
        mine = patroller is not None and place.region_id == patroller.region_id
        for _k in range(max(rnd.choice([0, 0, 1, 1, 2]), 1 if mine else 0)):  # the demo's 网格员 patrolled his own
            age = rnd.randint(0, 2 * 365)  # grids came two years ago
            category, description = rnd.choice(PATROL_FINDINGS)
            h = Hazard(enterprise=place, region_id=place.region_id, category=category, level=HazardLevel.GENERAL,
                       description=description, source=HazardSource.GRID, found_by=patroller if mine else None,
                       found_by_name="" if mine else f"{place.region.name}网格员",
                       found_on=today - datetime.timedelta(days=age), state=_state(rnd, age),
                       deadline=today - datetime.timedelta(days=age - 7), responsible_person=place.principal_name,
                       created_at=now)
            if h.state != HazardState.PENDING:
                h.plan_measures = "立即整改，网格员复查"
                h.plan_time_limit = f"{h.deadline:%Y-%m-%d}前完成"
            if h.state in (HazardState.AWAITING_ACCEPTANCE, HazardState.CLOSED):
                h.evidence = "已整改，附现场照片"
                h.submitted_by = rectifier
            hazards.append(h)
            events += _steps(rnd, h, age, now, rectifier, acceptors)
    insert(hazards)
    HazardEvent.objects.bulk_create(events)
