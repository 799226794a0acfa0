"""Demo data: five years of production-safety accidents in the demo county, with their reports.

Deterministic (ctx.random). Most are 一般 accidents with one death on
the roads, building sites and in small factories, as in a real county; a 较大 accident now and then.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.accounts.choices import Industry
from yingji.platform.core.demodata import register

from .choices import AccidentType, Nature, ReportKind, ReportLevel, Sector

# (sector, weight, typical types, responsible industry department)
PROFILE = [
    (Sector.ROAD_TRANSPORT, 34, [AccidentType.VEHICLE], Industry.TRANSPORT),
    (Sector.CONSTRUCTION, 16, [AccidentType.FALL_FROM_HEIGHT, AccidentType.COLLAPSE, AccidentType.STRUCK_BY_OBJECT,
                               AccidentType.LIFTING], Industry.HOUSING),
    (Sector.MACHINERY, 10, [AccidentType.MACHINERY, AccidentType.LIFTING], Industry.ECONOMY),
    (Sector.LIGHT_INDUSTRY, 6, [AccidentType.MACHINERY, AccidentType.SCALD_BURN], Industry.ECONOMY),
    (Sector.COMMERCE, 5, [AccidentType.ELECTROCUTION, AccidentType.FALL_FROM_HEIGHT], Industry.COMMERCE),
    (Sector.HAZCHEM, 4, [AccidentType.POISONING_ASPHYXIA, AccidentType.VESSEL_EXPLOSION], Industry.EMERGENCY),
    (Sector.NON_COAL_MINE, 3, [AccidentType.ROOF_FALL, AccidentType.BLASTING], Industry.EMERGENCY),
    (Sector.FIRE, 10, [AccidentType.FIRE], Industry.FIRE),
    (Sector.WATERWAY, 4, [AccidentType.DROWNING], Industry.TRANSPORT),
    (Sector.FIREWORKS, 1, [AccidentType.EXPLOSIVES], Industry.EMERGENCY),
    (Sector.AGRI_MACHINERY, 3, [AccidentType.VEHICLE, AccidentType.MACHINERY], Industry.AGRICULTURE),
    (Sector.OTHER, 4, [AccidentType.DROWNING, AccidentType.OTHER], Industry.EMERGENCY),
]
PLACES = {Sector.ROAD_TRANSPORT: ["省道S{n}线{k}公里处", "县道X{n}线{k}公里处", "{t}镇区主干道路口"],
          Sector.WATERWAY: ["{t}渡口", "江口航道{k}号浮标附近"]}
UNIT_WORDS = ["永安", "恒达", "华兴", "鑫源", "东方", "宏远", "金桥", "瑞丰", "安泰", "顺通"]
UNIT_KIND = {Sector.ROAD_TRANSPORT: "运输有限公司", Sector.CONSTRUCTION: "建设工程有限公司",
             Sector.MACHINERY: "机械制造有限公司", Sector.LIGHT_INDUSTRY: "鞋业有限公司",
             Sector.COMMERCE: "商贸有限公司", Sector.HAZCHEM: "化工有限公司", Sector.NON_COAL_MINE: "石料有限公司",
             Sector.WATERWAY: "航运有限公司", Sector.FIREWORKS: "烟花爆竹经营部", Sector.AGRI_MACHINERY: "农机专业合作社",
             Sector.FIRE: "", Sector.OTHER: ""}


@register(order=60)
def build_accidents(ctx):
    from .models import Accident, AccidentInvestigation, AccidentReport

    rnd = ctx.random
    county = ctx.county
    if Accident.objects.filter(region__code__startswith=county.code[:6]).exists():
        return
    now = timezone.now()
    this_year = timezone.localdate().year
    weights = [w for _s, w, _t, _i in PROFILE]
    departments = getattr(ctx, "departments", {}) or {}
    bureau = getattr(ctx, "bureau", None)
    reporter = ctx.users.get("duty") if getattr(ctx, "users", None) else None
    for offset, year in enumerate(range(this_year - 4, this_year + 1)):
        # a county whose figures fall over the years, with some noise
        count = 14 - 2 * offset + rnd.randint(-2, 2)
        for _i in range(max(count, 1)):
            sector, _w, types, industry = rnd.choices(PROFILE, weights=weights)[0]
            start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
            when = start + datetime.timedelta(minutes=rnd.randint(0, 365 * 24 * 60 - 1))
            if when > now - datetime.timedelta(days=1):
                continue
            township = rnd.choice(ctx.townships)
            roll = rnd.random()
            deaths = 3 if roll < 0.03 else (2 if roll < 0.10 else (0 if roll < 0.25 else 1))
            injuries = rnd.choice([0, 0, 0, 1, 2])
            serious = min(injuries, rnd.choice([0, 0, 1]))
            loss = Decimal(rnd.randint(3, 180) * 10000) + Decimal(rnd.randint(0, 99) * 100)
            place_pattern = rnd.choice(PLACES.get(sector, ["{t}工业功能区", "{t}{n}号厂房", "{t}在建工地"]))
            place = place_pattern.format(n=rnd.randint(10, 99), k=rnd.randint(1, 60), t=township.name.rstrip("镇乡街道"))
            kind = UNIT_KIND.get(sector, "")
            unit = f"安澜县{rnd.choice(UNIT_WORDS)}{kind}" if kind else ""
            accident = Accident(
                occurred_at=when, place=place, region=township, unit_name=unit, sector=sector,
                accident_type=rnd.choice(types), deaths=deaths, missing=0, serious_injuries=serious,
                injuries=injuries, direct_loss=loss, department=departments.get(industry) or bureau,
                summary=f"{timezone.localtime(when):%Y年%m月%d日%H时%M分}，{place}发生一起{dict(AccidentType.choices)[types[0]]}事故。",
                investigation_report_date=(timezone.localtime(when) + datetime.timedelta(days=rnd.randint(35, 70))).date()
                if when < now - datetime.timedelta(days=75) else None,
            )
            accident.save()
            # the unit's report: usually within the hour, now and then late (迟报)
            first = when + datetime.timedelta(minutes=rnd.choice([15, 25, 40, 50, 55, 70, 95]))
            AccidentReport(accident=accident, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY,
                           reported_at=first, reporter=unit or "现场人员", created_by=reporter).save()
            if accident.investigation_report_date is not None and (accident.deaths or accident.serious_injuries):
                _investigate(rnd, accident, AccidentInvestigation, reporter)
            AccidentReport(accident=accident, kind=ReportKind.FIRST, to_level=ReportLevel.CITY,
                           reported_at=first + datetime.timedelta(minutes=rnd.choice([40, 60, 90, 110, 150])),
                           reporter=str(ctx.bureau) if bureau else "县应急管理局", created_by=reporter).save()


def _investigate(rnd, accident, model, actor):
    """The county's investigation: approved within the limit as a rule, liability, and a 回头看 a year on."""
    today = timezone.localdate()
    occurred = timezone.localdate(accident.occurred_at)
    approved = accident.investigation_report_date + datetime.timedelta(days=rnd.choice([6, 9, 12, 14, 18]))
    liable = rnd.random() < 0.85
    review = approved + datetime.timedelta(days=rnd.randint(280, 360))
    model(accident=accident, lead_unit="安澜县人民政府（委托县应急管理局牵头）", leader="县应急管理局分管副局长",
          members="县应急管理局、县公安局、县总工会、县人力社保局及相关行业主管部门",
          started_on=occurred + datetime.timedelta(days=1), nature=Nature.LIABLE if liable else Nature.NOT_LIABLE,
          cause="作业人员违章操作，企业安全管理制度不落实、安全教育培训不到位。" if liable else "",
          approved_on=approved if approved <= today else None,
          criminal_count=rnd.choice([0, 0, 1, 1, 2]) if liable else 0,
          discipline_count=rnd.choice([0, 1, 2]) if liable else 0,
          penalised_count=rnd.choice([0, 1]) if liable else 0,
          enterprise_fine=Decimal(rnd.choice([0, 100000, 150000, 200000])) if liable else Decimal(0),
          measures="落实全员安全生产责任制，开展隐患排查治理和全员安全培训。",
          review_due=approved + datetime.timedelta(days=365),
          reviewed_on=review if review <= today else None,
          review_result="责任追究和整改措施已落实。" if review <= today else "", created_by=actor).save()
