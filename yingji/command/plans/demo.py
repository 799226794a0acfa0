"""Demo data: the demo county's plans of every kind (county 总体/专项/部门 plans, each township's and some villages'
plans, the enterprises' 综合 plans and 现场处置方案, a 大型活动 plan), each with its versions, response levels and
actions; three years of drills with findings, some closed by a revision, some by a decision, some still open; and
the enterprise plans' 备案 in every state. Deterministic (ctx.random). Enterprises are read from ctx (the demo's
context), never imported: the command domain does not import supervision."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import DrillKind, EnterprisePart, EventType, PlanKind, RevisionReason

PDF = b"%PDF-1.4\n%demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HIGH_RISK_SECTORS = {"hazchem_production", "hazchem_trade", "hazchem_use", "non_coal_mine", "fireworks",
                     "construction", "crowded"}

# (name, kind, event type, owner: "bureau" or an industry, production safety)
COUNTY_PLANS = [
    ("安澜县突发事件总体应急预案", PlanKind.OVERALL, EventType.ALL, "bureau", False),
    ("安澜县防汛防台应急预案", PlanKind.SPECIAL, EventType.FLOOD, "water", False),
    ("安澜县森林火灾应急预案", PlanKind.SPECIAL, EventType.FOREST_FIRE, "forestry", False),
    ("安澜县地质灾害应急预案", PlanKind.SPECIAL, EventType.GEOLOGICAL, "natural_resources", False),
    ("安澜县生产安全事故应急预案", PlanKind.SPECIAL, EventType.PRODUCTION_SAFETY, "bureau", True),
    ("安澜县危险化学品事故应急预案", PlanKind.SPECIAL, EventType.HAZCHEM, "bureau", True),
    ("安澜县自然灾害救助应急预案", PlanKind.SPECIAL, EventType.RELIEF, "bureau", False),
    ("安澜县道路交通事故应急预案", PlanKind.DEPARTMENT, EventType.TRAFFIC, "transport", True),
    ("安澜县建设工程事故应急预案", PlanKind.DEPARTMENT, EventType.PRODUCTION_SAFETY, "housing", True),
]
TRIGGERS = {
    "4": "发生或可能发生一般突发事件，或气象等部门发布蓝色预警，事态可控",
    "3": "发生较大突发事件，或发布黄色预警，需要县级统一组织应对",
    "2": "发生重大突发事件，或发布橙色预警，超出县级部门处置能力",
    "1": "发生特别重大突发事件，或发布红色预警，需要全县动员",
}
BUREAU_ACTIONS = {
    "4": "加强值班值守，每日会商研判，指导乡镇做好防范",
    "3": "县应急指挥部办公室24小时值班，派出工作组，调度救援队伍和物资",
    "2": "县领导坐镇指挥，前置救援力量，组织危险区域人员转移",
    "1": "启动全县应急动员，请求上级支援，统一指挥抢险救援",
}
TOWNSHIP_ACTIONS = {
    "4": "落实村（社区）网格巡查，检查山塘水库和地质灾害隐患点",
    "3": "镇应急指挥部集中办公，组织受威胁群众预转移",
    "2": "组织危险区域人员全部转移，开放避灾安置点",
    "1": "全镇停工停课停业，全力抢险救灾，确保人员安全",
}
FINDINGS = ["转移路线图未标注备用路线", "部分村应急广播无法正常使用", "物资储备清单与实际库存不符",
            "信息报送流程不清，首报时间超时", "救援队伍集结时间过长", "部分参演人员不熟悉职责分工",
            "应急通讯在山区信号盲区中断", "现场警戒范围设置偏小"]
DRILL_NAMES = {EventType.FLOOD: "防汛防台转移避险演练", EventType.FOREST_FIRE: "森林火灾扑救演练",
               EventType.GEOLOGICAL: "地质灾害避险演练", EventType.HAZCHEM: "危险化学品泄漏处置演练",
               EventType.PRODUCTION_SAFETY: "生产安全事故应急救援演练", EventType.ALL: "突发事件综合应急演练",
               EventType.RELIEF: "自然灾害救助应急演练", EventType.TRAFFIC: "道路交通事故救援演练",
               EventType.EVENT: "大型活动安保应急演练"}


def _pdf(name):
    return ContentFile(PDF, name=name)


@register(order=80)
def build_plans(ctx):
    from .models import Plan, PlanAction, PlanLevel, PlanVersion

    if not getattr(ctx, "county", None) or Plan.objects.filter(region=ctx.county).exists():
        return
    rnd = ctx.random
    today = timezone.localdate()
    users = getattr(ctx, "users", {}) or {}
    admin = users.get("admin")
    departments = getattr(ctx, "departments", {}) or {}
    plans = []

    def add_plan(name, kind, event_type, region, *, owner=None, owner_name="", credit_code="", part="",
                 production_safety=False, high_risk=False, years_ago=None):
        issued = today - datetime.timedelta(days=rnd.randint(200, 365 * (years_ago or 4)))
        plan = Plan(name=name, kind=kind, event_type=event_type, region=region, owner=owner, owner_name=owner_name,
                    owner_credit_code=credit_code, enterprise_part=part, production_safety=production_safety,
                    high_risk=high_risk, issued_on=issued, document_no=f"安政办发〔{issued.year}〕{rnd.randint(1, 90)}号"
                    if kind in (PlanKind.OVERALL, PlanKind.SPECIAL) else "", created_by=admin)
        if rnd.random() < 0.5 and (today - issued).days > 400:
            plan.last_evaluated_on = issued + datetime.timedelta(days=rnd.randint(300, (today - issued).days - 10))
            plan.evaluation_note = "预案总体可行，建议结合机构调整修订部分职责"
        plan.save()
        PlanVersion(plan=plan, label=f"{issued.year}年版", issued_on=issued, document_no=plan.document_no,
                    reason=RevisionReason.INITIAL, file=_pdf(f"{name}.pdf"), uploaded_by=admin).save()
        plans.append(plan)
        return plan

    def add_levels(plan, unit_a, unit_b_name, actions, levels=("4", "3", "2", "1")):
        for level in levels:
            PlanLevel(plan=plan, level=level, trigger=TRIGGERS[level]).save()
            PlanAction(plan=plan, level=level, unit=unit_a, action=actions[level], position=1).save()
            PlanAction(plan=plan, level=level, unit_name=unit_b_name, action="按指挥部指令做好本单位职责范围内的工作",
                       position=2).save()

    for name, kind, event_type, owner_key, safety in COUNTY_PLANS:
        owner = ctx.bureau if owner_key == "bureau" else departments.get(owner_key, ctx.bureau)
        plan = add_plan(name, kind, event_type, ctx.county, owner=owner, production_safety=safety)
        add_levels(plan, ctx.bureau, "各乡镇人民政府、街道办事处", BUREAU_ACTIONS)
    offices = getattr(ctx, "offices", []) or []
    for i, township in enumerate(ctx.townships):
        office = offices[i] if i < len(offices) else ctx.bureau
        plan = add_plan(f"{township.name}防汛防台应急预案", PlanKind.TOWNSHIP, EventType.FLOOD, township, owner=office)
        add_levels(plan, office, "各村（社区）两委", TOWNSHIP_ACTIONS, levels=("4", "3", "2"))
        if i % 2 == 0:
            add_plan(f"{township.name}生产安全事故应急预案", PlanKind.TOWNSHIP, EventType.PRODUCTION_SAFETY, township,
                     owner=office, production_safety=True)
    for village in [v for v in ctx.villages if rnd.random() < 0.08][:12]:
        township_index = next((i for i, t in enumerate(ctx.townships) if t.pk == village.parent_id), 0)
        office = offices[township_index] if township_index < len(offices) else ctx.bureau
        add_plan(f"{village.name}防汛防台和地质灾害应急预案", PlanKind.VILLAGE, EventType.FLOOD, village, owner=office)
    enterprises = list(getattr(ctx, "enterprises", []) or [])
    risky = [e for e in enterprises if getattr(e, "sector", "") in HIGH_RISK_SECTORS][:18]
    others = [e for e in enterprises if getattr(e, "sector", "") not in HIGH_RISK_SECTORS][:10]
    for e in risky + others:
        high = e in risky
        event = EventType.HAZCHEM if str(getattr(e, "sector", "")).startswith("hazchem") else \
            EventType.PRODUCTION_SAFETY
        add_plan(f"{e.name}生产安全事故综合应急预案", PlanKind.ENTERPRISE, event, e.region, owner_name=e.name,
                 credit_code=getattr(e, "credit_code", "") or "", part=EnterprisePart.COMPREHENSIVE, high_risk=high)
        if high:
            add_plan(f"{e.name}现场处置方案", PlanKind.ENTERPRISE, event, e.region, owner_name=e.name,
                     credit_code=getattr(e, "credit_code", "") or "", part=EnterprisePart.ONSITE, high_risk=True,
                     years_ago=2)
    add_plan("安澜县“山海马拉松”大型活动应急预案", PlanKind.EVENT, EventType.EVENT, ctx.county, owner=ctx.bureau,
             years_ago=1)
    ctx.plans = plans
    _filings(ctx, [p for p in plans if p.kind == PlanKind.ENTERPRISE], users)


def _filings(ctx, plans, users):
    """The enterprise plans' 备案 in every state: most filed, some accepted, submitted, returned or not yet."""
    from . import services

    rnd = ctx.random
    clerk = users.get("admin")
    approver = users.get("inspector") or users.get("leader") or users.get("admin")
    if clerk is None or approver is None:
        return
    for plan in plans:
        r = rnd.random()
        if r < 0.12:
            continue  # 未提交
        services.submit_filing(plan, actor=clerk, authority="安澜县应急管理局")
        if r < 0.2:
            continue
        if r < 0.26:
            services.return_filing(plan, actor=approver, note="缺少应急资源调查报告和风险评估报告，请补正")
            continue
        services.accept_filing(plan, actor=approver)
        if r < 0.34:
            continue
        services.file_plan(plan, actor=approver, filing_no=f"3310992{plan.issued_on.year}{plan.pk:04d}")


@register(order=81)
def build_drills(ctx):
    from . import services
    from .models import Drill, DrillFinding

    plans = getattr(ctx, "plans", None)
    if not plans or Drill.objects.filter(plans__in=plans).exists():
        return
    rnd = ctx.random
    today = timezone.localdate()
    users = getattr(ctx, "users", {}) or {}
    actor = users.get("admin")
    county_kinds = [DrillKind.COMPREHENSIVE, DrillKind.SPECIAL, DrillKind.TABLETOP, DrillKind.LIVE]
    for plan in plans:
        if plan.kind == PlanKind.VILLAGE and rnd.random() < 0.5:
            continue
        per_year = 2 if plan.kind == PlanKind.ENTERPRISE and plan.high_risk else 1
        day = plan.issued_on
        while True:
            day = day + datetime.timedelta(days=rnd.randint(150, 200) if per_year == 2 else rnd.randint(300, 500))
            if day > today:
                break
            if rnd.random() < 0.15:
                continue  # a missed drill: some plans are overdue
            if plan.kind == PlanKind.ENTERPRISE:
                kind = rnd.choice([DrillKind.LIVE, DrillKind.TABLETOP, DrillKind.SPECIAL])
                participants = rnd.randint(15, 80)
                organiser = {"organiser_name": plan.owner_name}
            elif plan.kind in (PlanKind.TOWNSHIP, PlanKind.VILLAGE):
                kind = rnd.choice([DrillKind.LIVE, DrillKind.TABLETOP])
                participants = rnd.randint(40, 300)
                organiser = {"organiser": plan.owner}
            else:
                kind = rnd.choice(county_kinds) if rnd.random() > 0.1 else DrillKind.BLIND
                participants = rnd.randint(120, 800)
                organiser = {"organiser": plan.owner}
            drill = Drill(name=f"{day.year}年{plan.region.name}{DRILL_NAMES.get(plan.event_type, '应急演练')}",
                          held_on=day, kind=kind, region=plan.region, participants=participants,
                          scenario=f"模拟{DRILL_NAMES.get(plan.event_type, '突发事件')[:-2]}情景，检验预案的可操作性",
                          summary="演练达到预期目的，参演单位职责明确、响应迅速", created_by=actor, **organiser)
            drill.save()
            drill.plans.set([plan])
            if rnd.random() < 0.45 and actor is not None:
                finding = DrillFinding(drill=drill, plan=plan, text=rnd.choice(FINDINGS),
                                       responsible=plan.owner_label, created_by=actor)
                finding.save()
                age = (today - day).days
                if age > 60 and rnd.random() < 0.55:
                    revised = day + datetime.timedelta(days=rnd.randint(20, min(age - 1, 120)))
                    services.add_version(plan, actor=actor, label=f"{revised.year}年修订版（{drill.pk}）",
                                         issued_on=revised, file=_pdf(f"{plan.name}-修订.pdf"),
                                         reason=RevisionReason.DRILL, summary=f"针对演练发现的“{finding.text}”修订",
                                         findings=[finding])
                elif age > 30 and rnd.random() < 0.5:
                    services.close_by_decision(finding, actor=actor, note="已通过专题培训和现场整改解决，预案无须修订")
