"""Grades are computed from the rules stored as data: boundaries, the highest measure wins, recomputation."""

from decimal import Decimal

import pytest

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.accidents.choices import Grade
from yingji.supervision.accidents.models import Accident, AccidentGradeRule

ORD, LARGER, MAJOR, EXTRA = Grade.ORDINARY, Grade.LARGER, Grade.MAJOR, Grade.EXTRAORDINARY
WAN = Decimal(10000)


@pytest.mark.parametrize("deaths,expected", [
    (0, ORD), (2, ORD), (3, LARGER), (9, LARGER), (10, MAJOR), (29, MAJOR), (30, EXTRA), (31, EXTRA)])
def test_deaths_boundaries(world, deaths, expected):
    a = world.sample(Accident, deaths=deaths, direct_loss=0)
    assert a.grade == expected


@pytest.mark.parametrize("serious,expected", [
    (9, ORD), (10, LARGER), (49, LARGER), (50, MAJOR), (99, MAJOR), (100, EXTRA)])
def test_serious_injury_boundaries(world, serious, expected):
    a = world.sample(Accident, deaths=0, serious_injuries=serious, injuries=serious, direct_loss=0)
    assert a.grade == expected


@pytest.mark.parametrize("loss_wan,expected", [
    (Decimal("999.9"), ORD), (Decimal("1000"), LARGER), (Decimal("4999"), LARGER), (Decimal("5000"), MAJOR),
    (Decimal("9999"), MAJOR), (Decimal("10000"), EXTRA)])
def test_direct_loss_boundaries(world, loss_wan, expected):
    a = world.sample(Accident, deaths=0, direct_loss=loss_wan * WAN)
    assert a.grade == expected


def test_the_highest_measure_decides(world):
    a = world.sample(Accident, deaths=1, serious_injuries=12, injuries=20, direct_loss=6000 * WAN)
    assert a.grade == MAJOR
    assert "直接经济损失6000万元" in a.grade_reason and "第493号" in a.grade_reason


def test_grade_is_recomputed_when_figures_change_and_the_change_is_audited(world):
    a = world.sample(Accident, deaths=2, direct_loss=0)
    assert a.grade == ORD
    a.deaths = 3
    a.save()
    a.refresh_from_db()
    assert a.grade == LARGER
    from django.contrib.contenttypes.models import ContentType

    change = ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(Accident),
                                         object_id=a.pk).order_by("-pk").first()
    assert change.prechange["deaths"] == 2 and change.postchange["deaths"] == 3
    assert change.prechange["grade"] == ORD and change.postchange["grade"] == LARGER
    assert "一般事故调整为较大事故" in change.message


def test_grade_cannot_be_typed(world, api_for):
    a = world.sample(Accident, deaths=0, direct_loss=0)
    r = api_for(world.users.admin).patch(f"/api/v1/accidents/{a.pk}/", {"grade": EXTRA}, format="json")
    assert r.status_code == 200
    a.refresh_from_db()
    assert a.grade == ORD


def test_missing_persons_do_not_count_under_the_national_rule(world):
    a = world.sample(Accident, deaths=2, missing=1, direct_loss=0)
    assert a.grade == ORD


def test_a_provinces_own_rule_overrides_the_national_one(world):
    AccidentGradeRule.objects.create(grade=LARGER, region=world.regions.province, min_deaths=3,
                                     min_serious_injuries=10, min_loss=1000 * WAN, missing_counts_as_deaths=True,
                                     legal_basis="某省实施办法：下落不明人数计入死亡人数")
    a = world.sample(Accident, deaths=2, missing=1, direct_loss=0)
    assert a.grade == LARGER
    assert "含下落不明" in a.grade_reason and "某省实施办法" in a.grade_reason


def test_a_rule_applies_only_within_its_validity_dates(world):
    import datetime

    AccidentGradeRule.objects.create(grade=LARGER, region=world.regions.province, min_deaths=2,
                                     valid_to=datetime.date(2020, 12, 31), legal_basis="已废止的地方规定")
    a = world.sample(Accident, deaths=2, direct_loss=0)
    assert a.grade == ORD
