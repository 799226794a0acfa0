"""Demo data: the demo county's enterprise files (一企一档), their key persons and major hazard sources.

Deterministic (ctx.random); 300 enterprises in the demo county.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yingji.platform.accounts.choices import Industry
from yingji.platform.core.demodata import insert, register
from yingji.platform.core.validators import with_check_character

from . import grading
from .choices import KeyPersonRole, OperatingStatus, RiskGrade, Sector, Size, StandardisationGrade, SubSector

DEMO_ENTERPRISES = 300
# (sector, weight, supervising department's industry (None = the bureau itself), name suffixes)
PROFILE = [
    (Sector.HAZCHEM_PRODUCTION, 3, None, ["化工有限公司", "新材料有限公司"]),
    (Sector.HAZCHEM_TRADE, 6, None, ["化工贸易有限公司", "加油站", "危化品经营部"]),
    (Sector.HAZCHEM_USE, 6, None, ["涂装有限公司", "电镀有限公司", "制药有限公司"]),
    (Sector.NON_COAL_MINE, 2, None, ["石料有限公司", "矿业有限公司"]),
    (Sector.FIREWORKS, 2, None, ["烟花爆竹批发部", "烟花爆竹零售点"]),
    (Sector.INDUSTRY_TRADE, 40, None, []),
    (Sector.CONSTRUCTION, 12, Industry.HOUSING, ["建设工程有限公司", "建筑安装有限公司"]),
    (Sector.ROAD_TRANSPORT, 8, Industry.TRANSPORT, ["运输有限公司", "客运有限公司", "物流有限公司"]),
    (Sector.GAS, 3, Industry.HOUSING, ["燃气有限公司", "液化气供应站"]),
    (Sector.CROWDED, 14, Industry.FIRE, ["商场", "宾馆", "KTV", "农家乐", "超市"]),
    (Sector.OTHER, 4, Industry.MARKET, ["有限公司"]),
]
SUBSECTOR_SUFFIX = {
    SubSector.METALLURGY: "铸造有限公司", SubSector.NONFERROUS: "铝业有限公司", SubSector.BUILDING_MATERIALS: "新型建材有限公司",
    SubSector.MACHINERY: "机械制造有限公司", SubSector.LIGHT: "鞋业有限公司", SubSector.TEXTILE: "纺织有限公司",
    SubSector.TOBACCO: "烟叶复烤有限公司", SubSector.COMMERCE: "商贸有限公司",
}
SUBSECTOR_WEIGHTS = {SubSector.METALLURGY: 4, SubSector.NONFERROUS: 2, SubSector.BUILDING_MATERIALS: 6,
                     SubSector.MACHINERY: 14, SubSector.LIGHT: 10, SubSector.TEXTILE: 6, SubSector.TOBACCO: 1,
                     SubSector.COMMERCE: 7}
WORDS = ("永安 恒达 华兴 鑫源 东方 宏远 金桥 瑞丰 安泰 顺通 天成 汇丰 嘉禾 博远 新奥 海天 明达 正泰 中兴 隆盛 "
         "旭日 长江 宝丰 荣盛 福星 盛世 同力 锦华 美亚 九洲").split()
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 郑 梁 谢 叶 潘 蒋 蔡".split()
GIVEN = "伟 芳 军 敏 勇 杰 磊 强 洋 艳 涛 明 超 斌 华 平 刚 辉 鹏 飞 建国 海峰 志强 国平 晓东 丽萍 建华 春燕".split()
INSURERS = ["中国人民财产保险", "中国平安财产保险", "中国太平洋财产保险", "中华联合财产保险"]
STREETS = ["工业路", "兴业路", "滨江路", "创业大道", "经济开发区", "园区一路", "园区二路", "中山路", "人民路"]


def person(rnd):
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN)


def phone(rnd):
    return f"1{rnd.choice('3589')}{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}"


@register(order=40)
def build_enterprises(ctx):
    from .models import CriticalQuantity, Enterprise, KeyPerson

    rnd = ctx.random
    county = ctx.county
    existing = list(Enterprise.objects.filter(region__code__startswith=county.code[:6]))
    if existing:
        ctx.enterprises = existing
        return
    today = timezone.localdate()
    departments = getattr(ctx, "departments", {}) or {}
    places = list(ctx.townships) + list(ctx.villages)
    liaisons = [u for k, u in (getattr(ctx, "users", {}) or {}).items() if k in ("inspector", "inspector2")]
    weights = [w for _s, w, _i, _n in PROFILE]
    sub_keys, sub_weights = list(SUBSECTOR_WEIGHTS), list(SUBSECTOR_WEIGHTS.values())
    enterprises = []
    used_names = set()
    for n in range(1, DEMO_ENTERPRISES + 1):
        sector, _w, industry, suffixes = rnd.choices(PROFILE, weights=weights)[0]
        subsector = ""
        if sector == Sector.INDUSTRY_TRADE:
            subsector = rnd.choices(sub_keys, weights=sub_weights)[0]
            suffix = SUBSECTOR_SUFFIX[subsector]
        else:
            suffix = rnd.choice(suffixes)
        region = rnd.choice(places)
        township_name = (region if region.level == 4 else region.parent).name if region.parent_id else region.name
        name = f"{county.name[:2]}{rnd.choice(WORDS)}{suffix}"
        if name in used_names:
            name = f"{township_name[:2]}{rnd.choice(WORDS)}{rnd.choice(WORDS)}{suffix}"
        if name in used_names:
            name = f"{name[:-4]}（{n}）{name[-4:]}"
        used_names.add(name)
        high_risk = sector in (Sector.HAZCHEM_PRODUCTION, Sector.NON_COAL_MINE, Sector.FIREWORKS)
        grade = rnd.choices(["A", "B", "C", "D"], weights=[3, 5, 3, 1] if high_risk else [1, 3, 8, 12])[0]
        status = rnd.choices([OperatingStatus.OPERATING, OperatingStatus.SUSPENDED, OperatingStatus.CLOSED],
                             weights=[90, 6, 4])[0]
        insured = sector != Sector.OTHER and rnd.random() < 0.85
        lon = Decimal("121.000000") + Decimal(rnd.randint(0, 400000)) / Decimal(1000000)
        lat = Decimal("28.600000") + Decimal(rnd.randint(0, 300000)) / Decimal(1000000)
        enterprises.append(Enterprise(
            name=name, credit_code=with_check_character(f"91{county.code[:6]}MA{n:07d}"),
            address=f"{township_name}{rnd.choice(STREETS)}{rnd.randint(1, 300)}号", region=region,
            longitude=lon, latitude=lat, sector=sector, subsector=subsector,
            size=Size.ABOVE_SCALE if rnd.random() < 0.3 else Size.SMALL,
            supervising_department=departments.get(industry, ctx.bureau) if industry else ctx.bureau,
            risk_grade=RiskGrade(grade), status=status,
            standardisation_grade=rnd.choice([StandardisationGrade.LEVEL2, StandardisationGrade.LEVEL3,
                                              StandardisationGrade.LEVEL3, StandardisationGrade.SMALL,
                                              StandardisationGrade.NONE]),
            insurer=rnd.choice(INSURERS) if insured else "",
            insurance_policy=f"PZAA{today.year}{n:09d}" if insured else "",
            insurance_expiry=today + datetime.timedelta(days=rnd.randint(-30, 365)) if insured else None,
            principal_name=person(rnd), principal_phone=phone(rnd),
            liaison=rnd.choice(liaisons) if liaisons and grade in ("A", "B") else None,
            # filed years ago, so that reports of past years count them (the demo history spans five years)
            created_at=timezone.now() - datetime.timedelta(days=rnd.randint(6 * 365, 9 * 365)),
        ))
        enterprises[-1].filed_on = timezone.localdate(enterprises[-1].created_at)
    insert(enterprises)

    persons, sources = [], []
    refs = {r.name: r for r in CriticalQuantity.objects.current()}
    for e in enterprises:
        persons.append(KeyPerson(enterprise=e, role=KeyPersonRole.PRINCIPAL, name=e.principal_name,
                                 phone=e.principal_phone, certificate_kind="主要负责人安全生产知识和管理能力考核合格证",
                                 certificate_no=f"3310{rnd.randint(10**11, 10**12 - 1)}",
                                 certificate_expiry=today + datetime.timedelta(days=rnd.randint(-20, 3 * 365))))
        persons.append(KeyPerson(enterprise=e, role=KeyPersonRole.SAFETY_MANAGER, name=person(rnd), phone=phone(rnd),
                                 certificate_kind="安全生产管理人员安全生产知识和管理能力考核合格证",
                                 certificate_no=f"3310{rnd.randint(10**11, 10**12 - 1)}",
                                 certificate_expiry=today + datetime.timedelta(days=rnd.randint(-20, 3 * 365))))
        for _k in range(rnd.choice([0, 0, 1, 2])):
            kind = rnd.choice(["电工作业", "焊接与热切割作业", "高处作业", "危险化学品安全作业", "制冷与空调作业"])
            persons.append(KeyPerson(enterprise=e, role=KeyPersonRole.SPECIAL_OPERATOR, name=person(rnd),
                                     certificate_kind=f"特种作业操作证（{kind}）",
                                     certificate_no=f"T33{rnd.randint(10**14, 10**15 - 1)}",
                                     certificate_expiry=today + datetime.timedelta(days=rnd.randint(-30, 6 * 365))))
        if e.sector == Sector.HAZCHEM_PRODUCTION or (e.sector in (Sector.HAZCHEM_TRADE, Sector.HAZCHEM_USE)
                                                      and rnd.random() < 0.2):
            sources.append(_hazard_source(rnd, e, today, refs))
    insert(persons)
    insert(sources)
    chemicals = []
    for source in sources:
        for c in source._demo_chemicals:
            c.source = source
            chemicals.append(c)
    insert(chemicals)
    ctx.enterprises = enterprises


# 九小场所 a 网格员 patrols (small shops, eateries, workshops): the places of the demo's grids
GRID_PLACES = ["小吃店", "五金店", "液化气供应点", "小旅馆", "小超市", "美发店", "小作坊", "网吧", "小歌舞厅"]


@register(order=41)
def build_grid_places(ctx):
    """One to three 九小场所 in each grid of the demo (accounts/demo.py makes the grids): the places its 网格员
    patrols, counted as "N个网格, M个场所" on the township's pages. Their own random sequence (ctx.random is not
    drawn from), and they are not in ctx.enterprises, so the rest of the demo is what it was before grids."""

    from .models import Enterprise, KeyPerson

    grids = getattr(ctx, "grids", None) or []
    if not grids or Enterprise.objects.filter(region__in=grids).exists():
        ctx.grid_places = list(Enterprise.objects.filter(region__in=grids).order_by("pk"))
        return
    rnd = random.Random(f"grid-places-{ctx.county.code}")
    department = (getattr(ctx, "departments", {}) or {}).get(Industry.MARKET, ctx.bureau)
    places = []
    for grid in grids:
        for kind in rnd.sample(GRID_PLACES, k=rnd.randint(1, 3)):
            n = len(places) + 1
            places.append(Enterprise(
                name=f"{grid.parent.name}{rnd.choice(WORDS)}{kind}",
                credit_code=with_check_character(f"92{ctx.county.code[:6]}GD{n:07d}"),  # 92: 个体工商户
                address=f"{grid.parent.parent.name}{grid.parent.name}{rnd.randint(1, 120)}号", region=grid,
                sector=Sector.CROWDED, size=Size.SMALL, supervising_department=department, risk_grade=RiskGrade.D,
                status=OperatingStatus.OPERATING, standardisation_grade=StandardisationGrade.NONE,
                principal_name=person(rnd), principal_phone=phone(rnd),
                created_at=timezone.now() - datetime.timedelta(days=rnd.randint(200, 3 * 365))))
            places[-1].filed_on = timezone.localdate(places[-1].created_at)
    insert(places)
    persons = [KeyPerson(enterprise=e, role=KeyPersonRole.PRINCIPAL, name=e.principal_name, phone=e.principal_phone)
               for e in places]
    insert(persons)
    ctx.grid_places = places


# the units a county's chemical enterprises typically declare: (unit name, [(表1 chemical, q as a multiple of Q,
# β)]); β of the toxic gases comes from GB 18218 表3 (the reference table), of flammable gases 1.5, else 1 (表4)
SOURCE_KINDS = [
    ("液氨储罐区", [("氨", (2, 6), None)]),
    ("液氯库房", [("氯", (1.5, 4), None)]),
    ("甲醇罐区", [("甲醇", (1, 3), Decimal(1))]),
    ("油品罐区", [("汽油", (1, 3), Decimal(1)), ("甲苯", (0.2, 0.6), Decimal(1))]),
    ("液化石油气储罐区", [("液化石油气", (1.2, 4), Decimal("1.5"))]),
    ("溶剂罐区", [("甲苯", (0.4, 1), Decimal(1)), ("丙酮", (0.3, 0.8), Decimal(1)), ("乙醇", (0.2, 0.5), Decimal(1))]),
    ("制冷车间", [("氨", (1.2, 3), None)]),
]
def _hazard_source(rnd, enterprise, today, refs):
    """An unsaved source with its chemicals in `_demo_chemicals`; its level mostly agrees with R.
    `refs`: the 表1 reference rows in force, by name."""
    from .models import HazardChemical, MajorHazardSource

    unit, recipe = rnd.choice(SOURCE_KINDS)
    rows = []
    for name, (lo, hi), beta in recipe:
        ref = refs[name]
        q = (ref.critical_quantity * Decimal(rnd.uniform(lo, hi))).quantize(Decimal("0.1"))
        rows.append(HazardChemical(reference=ref, name=name, cas_no=ref.cas_no, max_quantity=q,
                                   critical_quantity=ref.critical_quantity, beta=ref.beta or beta))
    # some units still lack the exposure count (R is then not computed)
    people = rnd.choice([None, 0, 12, 35, 60, 150, 420])
    r = grading.r_value(grading.alpha_for(people), ((c.max_quantity, c.critical_quantity, c.beta) for c in rows))
    level = grading.level_for(r) or rnd.choice([3, 4])
    if rnd.random() < 0.1:  # a registered level the 辨识 report should be checked against
        level = max(1, level - 1)
    source = MajorHazardSource(
        enterprise=enterprise, name=unit, level=level, chemicals="",
        quantity_tonnes=sum((c.max_quantity for c in rows), Decimal(0)), exposed_people=people,
        record_no=f"BA{today.year - rnd.randint(0, 5)}{rnd.randint(1000, 9999)}",
        recorded_on=today - datetime.timedelta(days=rnd.randint(100, 1500)))
    source._demo_chemicals = rows
    return source
