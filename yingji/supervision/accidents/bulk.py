"""The accidents' part of the bulk history (platform/core/bulkload.py): 250 accidents per unit of scale."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from yingji.platform.core import bulkload


@bulkload.register(order=50, key="accidents", per_scale=250)
def accidents(run, total):
    """Accidents with their grades from the stored rules, their reports up the levels (some late) and the
    investigations of the serious ones."""
    counties, rnd, now, tz, counts = run.counties, run.rnd, run.now, run.tz, run.counts
    from . import demo as A
    from .choices import AccidentType, Duty, Grade, Nature, ReportKind, ReportLevel
    from .models import Accident, AccidentInvestigation, AccidentReport
    from .services import compute_grade, grade_rules, reporting_rule

    table = bulkload.Table(Accident, ["id", "occurred_at", "place", "region", "unit_name", "department", "sector",
                             "accident_type", "deaths", "missing", "serious_injuries", "injuries", "direct_loss",
                             "summary", "grade", "grade_reason", "investigation_extended",
                             "investigation_report_date", "created_at", "updated_at", "void_reason"])
    reports = bulkload.Table(AccidentReport, ["id", "accident", "kind", "to_level", "reported_at", "reporter", "note",
                                     "snapshot", "deadline", "deadline_basis", "is_late", "created_at", "updated_at",
                                     "void_reason"])
    investigations = bulkload.Table(AccidentInvestigation, [
        "id", "accident", "lead_unit", "leader", "members", "started_on", "nature", "cause", "approved_on",
        "criminal_count", "discipline_count", "penalised_count", "enterprise_fine", "measures", "review_due",
        "reviewed_on", "review_result", "created_at", "updated_at", "void_reason"])
    weights = [w for _s, w, _t, _i in A.PROFILE]
    type_labels = dict(AccidentType.choices)
    today = timezone.localdate()
    rule_cache = {}

    def rules_for(county, sector):
        key = (county.region.pk, sector)
        if key not in rule_cache:
            probe = SimpleNamespace(occurred_at=now, region=county.region, region_id=county.region.pk, sector=sector)
            rule_cache[key] = (grade_rules(today, county.region), reporting_rule(Duty.UNIT_TO_COUNTY, probe),
                               reporting_rule(Duty.LEVEL_UP, probe))
        return rule_cache[key]

    span = bulkload.YEARS * 365 * 24 * 60
    for county, n_here in zip(counties, bulkload.apportion(total, [c.weight for c in counties])):
        for _i in range(n_here):
            sector, _w, types, industry = rnd.choices(A.PROFILE, weights=weights)[0]
            when = now - datetime.timedelta(days=1, minutes=rnd.randint(0, span))
            township = rnd.choice(county.townships)
            roll = rnd.random()
            deaths = 3 if roll < 0.02 else (2 if roll < 0.08 else (0 if roll < 0.35 else 1))
            injuries = rnd.choice([0, 0, 0, 1, 2])
            serious = min(injuries, rnd.choice([0, 0, 1]))
            loss = Decimal(rnd.randint(3, 180) * 10000 + rnd.randint(0, 99) * 100)
            pattern = rnd.choice(A.PLACES.get(sector, ["{t}工业功能区", "{t}{n}号厂房", "{t}在建工地"]))
            place = pattern.format(n=rnd.randint(10, 99), k=rnd.randint(1, 60), t=township.name.rstrip("镇乡街道"))
            kind = A.UNIT_KIND.get(sector, "")
            unit = f"{county.region.name[:2]}{rnd.choice(A.UNIT_WORDS)}{kind}" if kind else ""
            atype = rnd.choice(types)
            grades, unit_rule, up_rule = rules_for(county, sector)
            figures = SimpleNamespace(deaths=deaths, missing=0, serious_injuries=serious, injuries=injuries,
                                      direct_loss=loss)
            grade, reason = compute_grade(figures, rules=grades)
            local = timezone.localtime(when)
            report_date = (local + datetime.timedelta(days=rnd.randint(35, 70))).date() \
                if when < now - datetime.timedelta(days=75) else None
            summary = f"{local:%Y年%m月%d日%H时%M分}，{place}发生一起{type_labels[types[0]]}事故。"
            pk = table.new_id()
            dept = county.departments.get(industry) or county.bureau
            table.add((pk, when, place, township.pk, unit, dept.pk, sector, atype, deaths, 0, serious, injuries, loss,
                       summary, grade, reason, False, report_date, when, when, ""))
            snapshot = {"deaths": deaths, "missing": 0, "serious_injuries": serious, "injuries": injuries,
                        "direct_loss": str(loss.quantize(Decimal("0.01"))), "grade": grade,
                        "grade_display": str(Grade(grade).label), "occurred_at": when.isoformat(), "place": place,
                        "unit_name": unit, "summary": summary}
            first = when + datetime.timedelta(minutes=rnd.choice([15, 25, 40, 50, 55, 70, 95]))
            due = when + unit_rule.delta if unit_rule else None
            reports.add((reports.new_id(), pk, ReportKind.FIRST, ReportLevel.COUNTY, first, unit or "现场人员", "",
                         snapshot, due, unit_rule.legal_basis if unit_rule else "", bool(due and first > due),
                         first, first, ""))
            top = {Grade.ORDINARY: ReportLevel.CITY, Grade.LARGER: ReportLevel.PROVINCE}.get(grade,
                                                                                           ReportLevel.MINISTRY)
            received = first
            for level in range(ReportLevel.CITY, top + 1):
                sent = received + datetime.timedelta(minutes=rnd.choice([40, 60, 90, 110, 150]))
                up_due = received + up_rule.delta if up_rule else None
                reports.add((reports.new_id(), pk, ReportKind.FIRST, level, sent, county.bureau.name, "", snapshot,
                             up_due, up_rule.legal_basis if up_rule else "", bool(up_due and sent > up_due),
                             sent, sent, ""))
                received = sent
            if report_date is not None and (deaths or serious):
                approved = report_date + datetime.timedelta(days=rnd.choice([6, 9, 12, 14, 18]))
                liable = rnd.random() < 0.85
                review = approved + datetime.timedelta(days=rnd.randint(280, 360))
                started = local.date() + datetime.timedelta(days=1)
                stamp = datetime.datetime.combine(started, datetime.time(1), tzinfo=tz)
                investigations.add((
                    investigations.new_id(), pk, f"{county.region.name}人民政府（委托县应急管理局牵头）",
                    "县应急管理局分管副局长", "县应急管理局、县公安局、县总工会、县人力社保局及相关行业主管部门", started,
                    Nature.LIABLE if liable else Nature.NOT_LIABLE,
                    "作业人员违章操作，企业安全管理制度不落实、安全教育培训不到位。" if liable else "",
                    approved if approved <= today else None,
                    rnd.choice([0, 0, 1, 1, 2]) if liable else 0, rnd.choice([0, 1, 2]) if liable else 0,
                    rnd.choice([0, 1]) if liable else 0,
                    Decimal(rnd.choice([0, 100000, 150000, 200000])) if liable else Decimal(0),
                    "落实全员安全生产责任制，开展隐患排查治理和全员安全培训。", approved + datetime.timedelta(days=365),
                    review if review <= today else None, "责任追究和整改措施已落实。" if review <= today else "",
                    stamp, stamp, ""))
    counts["accidents"] = table.close()
    counts["accident_reports"] = reports.close()
    counts["accident_investigations"] = investigations.close()
    run.say(f"事故 {counts['accidents']:,}")
