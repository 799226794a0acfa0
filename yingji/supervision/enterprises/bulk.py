"""The enterprises' part of the bulk history (platform/core/bulkload.py): 5,000 enterprises per unit of scale, with
valid 统一社会信用代码 of their own series (the base demo's codes carry 'MA…' organisation codes, so the two never meet)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core import bulkload

ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(first8):
    """The 9-character 组织机构代码 (GB 11714) of its first 8 characters: the 9th is its check character."""
    c = 11 - sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS)) % 11
    return first8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code(code6, n):
    """A valid 统一社会信用代码 (GB 32100) of a 企业 (91) registered in county `code6`: the embedded organisation code
    is '9' and a 7-digit serial with its GB 11714 check character, the last character the GB 32100 check. (The base
    demo's codes carry 'MA…' organisation codes, so the two never meet.)"""
    from yingji.platform.core.validators import with_check_character

    return with_check_character(f"91{code6}{organisation_code(f'9{n:07d}')}")



@dataclass(slots=True)
class _Ent:
    pk: int
    county: int
    region_id: int
    township_id: int
    sector: str
    dept_id: int
    name: str
    principal: str
    weight: float


@bulkload.register(order=10, key="enterprises", per_scale=5_000)
def enterprises(run, total):
    """The enterprises under supervision, gathered in a few townships of each county; left on `run.enterprises`
    (pk, county index, region, township, sector, department, name, principal, risk weight) for the later writers."""
    from . import demo as E
    from .choices import OperatingStatus, Sector, Size, StandardisationGrade
    from .models import Enterprise

    cols = ["id", "name", "credit_code", "address", "region", "longitude", "latitude", "sector", "subsector", "size",
            "supervising_department", "risk_grade", "status", "standardisation_grade", "insurer", "insurance_policy",
            "insurance_expiry", "principal_name", "principal_phone", "notes", "filed_on", "created_at", "updated_at",
            "void_reason"]
    table = bulkload.Table(Enterprise, cols)
    weights = [w for _s, w, _i, _n in E.PROFILE]
    sub_keys, sub_weights = list(E.SUBSECTOR_WEIGHTS), list(E.SUBSECTOR_WEIGHTS.values())
    grade_weight = {"A": 3.0, "B": 2.0, "C": 1.2, "D": 1.0}
    standard = [StandardisationGrade.LEVEL2, StandardisationGrade.LEVEL3, StandardisationGrade.LEVEL3,
                StandardisationGrade.SMALL, StandardisationGrade.NONE]
    counties, rnd, now, today = run.counties, run.rnd, run.now, run.today
    ents = []
    per_county = bulkload.apportion(total, [c.weight for c in counties])
    for ci, (c, n_here) in enumerate(zip(counties, per_county)):
        code6 = c.region.code[:6]
        # industry gathers in a few townships (开发区, 工业功能区): Zipf-like weights over a shuffled order
        towns = list(c.townships)
        rnd.shuffle(towns)
        town_w = [1 / (rank + 1) ** 0.8 for rank in range(len(towns))]
        used = set()
        start = Enterprise.objects.filter(credit_code__startswith=f"91{code6}9").count() + 1
        for k, town in enumerate(rnd.choices(towns, weights=town_w, k=n_here)):
            sector, _w, industry, suffixes = rnd.choices(E.PROFILE, weights=weights)[0]
            subsector = ""
            if sector == Sector.INDUSTRY_TRADE:
                subsector = rnd.choices(sub_keys, weights=sub_weights)[0]
                suffix = E.SUBSECTOR_SUFFIX[subsector]
            else:
                suffix = rnd.choice(suffixes)
            places = c.villages.get(town.pk) or [town]
            region = town if rnd.random() < 0.15 else rnd.choice(places)
            name = f"{town.name[:2]}{rnd.choice(E.WORDS)}{rnd.choice(E.WORDS)}{suffix}"
            if name in used:
                name = f"{c.region.name[:2]}{town.name[:2]}{rnd.choice(E.WORDS)}{suffix}"
            if name in used:
                name = f"{name[:-len(suffix)]}{k}{suffix}"
            used.add(name)
            high_risk = sector in (Sector.HAZCHEM_PRODUCTION, Sector.NON_COAL_MINE, Sector.FIREWORKS)
            grade = rnd.choices("ABCD", weights=[3, 5, 3, 1] if high_risk else [1, 3, 8, 12])[0]
            status = rnd.choices([OperatingStatus.OPERATING, OperatingStatus.SUSPENDED, OperatingStatus.CLOSED],
                                 weights=[90, 6, 4])[0]
            insured = sector != Sector.OTHER and rnd.random() < 0.85
            dept = c.departments.get(industry, c.bureau) if industry else c.bureau
            principal = E.person(rnd)
            created = now - datetime.timedelta(days=rnd.randint(4 * 365, 9 * 365), minutes=rnd.randint(0, 600))
            pk = table.new_id()
            serial = start + k
            table.add((
                pk, name, credit_code(code6, serial), f"{town.name}{rnd.choice(E.STREETS)}{rnd.randint(1, 300)}号",
                region.pk, Decimal(121_000_000 + rnd.randint(0, 900_000)) / 1_000_000,
                Decimal(28_200_000 + rnd.randint(0, 900_000)) / 1_000_000, sector, subsector,
                Size.ABOVE_SCALE if rnd.random() < 0.3 else Size.SMALL, dept.pk, grade, status, rnd.choice(standard),
                rnd.choice(E.INSURERS) if insured else "", f"PZAA{today.year}{code6}{serial:07d}" if insured else "",
                today + datetime.timedelta(days=rnd.randint(-30, 365)) if insured else None, principal,
                E.phone(rnd), "", timezone.localdate(created), created, created, ""))
            ents.append(_Ent(pk, ci, region.pk, town.pk, sector, dept.pk, name, principal, grade_weight[grade]))
    table.close()
    run.enterprises = ents
    run.counts["enterprises"] = len(ents)
    run.say(f"企业 {len(ents):,}")
