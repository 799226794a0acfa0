"""Demo data: four years of enforcement cases in the demo county, taken through the real procedure services.

Deterministic (ctx.random). The cases are against enterprises of the
Enterprise table (none there: nothing is built). Recent cases are left open at the step they have reached, a few
past their time limit, as in a real county; 约谈/曝光/典型案例/移送 measures come with them.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.accounts.choices import Industry
from yingji.platform.core.demodata import register

from .choices import DeliveryMethod, MeasureKind, PenaltyKind, PenaltyTarget, Procedure, RuleCode

FACTS = [
    ("未按规定对重大危险源进行监测监控案", "重大危险源未按规定设置可燃有毒气体检测报警装置。",
     "《中华人民共和国安全生产法》第四十条第一款", "《中华人民共和国安全生产法》第一百零一条第二项"),
    ("未如实记录安全生产教育和培训情况案", "未如实记录从业人员安全生产教育和培训的时间、内容和考核结果。",
     "《中华人民共和国安全生产法》第二十八条第四款", "《中华人民共和国安全生产法》第九十七条第四项"),
    ("特种作业人员未持证上岗案", "电焊作业人员未按规定经专门的安全作业培训并取得相应资格上岗作业。",
     "《中华人民共和国安全生产法》第三十条第一款", "《中华人民共和国安全生产法》第九十七条第七项"),
    ("未采取措施消除事故隐患案", "对检查发现的事故隐患未按责令限期整改指令书要求完成整改。",
     "《中华人民共和国安全生产法》第四十一条第二款", "《中华人民共和国安全生产法》第一百零二条"),
    ("有限空间作业未执行审批制度案", "有限空间作业前未进行审批、未进行通风和检测。",
     "《工贸企业有限空间作业安全规定》第十二条", "《工贸企业有限空间作业安全规定》第二十九条"),
    ("安全设备未经常性维护保养案", "消防水泵、防爆电气等安全设备未进行经常性维护、保养和定期检测。",
     "《中华人民共和国安全生产法》第三十六条第一款", "《中华人民共和国安全生产法》第九十九条第三项"),
]
CASES_PER_YEAR = 30  # in the demo county
FINES = [3000, 5000, 8000, 10000, 15000, 20000, 30000, 50000, 80000, 100000]
# imposing departments and how often each imposes (应急 most, then 消防, 市监, 住建)
DEPARTMENT_WEIGHTS = [(None, 60), (Industry.FIRE, 20), (Industry.MARKET, 10), (Industry.HOUSING, 10)]


def _weekday(d):
    """`d`, or the next working day of the holiday calendar (a step is not dated on a Sunday or in 春节)."""
    from yingji.platform.workdays.services import is_working_day

    while not is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


@register(order=55)
def build_enforcement(ctx):
    from yingji.platform.workdays.services import cached

    with cached():  # the holiday calendar is read once for the whole demo
        _build_enforcement(ctx)


def _build_enforcement(ctx):
    from yingji.supervision.enterprises.models import Enterprise

    from . import services
    from .models import EnforcementCase, Measure

    county = ctx.county
    prefix = county.code[:6]
    if EnforcementCase.objects.filter(region__code__startswith=prefix).exists():
        return
    enterprises = list(Enterprise.objects.filter(region__code__startswith=prefix, voided_at__isnull=True)
                       .order_by("pk"))
    users = getattr(ctx, "users", {}) or {}
    team = [u for u in (users.get("inspector"), users.get("inspector2")) if u is not None]
    if not enterprises or len(team) < 2:
        return
    rnd = ctx.random
    departments = getattr(ctx, "departments", {}) or {}
    bureau = ctx.bureau
    today = timezone.localdate()
    actor = team[0]
    leader = users.get("leader")

    def pick_department():
        industry = rnd.choices([i for i, _w in DEPARTMENT_WEIGHTS], weights=[w for _i, w in DEPARTMENT_WEIGHTS])[0]
        return departments.get(industry) or bureau if industry else bureau

    def step(d, lo, hi):
        return _weekday(d + datetime.timedelta(days=rnd.randint(lo, hi)))

    # a case filed during a campaign against an enterprise it covers belongs to it (its penalties and measures
    # follow the case): the campaign's page then states its cases, fines and 曝光 (no random draw is added)
    from yingji.supervision.campaigns.models import Campaign

    campaigns = [(c, {e.pk for e in c.enterprises.all()}) for c in Campaign.objects.filter(
        region__code__startswith=prefix, voided_at__isnull=True).prefetch_related("enterprises")]

    def campaign_of(enterprise, day):
        return next((c for c, covered in campaigns if c.start_date <= day <= c.end_date and enterprise.pk in covered),
                    None)

    for year in range(today.year - 3, today.year + 1):
        count = max(1, CASES_PER_YEAR + rnd.randint(-5, 5))
        for _i in range(count):
            filed = _weekday(datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randint(0, 364)))
            if filed >= today:
                continue
            enterprise = rnd.choice(enterprises)
            title, facts, violated, basis = rnd.choice(FACTS)
            simple = rnd.random() < 0.15
            case = EnforcementCase.objects.create(
                enterprise=enterprise, title=title, facts=f"经查，{enterprise.name}{facts}",
                violated_provisions=violated, penalty_basis=basis, origin=rnd.choice(["inspection"] * 6 + [
                    "hazard", "hazard", "report", "other"]),
                procedure=Procedure.SIMPLE if simple else Procedure.ORDINARY, department=pick_department(),
                campaign=campaign_of(enterprise, filed), created_by=actor)
            _walk(case, services, rnd, filed, today, team, actor, leader, simple)
            if case.state != "draft" and rnd.random() < 0.12:
                Measure.objects.create(kind=rnd.choice([MeasureKind.EXPOSURE, MeasureKind.TYPICAL_REPORTED,
                                                        MeasureKind.TYPICAL_PUBLISHED]),
                                       date=min(today, filed + datetime.timedelta(days=40)), enterprise=enterprise,
                                       case=case, department=case.department, note="结合本案开展警示教育",
                                       created_by=actor)
        for kind, n, note in [(MeasureKind.INTERVIEW, 6, "约谈企业主要负责人，督促落实隐患整改"),
                              (MeasureKind.EXPOSURE, 2, "在县融媒体中心曝光重大违法行为"),
                              (MeasureKind.JUDICIAL_TRANSFER, 1, "涉嫌危险作业罪，移送县公安局")]:
            for _k in range(n):
                date = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randint(0, 364))
                if date >= today:
                    continue
                enterprise = rnd.choice(enterprises)
                Measure.objects.create(kind=kind, date=date, enterprise=enterprise, department=bureau, note=note,
                                       created_by=actor)


def _walk(case, services, rnd, d, today, team, actor, leader, simple):
    """Take the case as far as the calendar allows; stop at a random step for some open cases."""

    def ok(date):
        return date <= today

    kw = {"actor": actor, "officers": team}
    services.file_case(case, date=d, **kw)
    if simple:
        fine = rnd.choice([None, 200, 500, 1000, 2000, 3000])
        penalties = [{"kind": PenaltyKind.FINE, "amount": fine}] if fine else [{"kind": PenaltyKind.WARNING}]
        services.decide_case(case, date=d, penalties=penalties, **kw)
        services.deliver_decision(case, date=d, method=DeliveryMethod.DIRECT, **kw)
        d = _weekday(d + datetime.timedelta(days=rnd.randint(0, 12)))
        if not ok(d):
            return
        services.record_execution(case, date=d, paid_amount=fine, **kw)
    else:
        stall = rnd.random() < 0.08  # a case that waits too long for its decision
        d = _weekday(d + datetime.timedelta(days=rnd.randint(3, 15)))
        if not ok(d):
            return
        services.record_investigation(case, date=d, **kw)
        d = _weekday(d + datetime.timedelta(days=rnd.randint(2, 8)))
        if not ok(d):
            return
        fine = Decimal(rnd.choice(FINES))
        serious = fine >= 30000 or rnd.random() < 0.1
        services.notify_case(case, date=d, hearing_right=serious, note="送达行政处罚告知书", **kw)
        if serious and rnd.random() < 0.3:
            request = _weekday(d + datetime.timedelta(days=rnd.randint(1, 4)))
            if not ok(request) or request > services.hearing_request_deadline(case):
                return
            services.request_hearing(case, date=request, **kw)
            notice = _weekday(request + datetime.timedelta(days=1))
            held = _weekday(notice + datetime.timedelta(days=rnd.randint(12, 16)))
            # at least 7 working days after the notice, also when a holiday falls in between
            held = max(held, services.rules.deadline(RuleCode.HEARING_NOTICE, notice)[0])
            if not ok(held):
                return
            services.hold_hearing(case, date=held, notice_date=notice, note="听证会公开举行", **kw)
            d = held
        d = _weekday(d + datetime.timedelta(days=rnd.randint(10, 70 if stall else 25)))
        if case.state == "notified" and case.hearing_right:  # not before the party's hearing window has closed
            d = max(d, _weekday(services.hearing_request_deadline(case) + datetime.timedelta(days=1)))
        if not ok(d):
            return
        penalties = [{"kind": PenaltyKind.FINE, "amount": fine}]
        if rnd.random() < 0.3:  # 一案双罚
            penalties.append({"kind": PenaltyKind.FINE, "target": PenaltyTarget.PRINCIPAL,
                              "amount": Decimal(rnd.choice([2000, 5000, 10000, 20000]))})
        roll = rnd.random()
        if roll < 0.08:
            penalties.append({"kind": PenaltyKind.SUSPENSION, "suspension_days": rnd.choice([15, 30, 60])})
        elif roll < 0.10:
            penalties = [{"kind": PenaltyKind.CLOSURE}]
        elif roll < 0.13:
            penalties.append({"kind": PenaltyKind.CONFISCATION, "amount": Decimal(rnd.randint(5, 80) * 1000)})
        services.decide_case(case, date=d, penalties=penalties, note="经集体讨论决定", **kw)
        d = _weekday(d + datetime.timedelta(days=rnd.randint(0, 6)))
        if not ok(d):
            return
        services.deliver_decision(case, date=d, method=rnd.choice([DeliveryMethod.DIRECT, DeliveryMethod.POST]),
                                  **kw)
        late = rnd.random() < 0.1
        d = _weekday(d + datetime.timedelta(days=rnd.randint(20, 40) if late else rnd.randint(2, 14)))
        if not ok(d):
            return
        money = sum((p["amount"] for p in penalties if p["kind"] in (PenaltyKind.FINE, PenaltyKind.CONFISCATION)),
                    Decimal(0))
        paid = None
        if money:
            paid = money + services.late_payment_surcharge_for(case, d)
        services.record_execution(case, date=d, paid_amount=paid, paid_on=d if money else None, **kw)
    d = _weekday(d + datetime.timedelta(days=rnd.randint(3, 20)))
    if not ok(d):
        return
    services.close_case(case, date=d, note="结案审批", **kw)
    if leader is not None and rnd.random() < 0.4:
        review_on = _weekday(d + datetime.timedelta(days=rnd.randint(10, 60)))
        if ok(review_on) and leader.has_perm("enforcement.approve_enforcementcase"):
            scores = {code: (maximum - rnd.choice([0, 0, 0, 1, 2]) if maximum > 2 else maximum, "")
                      for code, _label, maximum in services.REVIEW_ITEMS}
            services.review_case(case, actor=leader, date=review_on, scores=scores, conclusion="案卷基本规范")
