"""History ledgers of relief: the 救助发放台账 imported again skips what is there (also without counting it twice
against the batch's balance), and the 民房保险理赔台账 import."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from yingji.analysis.reports.engine import annual_report
from yingji.disaster.relief.choices import ReliefCategory
from yingji.disaster.relief.models import HousingInsuranceClaim, ReliefPayment
from yingji.disaster.relief.testing import make_housing_policy, make_relief_fund
from yingji.platform.core import excel, imports

ID = "331099195601011234"
ID2 = "331099194802081234"


def _ledger(spec, rows):
    spec = imports.get(spec)
    return spec, io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def _run(name, rows, user):
    spec, f = _ledger(name, rows)
    return imports.run(spec, f, "台账.xlsx", user)


@pytest.fixture
def fund(world):
    return make_relief_fund(world, world.regions.county, amount=Decimal("10000"),
                            received_on=datetime.date(2024, 1, 10), category=ReliefCategory.WINTER_SPRING)


def _payment(fund, name, amount, paid_on="2024-02-01", code="331099101201"):
    return [fund.pk, "户", name, ID, "13912345678", code, "冬春救助", 2, amount, None, paid_on, None]


def test_relief_ledger_reimport_skips_without_counting_the_balance_twice(world, fund):
    user = world.users.disaster
    rows = [_payment(fund, "甲", 6000), _payment(fund, "乙", 3000)]
    assert _run("relief-payments", rows, user).created == 2
    # the same file again, with a new row that fits the 1000 left: only the new row, and no overdraw error
    again = _run("relief-payments", [*rows, _payment(fund, "丙", 1000, "2024-03-01")], user)
    assert again.ok, again.errors
    assert (again.created, again.skipped) == (1, 2)
    assert ReliefPayment.objects.count() == 3 and fund.balance() == 0
    # a new row beyond the balance is still refused
    over = _run("relief-payments", [*rows, _payment(fund, "丁", 1, "2024-03-02")], user)
    assert not over.ok and "超出该批款物的结余" in str(over.errors)
    assert ReliefPayment.objects.count() == 3


def test_the_same_payment_twice_in_a_file_is_an_error(world, fund):
    result = _run("relief-payments", [_payment(fund, "甲", 100), _payment(fund, "甲", 100)], world.users.disaster)
    assert [(r, c, m) for r, c, m in result.errors] == [(3, "身份证号", "与第 2 行重复")]


@pytest.fixture
def policy(world):
    return make_housing_policy(world, world.regions.county, year=2024, premium=Decimal("145000"),
                               insured_households=14500)


def _claim(name="周阿公", id_number=ID2, code="331099101201", amount="3200", paid_on="2024-08-15", year="2024"):
    return [year, name, id_number, "13612345678", code, amount, paid_on]


def test_housing_claims_good_file_and_the_years_report(world, policy):
    result = _run("housing-insurance-claims", [_claim(), _claim("王大伯", ID, amount="6800", paid_on="2024/9/1")],
                  world.users.admin)
    assert result.ok, result.errors
    assert HousingInsuranceClaim.objects.filter(policy=policy).count() == 2
    claim = HousingInsuranceClaim.objects.get(household_name="王大伯")
    assert claim.paid_on == datetime.date(2024, 9, 1) and claim.region == world.regions.village_a
    report = annual_report(world.users.admin, world.regions.county, 2024, today=datetime.date(2026, 11, 23))
    section = next(s for p in report.parts for s in p.sections if s.key == "relief")
    assert section.paragraphs[-1].text == ("推进农村住房灾害保险，14500户农户参保，保费14.5万元；"
                                           "全年受理赔付因灾民房受损群众2户，赔款1万元。")


def test_a_townships_own_policy_is_chosen_before_the_countys(world, policy):
    own = make_housing_policy(world, world.regions.township_a, year=2024, insured_households=100)
    assert _run("housing-insurance-claims", [_claim()], world.users.admin).ok
    assert HousingInsuranceClaim.objects.get().policy == own


@pytest.mark.parametrize("row,column,message", [
    (_claim(year="2023"), "保险年度", "2023 年度没有您辖区内的民房保险保单"),
    (_claim(code="331098101000"), "村（社区）区划代码", "不在您的管辖范围内"),
    (_claim(id_number=ID2[:-1] + "5"), "身份证号", "校验位错误"),
    (_claim(paid_on="2026-01-05"), "赔付日期", "赔付日期应在保险年度内或次年"),
    (_claim(amount="-1"), "赔款（元）", ""),
    (_claim(paid_on="八月"), "赔付日期", "日期格式应为"),
])
def test_each_kind_of_claim_error_writes_nothing(world, policy, row, column, message):
    result = _run("housing-insurance-claims", [_claim(), row], world.users.admin)
    assert any(r == 3 and c == column and message in m for r, c, m in result.errors), result.errors
    assert not HousingInsuranceClaim.objects.exists()


def test_a_township_officer_cannot_import_another_townships_claims(world, policy):
    result = _run("housing-insurance-claims", [_claim(), _claim(code="331099102000")], world.users.disaster)
    assert [(r, c) for r, c, _m in result.errors] == [(3, "村（社区）区划代码")]


def test_claims_reimport_skips(world, policy):
    rows = [_claim(), _claim("王大伯", ID, amount="6800")]
    assert _run("housing-insurance-claims", rows, world.users.admin).created == 2
    again = _run("housing-insurance-claims", rows, world.users.admin)
    assert again.ok and (again.created, again.skipped) == (0, 2)
    assert HousingInsuranceClaim.objects.count() == 2


def test_claims_template_columns(world):
    book = openpyxl.load_workbook(io.BytesIO(imports.get("housing-insurance-claims").template_xlsx()))
    assert [c.value for c in book.worksheets[0][1]] == ["保险年度", "户主", "身份证号", "联系电话", "村（社区）区划代码",
                                                       "赔款（元）", "赔付日期"]


def test_a_200_row_claims_import_costs_a_constant_number_of_queries(world, policy, django_assert_max_num_queries):
    from yingji.platform.core.validators import with_id_check_character

    rows = [_claim(f"户主{n}", with_id_check_character(f"33109919600101{n:03d}"), amount=str(100 + n))
            for n in range(200)]
    _run("housing-insurance-claims", rows[:1], world.users.admin)
    with django_assert_max_num_queries(15):
        result = _run("housing-insurance-claims", rows[1:], world.users.admin)
    assert result.ok and result.created == 199, result.errors[:3]


def test_a_200_row_relief_import_costs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    big = make_relief_fund(world, world.regions.county, amount=Decimal("1000000"),
                           received_on=datetime.date(2024, 1, 10), category=ReliefCategory.WINTER_SPRING)
    rows = [_payment(big, f"户主{n}", 100 + n) for n in range(200)]
    _run("relief-payments", rows[:1], world.users.disaster)
    with django_assert_max_num_queries(15):
        result = _run("relief-payments", rows[1:], world.users.disaster)
    assert result.ok and result.created == 199, result.errors[:3]
    assert big.balance() == Decimal("1000000") - sum(Decimal(100 + n) for n in range(200))


def test_a_voided_payment_is_not_imported_again_and_frees_its_amount(world, fund):
    from yingji.platform.core.services import void_record

    user = world.users.disaster
    assert _run("relief-payments", [_payment(fund, "甲", 6000)], user).ok
    void_record(ReliefPayment.objects.get(), actor=world.users.admin, reason="发放对象有误")
    result = _run("relief-payments", [_payment(fund, "甲", 6000), _payment(fund, "乙", 10000)], user)
    assert result.ok and (result.created, result.skipped) == (1, 1), result.errors
    assert fund.balance() == 0
