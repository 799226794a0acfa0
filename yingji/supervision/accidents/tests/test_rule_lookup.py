"""The one rule lookup (yingji.platform.core.rules) on the accident tables: region override (most specific wins),
validity dates to the day, the newest row, voided rows, and a sector's own rule."""

import datetime

import pytest

from yingji.platform.core.services import void_record
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region
from yingji.supervision.accidents.choices import Duty, Grade, Sector
from yingji.supervision.accidents.models import AccidentGradeRule, ReportingRule

pytestmark = pytest.mark.django_db

D = datetime.date
LARGER = Grade.LARGER


def _grade_rule(min_deaths, **kw):
    kw.setdefault("legal_basis", f"测试规定：死亡{min_deaths}人")
    return AccidentGradeRule.objects.create(grade=LARGER, min_deaths=min_deaths, **kw)


def _larger(day, region):
    return AccidentGradeRule.objects.rule_for(day, region, grade=LARGER)


def test_the_national_seeded_rule_applies_without_an_override(world):
    rule = _larger(D(2026, 6, 1), world.regions.township_a)
    assert rule.region_id is None and rule.min_deaths == 3 and "第493号" in rule.legal_basis


def test_the_most_specific_region_wins(world):
    r = world.regions
    province = _grade_rule(4, region=r.province)
    county = _grade_rule(5, region=r.county)
    other = _grade_rule(6, region=r.other_county)
    day = D(2026, 6, 1)
    assert _larger(day, r.village_a) == county  # village → township → county row beats the province row
    assert _larger(day, r.other_township) == other
    assert _larger(day, r.city) == province  # the city has no row of its own: its province's
    elsewhere = Region.objects.create(code="320000000000", name="江苏省", level=Level.PROVINCE)
    assert _larger(day, elsewhere).region_id is None  # another province's rows never apply
    assert _larger(day, None).region_id is None


def test_validity_dates_count_to_the_day(world):
    r = world.regions
    row = _grade_rule(4, region=r.province, valid_from=D(2027, 1, 1), valid_to=D(2027, 12, 31))
    assert _larger(D(2026, 12, 31), r.county).region_id is None
    assert _larger(D(2027, 1, 1), r.county) == row
    assert _larger(D(2027, 12, 31), r.county) == row
    assert _larger(D(2028, 1, 1), r.county).region_id is None


def test_in_one_region_the_newest_valid_from_wins_and_voided_rows_never_apply(world):
    r = world.regions
    old = _grade_rule(4, region=r.province, valid_from=D(2020, 1, 1))
    new = _grade_rule(5, region=r.province, valid_from=D(2026, 3, 1))
    assert _larger(D(2026, 2, 28), r.county) == old
    assert _larger(D(2026, 3, 1), r.county) == new
    void_record(new, actor=world.users.admin, reason="录入错误")
    assert _larger(D(2026, 3, 1), r.county) == old


def test_one_rule_per_grade(world):
    _grade_rule(4, region=world.regions.province)
    rules = AccidentGradeRule.objects.rules_by("grade", D(2026, 6, 1), world.regions.county)
    assert set(rules) == set(Grade.values)
    assert rules[LARGER].min_deaths == 4 and rules[Grade.MAJOR].region_id is None


def test_a_sectors_own_rule_wins_and_other_sectors_rules_never_apply(world):
    day, county = D(2026, 6, 1), world.regions.county
    general = ReportingRule.objects.rule_for(day, county, narrow=Sector.MACHINERY, duty=Duty.SUPPLEMENT)
    road = ReportingRule.objects.rule_for(day, county, narrow=Sector.ROAD_TRANSPORT, duty=Duty.SUPPLEMENT)
    assert general.sectors == [] and general.hours == 30 * 24
    assert road.sectors and Sector.ROAD_TRANSPORT in road.sectors and road.hours == 7 * 24
    # a province's general row beats the national general row, but not the national row of the sector itself
    ReportingRule.objects.create(duty=Duty.SUPPLEMENT, hours=20 * 24, region=world.regions.province,
                                 legal_basis="某省规定")
    supplement = ReportingRule.objects.rule_for
    assert supplement(day, county, narrow=Sector.MACHINERY, duty=Duty.SUPPLEMENT).hours == 480
    assert supplement(day, county, narrow=Sector.ROAD_TRANSPORT, duty=Duty.SUPPLEMENT).hours == 7 * 24


def test_a_row_equal_to_another_in_key_region_and_valid_from_is_refused(world):
    from django.core.exceptions import ValidationError

    _grade_rule(4, region=world.regions.province, valid_from=D(2027, 1, 1))
    twin = AccidentGradeRule(grade=LARGER, min_deaths=5, region=world.regions.province, valid_from=D(2027, 1, 1),
                             legal_basis="重复")
    with pytest.raises(ValidationError) as e:
        twin.full_clean()
    assert "相同适用区划、相同施行日期" in str(e.value)
    twin.valid_from = D(2027, 1, 2)
    twin.full_clean()
    bad = AccidentGradeRule(grade=LARGER, region=world.regions.township_a, valid_from=D(2027, 2, 1),
                            valid_to=D(2027, 1, 1), legal_basis="x")
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert set(e.value.message_dict) == {"region", "valid_to"}
