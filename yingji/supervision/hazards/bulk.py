"""The hazards' part of the bulk history (platform/core/bulkload.py): 50,000 hazards per unit of scale."""

import datetime
from decimal import Decimal

from yingji.platform.core import bulkload


@bulkload.register(order=30, key="hazards", per_scale=50_000)
def hazards(run, total):
    """Hazards in every state of the closed loop with their workflow events (most from the enterprises' own 自查; a
    department's finding is linked to the inspection that found it)."""
    ents, counties, visits = run.enterprises, run.counties, getattr(run, "visits", {})
    rnd, now, today, tz, counts = run.rnd, run.now, run.today, run.tz, run.counts
    from yingji.supervision.enterprises.choices import HAZCHEM_SECTORS, Sector
    from yingji.supervision.inspections.models import Inspection

    from . import demo as H
    from .choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
    from .models import Hazard, HazardEvent, MajorHazardCriterion

    cols = ["id", "enterprise", "region", "description", "category", "level", "criterion", "major_basis", "source",
            "found_by", "found_by_name", "found_on", "photo", "deadline", "responsible_person", "plan_responsibility",
            "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency", "evidence", "evidence_file",
            "state", "submitted_by", "submitted_at", "accepted_by", "closed_at", "supervision_level",
            "supervising_unit", "supervision_deadline", "created_at", "updated_at", "void_reason", "ledger_no"]
    table = bulkload.Table(Hazard, cols)
    # the generated steps were entered as they happened: recorded_at is at
    events = bulkload.Table(HazardEvent, ["id", "hazard", "transition", "from_state", "to_state", "actor", "at",
                                          "recorded_at", "note", "region"])
    found_in = bulkload.through(Inspection._meta.get_field("hazards"), "inspection", "hazard")
    criteria = {"chem": [], "trade": []}
    for cr in MajorHazardCriterion.objects.order_by("pk"):
        if cr.standard == "chemicals":
            criteria["chem"].append(cr)
        elif cr.standard == "industry_trade":
            criteria["trade"].append(cr)
    cat_keys, cat_weights = list(H.CATEGORY_WEIGHTS), list(H.CATEGORY_WEIGHTS.values())
    sources = [HazardSource.SELF_INSPECTION, HazardSource.DEPARTMENT, HazardSource.SUPERVISION,
               HazardSource.PUBLIC_REPORT]
    moves = {"start": ("pending", "in_progress"), "submit": ("in_progress", "awaiting_acceptance"),
             "accept": ("awaiting_acceptance", "closed"), "reject": ("awaiting_acceptance", "in_progress")}
    paths = {HazardState.PENDING: [], HazardState.IN_PROGRESS: ["start"],
             HazardState.AWAITING_ACCEPTANCE: ["start", "submit"], HazardState.CLOSED: ["start", "submit", "accept"]}
    n_events = 0
    for e in bulkload.pick(ents, rnd, total):
        county = counties[e.county]
        source = rnd.choices(sources, weights=[52, 35, 8, 5])[0]
        visit = None
        if source == HazardSource.DEPARTMENT and e.pk in visits:
            visit = rnd.choice(visits[e.pk])
            found_on = visit[0]
        else:
            found_on = bulkload.date_in_years(rnd, today, 0)
        age = (today - found_on).days
        category = rnd.choices(cat_keys, weights=cat_weights)[0]
        pool = criteria["chem"] if e.sector in HAZCHEM_SECTORS else \
            criteria["trade"] if e.sector == Sector.INDUSTRY_TRADE else []
        level, criterion, major_basis, sup = HazardLevel.GENERAL, None, "", ("", "", None)
        if rnd.random() < 0.04:
            pool = [c for c in pool if c.in_force_on(found_on) and c.applies_to(e.sector)]
            if pool:
                level, criterion = HazardLevel.MAJOR, rnd.choice(pool)
            elif e.sector in (Sector.GAS, Sector.CROWDED, Sector.CONSTRUCTION):
                level, major_basis = HazardLevel.MAJOR, "《重大事故隐患判定标准》（行业主管部门）相应条款"
            if level == HazardLevel.MAJOR and rnd.random() < 0.5:
                city = rnd.random() < 0.2
                sup = (SupervisionLevel.CITY if city else SupervisionLevel.COUNTY,
                       "市安全生产委员会办公室" if city else f"{county.region.name}安全生产委员会办公室",
                       found_on + datetime.timedelta(days=90))
        major = level == HazardLevel.MAJOR
        state = H._state(rnd, age)
        if major and state == HazardState.CLOSED and age < 90:
            state = HazardState.IN_PROGRESS
        deadline = found_on + datetime.timedelta(days=rnd.choice([3, 7, 15, 30, 60]) * (3 if major else 1))
        if state == HazardState.PENDING and rnd.random() < 0.5:
            deadline = None
        staff = county.inspectors
        finder = rnd.choice(staff) if source in (HazardSource.DEPARTMENT, HazardSource.SUPERVISION) else None
        submitter = county.officers.get(e.township_id) or staff[0]
        acceptor = rnd.choice([u for u in staff if u.pk != submitter.pk])
        description = criterion.text if criterion else rnd.choice(H.DESCRIPTIONS[category])
        planned = state != HazardState.PENDING
        pk = table.new_id()
        found_at = datetime.datetime.combine(found_on, datetime.time(1, rnd.randint(0, 59)), tzinfo=tz)  # 09:xx
        t = found_at
        path = paths[state]
        if state == HazardState.CLOSED and rnd.random() < 0.1:
            path = ["start", "submit", "reject", "submit", "accept"]
        step = max(1, min(age, 20))
        submitted_at = closed_at = None
        for name in path:
            t = min(t + datetime.timedelta(days=rnd.randint(1, step), hours=rnd.randint(0, 6)), now)
            frm, to = moves[name]
            actor = acceptor if name in ("accept", "reject") else submitter
            if name == "submit":
                submitted_at = t
            events.add((events.new_id(), pk, name, frm, to, actor.pk, t, t,
                        "佐证材料不完整，请补充" if name == "reject" else "", e.region_id))
            n_events += 1
        if state == HazardState.CLOSED:
            closed_at = t
        done = state in (HazardState.AWAITING_ACCEPTANCE, HazardState.CLOSED)
        table.add((
            pk, e.pk, e.region_id, description, category, level, criterion.pk if criterion else None, major_basis,
            source, finder.pk if finder else None,
            "" if finder or source == HazardSource.PUBLIC_REPORT else e.principal, found_on, "",
            deadline, e.principal,
            f"{e.name}安全管理部门，主要负责人{e.principal}" if planned else "",
            "按整改通知要求落实整改，整改完成后拍照留档" if planned else "",
            Decimal(rnd.choice([0, 500, 2000, 5000, 20000, 150000 if major else 8000])) if planned else None,
            f"{deadline:%Y-%m-%d}前完成" if planned and deadline else "",
            "整改期间落实临时管控措施，设置警示标识，必要时停止相关作业" if planned else "",
            "已按要求完成整改，附整改前后照片" if done else "", "", state,
            submitter.pk if done else None, submitted_at if done else None,
            acceptor.pk if state == HazardState.CLOSED else None, closed_at, sup[0], sup[1], sup[2],
            found_at, t, "", ""))
        if visit is not None:
            found_in.add((found_in.new_id(), visit[1], pk))
    counts["hazards"] = table.close()
    counts["hazard_events"] = events.close()
    found_in.close()
    run.say(f"隐患 {counts['hazards']:,}（流转记录 {counts['hazard_events']:,}）")
