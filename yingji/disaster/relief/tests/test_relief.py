"""Relief funds and payments: no overdrawing a batch, "救助X人次，发放Y万元", masking of personal data, scope."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError

from yingji.disaster.relief.choices import FundKind, ReliefCategory
from yingji.disaster.relief.models import ReliefFund, ReliefPayment
from yingji.disaster.relief.stats import relief_stats
from yingji.disaster.relief.testing import make_relief_fund, make_relief_payment

ID = "331099195601011234"
PHONE = "13912345678"


@pytest.fixture
def fund(world):
    return make_relief_fund(world, world.regions.county, amount=Decimal("10000"),
                            received_on=datetime.date(2025, 1, 10), category=ReliefCategory.WINTER_SPRING)


def _post_payment(client, fund, region, amount, **extra):
    data = {"fund": fund.pk, "recipient_kind": "household", "recipient_name": "李阿婆", "id_number": ID,
            "phone": PHONE, "region": region.pk, "category": fund.category, "person_times": 2, "amount": amount,
            "goods_quantity": 0, "paid_on": "2025-02-01", **extra}
    return client.post("/relief/reliefpayments/add/", data)


def test_a_payment_beyond_the_balance_is_refused_and_nothing_is_written(world, fund, client_for, api_for):
    make_relief_payment(world, world.regions.village_a, fund=fund, amount=Decimal("7000"),
                        paid_on=datetime.date(2025, 2, 1))
    client = client_for(world.users.disaster)
    r = _post_payment(client, fund, world.regions.village_a, "3000.01")
    assert r.status_code == 400
    assert "超出该批款物的结余" in r.content.decode() and "尚余3000.00元" in r.content.decode()
    assert ReliefPayment.objects.count() == 1
    r = api_for(world.users.disaster).post("/api/v1/relief-payments/", {
        "fund": fund.pk, "recipient_name": "李阿婆", "id_number": ID, "region": world.regions.village_a.pk,
        "category": fund.category, "person_times": 1, "amount": "5000", "paid_on": "2025-02-01"}, format="json")
    assert r.status_code == 400 and "超出该批款物的结余" in str(r.json())
    assert ReliefPayment.objects.count() == 1
    # the model refuses it too (the check runs under the fund's row lock on save)
    with pytest.raises(ValidationError):
        ReliefPayment(fund=fund, recipient_name="x", id_number=ID, region=world.regions.village_a,
                      category=fund.category, amount=Decimal("3001"), paid_on=datetime.date(2025, 2, 2)).save()
    assert ReliefPayment.objects.count() == 1
    # exactly the balance is fine, and voiding a payment frees its amount
    assert _post_payment(client, fund, world.regions.village_a, "3000").status_code == 302
    assert fund.balance() == 0
    from yingji.platform.core.services import void_record

    void_record(ReliefPayment.objects.get(amount=Decimal("7000")), actor=world.users.admin, reason="重复登记")
    assert fund.balance() == Decimal("7000")


def test_a_fund_cannot_be_cut_below_what_was_paid(world, fund):
    make_relief_payment(world, world.regions.village_a, fund=fund, amount=Decimal("6000"),
                        paid_on=datetime.date(2025, 2, 1))
    fund.amount = Decimal("5000")
    with pytest.raises(ValidationError) as e:
        fund.full_clean()
    assert "批次总量不能少于已发放数" in str(e.value)


def test_goods_batches_count_quantities(world):
    goods = make_relief_fund(world, world.regions.county, kind=FundKind.GOODS, amount=0, goods_name="棉被",
                             goods_quantity=Decimal("100"), goods_unit="床", received_on=datetime.date(2025, 1, 5))
    make_relief_payment(world, world.regions.village_a, fund=goods, amount=0, goods_quantity=Decimal("60"),
                        paid_on=datetime.date(2025, 1, 6))
    with pytest.raises(ValidationError) as e:
        make_relief_payment(world, world.regions.village_a, fund=goods, amount=0, goods_quantity=Decimal("41"),
                            paid_on=datetime.date(2025, 1, 6))
    assert "尚余40.00床" in str(e.value)


def test_payment_must_be_in_the_fund_region_and_after_receipt(world, fund):
    township_fund = make_relief_fund(world, world.regions.township_a, received_on=datetime.date(2025, 1, 1))
    p = ReliefPayment(fund=township_fund, recipient_name="x", id_number=ID, region=world.regions.village_b,
                      category=ReliefCategory.EMERGENCY, amount=Decimal("10"), paid_on=datetime.date(2024, 12, 1))
    with pytest.raises(ValidationError) as e:
        p.full_clean()
    assert "不在该批款物的接收区划内" in str(e.value) and "不能早于该批款物的到账日期" in str(e.value)
    from yingji.platform.core.services import void_record

    void_record(township_fund, actor=world.users.admin, reason="文号错误")
    p = ReliefPayment(fund=township_fund, recipient_name="x", id_number=ID, region=world.regions.village_a,
                      category=ReliefCategory.EMERGENCY, amount=Decimal("10"), paid_on=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError) as e:
        p.full_clean()
    assert "该批款物已作废" in str(e.value)


@pytest.fixture
def year(world, fund):
    r = world.regions
    make_relief_payment(world, r.village_a, fund=fund, person_times=3, amount=Decimal("4500"),
                        paid_on=datetime.date(2025, 2, 1))
    make_relief_payment(world, r.village_b, fund=fund, person_times=2, amount=Decimal("1500"),
                        paid_on=datetime.date(2025, 3, 1))
    fire = make_relief_fund(world, r.county, category=ReliefCategory.HOUSE_FIRE, amount=Decimal("50000"),
                            level="county", received_on=datetime.date(2025, 3, 1))
    make_relief_payment(world, r.township_a, fund=fire, person_times=4, amount=Decimal("6000"),
                        paid_on=datetime.date(2025, 4, 1))
    make_relief_payment(world, r.village_a, fund=fire, person_times=9, amount=Decimal("9000"),
                        paid_on=datetime.date(2024, 4, 1))  # last year: outside the period
    voided = make_relief_payment(world, r.village_a, fund=fire, person_times=50, amount=Decimal("100"),
                                 paid_on=datetime.date(2025, 4, 1))
    ReliefPayment.objects.filter(pk=voided.pk).update(voided_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))
    other = make_relief_fund(world, r.other_county, received_on=datetime.date(2025, 1, 1))
    make_relief_payment(world, r.other_township, fund=other, person_times=7, amount=Decimal("700"),
                        paid_on=datetime.date(2025, 2, 1))
    return fire


def test_statistics_by_category_and_period_through_scope(world, year):
    s = relief_stats(world.users.admin, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert s["payments"]["text"] == "救助9人次，发放1.2万元"
    cats = {c["category"]: c for c in s["by_category"]}
    assert cats["winter_spring"]["text"] == "救助5人次，发放0.6万元"
    assert cats["house_fire"]["person_times"] == 4 and cats["emergency"]["payments"] == 0
    assert s["funds"]["text"] == "接收救灾资金2批次6万元"
    township = relief_stats(world.users.disaster, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert township["payments"]["text"] == "救助7人次，发放1.05万元"  # his township's villages only
    assert relief_stats(world.users.outsider, datetime.date(2025, 1, 1),
                        datetime.date(2025, 12, 31))["payments"]["text"] == "救助7人次，发放0.07万元"


def test_stats_api(world, year, api_for):
    api = api_for(world.users.leader)
    r = api.get("/api/v1/relief-stats/?start=2025-01-01&end=2025-12-31")
    assert r.status_code == 200 and r.json()["payments"]["text"] == "救助9人次，发放1.2万元"
    assert [f["name"] for f in r.json()["results"]] == ["样例中央自然灾害救灾资金"] * 2  # county A's 2025 batches
    assert api.get("/api/v1/relief-stats/?start=2025-13-01").status_code == 400
    assert api.get("/api/v1/relief-stats/?start=2025-06-01&end=2025-01-01").status_code == 400
    assert api_for(world.users.nobody).get("/api/v1/relief-stats/").status_code == 403


def test_id_numbers_and_phones_are_masked_in_list_export_and_api(world, year, client_for, api_for):
    auditor = client_for(world.users.auditor)
    html = auditor.get("/relief/reliefpayments/").content.decode()
    assert ID not in html and PHONE not in html and "331099********1234" in html and "139****5678" in html
    r = auditor.get("/relief/reliefpayments/?_export=xlsx")
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(BytesIO(r.content)).worksheets[0].iter_rows(values_only=True) for c in row]
    assert ID not in cells and PHONE not in cells and "331099********1234" in cells
    rows = api_for(world.users.auditor).get("/api/v1/relief-payments/").json()["results"]
    assert rows and all(row["id_number"] == "331099********1234" and row["phone"] == "139****5678" for row in rows)
    payment = ReliefPayment.objects.filter(region=world.regions.village_a).first()
    detail = auditor.get(payment.get_absolute_url()).content.decode()
    assert ID not in detail and PHONE not in detail
    # 局领导 may see personal data: in full on the detail page and in the API
    assert ID in client_for(world.users.leader).get(payment.get_absolute_url()).content.decode()
    full = api_for(world.users.leader).get(f"/api/v1/relief-payments/{payment.pk}/").json()
    assert full["id_number"] == ID and full["phone"] == PHONE


def test_scope_township_user_and_outsider(world, year, client_for, api_for):
    in_b = ReliefPayment.objects.get(region=world.regions.village_b)
    in_a = ReliefPayment.objects.filter(region=world.regions.village_a).first()
    assert client_for(world.users.disaster).get(in_b.get_absolute_url()).status_code == 404
    assert client_for(world.users.disaster).get(in_a.get_absolute_url()).status_code == 200
    assert client_for(world.users.outsider).get(in_a.get_absolute_url()).status_code == 404
    assert api_for(world.users.outsider).get(f"/api/v1/relief-payments/{in_a.pk}/").status_code == 404
    # the township officer sees (and pays out of) the county's batch, but cannot change it
    assert client_for(world.users.disaster).get(in_a.fund.get_absolute_url()).status_code == 200
    assert client_for(world.users.disaster).get(f"/relief/relieffunds/{in_a.fund.pk}/edit/").status_code == 403
    # and cannot pay to a village of another township
    r = _post_payment(client_for(world.users.disaster), in_a.fund, world.regions.village_b, "10")
    assert r.status_code == 400 and not ReliefPayment.objects.filter(amount=Decimal("10")).exists()


def test_list_page_and_api_query_counts(world, fund, client_for, api_for, django_assert_max_num_queries):
    client, api = client_for(world.users.admin), api_for(world.users.admin)

    def add(n):
        for _i in range(n):
            make_relief_payment(world, world.regions.village_a, fund=make_relief_fund(world, world.regions.county),
                                amount=Decimal("10"))

    add(2)
    client.get("/relief/reliefpayments/")
    with django_assert_max_num_queries(14) as before:
        assert client.get("/relief/reliefpayments/").status_code == 200
    add(8)
    for url in ("/relief/reliefpayments/", "/relief/relieffunds/"):
        with django_assert_max_num_queries(len(before.captured_queries)):
            assert client.get(url).status_code == 200
    for url in ("/api/v1/relief-payments/", "/api/v1/relief-funds/"):
        with django_assert_max_num_queries(8):
            assert api.get(url).json()["count"] >= 10


def test_fund_detail_shows_the_balance(world, year, client_for):
    html = client_for(world.users.admin).get(year.get_absolute_url()).content.decode()
    assert "结余" in html and "35000.00" in html


def test_demo_builds_five_years_without_overdrawing(db):
    import random
    from types import SimpleNamespace

    from django.db.models import Sum

    from yingji.disaster.losses.demo import build_disasters
    from yingji.disaster.relief.demo import build_relief
    from yingji.platform.accounts.demo import build_county

    ctx = SimpleNamespace(random=random.Random(20261123), scale=1, stdout=None)
    build_county(ctx)
    build_disasters(ctx)
    build_relief(ctx)
    years = set(ReliefFund.objects.dates("received_on", "year"))
    assert len(years) >= 4 and ReliefPayment.objects.count() > 50  # the current year's first batch comes in March
    for f in ReliefFund.objects.annotate(paid=Sum("payments__amount")):
        assert (f.paid or 0) <= f.amount
    from yingji.disaster.relief.models import HousingInsurancePolicy

    assert HousingInsurancePolicy.objects.count() == 5
    # the generated ID numbers carry valid check characters and birth dates, the phones are real mobile numbers
    from yingji.disaster.relief.models import HousingInsuranceClaim
    from yingji.platform.core.validators import validate_id_number, validate_phone

    for model in (ReliefPayment, HousingInsuranceClaim):
        for id_number, phone in model.objects.values_list("id_number", "phone"):
            validate_id_number(id_number)
            validate_phone(phone)
    n = ReliefFund.objects.count()
    build_relief(ctx)
    assert ReliefFund.objects.count() == n


def test_annual_report_section(world, year, client_for):
    from yingji.analysis.reports.engine import annual_report

    report = annual_report(world.users.admin, world.regions.county, 2025, today=datetime.date(2026, 11, 23))
    section = next(s for p in report.parts for s in p.sections if s.key == "relief")
    assert [p.text for p in section.paragraphs] == [
        "全年共接收各级救灾资金2批次6万元，其中中央1万元、县级5万元；救助受灾群众9人次，发放救助资金1.2万元，"
        "其中冬春救助5人次、0.6万元；家庭火灾救助4人次、0.6万元。"]
    client = client_for(world.users.admin)
    links = {f.link for f in report.figures if f.section == "救灾救助"}
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link
    fire = next(f for f in report.figures if f.label == "家庭火灾救助人次")
    assert "category=house_fire" in fire.link and "paid_after=2025-01-01" in fire.link
    assert "王大伯" in client.get(fire.link).content.decode()
    township = annual_report(world.users.disaster, world.regions.township_a, 2025, today=datetime.date(2026, 11, 23))
    text = next(s for p in township.parts for s in p.sections if s.key == "relief").paragraphs[0].text
    assert "救助受灾群众7人次，发放救助资金1.05万元" in text


def test_annual_report_section_without_records(world):
    from yingji.analysis.reports.engine import annual_report

    report = annual_report(world.users.admin, world.regions.county, 2025, today=datetime.date(2026, 11, 23))
    section = next(s for p in report.parts for s in p.sections if s.key == "relief")
    assert [p.text for p in section.paragraphs] == ["全年全县未登记救灾救助发放。"]


def test_rural_housing_insurance_policy_claims_masking_and_report(world, client_for, api_for):
    from yingji.analysis.reports.engine import annual_report
    from yingji.disaster.relief.models import HousingInsuranceClaim, HousingInsurancePolicy
    from yingji.disaster.relief.testing import make_housing_claim, make_housing_policy

    r = world.regions
    policy = make_housing_policy(world, r.county, year=2025, premium=Decimal("145000"), insured_households=14500)
    with pytest.raises(ValidationError):
        HousingInsurancePolicy(year=2025, region=r.county, insurer="x", premium=1, insured_households=1).full_clean()
    make_housing_claim(world, r.village_a, policy=policy, amount=Decimal("3200"), paid_on=datetime.date(2025, 8, 1))
    make_housing_claim(world, r.village_b, policy=policy, amount=Decimal("6800"), paid_on=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError) as e:
        HousingInsuranceClaim(policy=policy, household_name="x", id_number=ID, region=r.other_township,
                              amount=Decimal("1"), paid_on=datetime.date(2027, 1, 1)).full_clean()
    assert "不在保单的投保区划内" in str(e.value) and "保险年度内或次年" in str(e.value)
    html = client_for(world.users.auditor).get("/relief/housinginsuranceclaims/").content.decode()
    assert "331099194802081234" not in html and "331099********1234" in html and "136****5678" in html
    rows = api_for(world.users.auditor).get("/api/v1/housing-insurance-claims/").json()["results"]
    assert len(rows) == 2 and all(row["id_number"] == "331099********1234" for row in rows)
    # the township officer sees the county policy and only his township's claims
    assert api_for(world.users.disaster).get("/api/v1/housing-insurance-claims/").json()["count"] == 1
    assert client_for(world.users.disaster).get(policy.get_absolute_url()).status_code == 200
    report = annual_report(world.users.admin, r.county, 2025, today=datetime.date(2026, 11, 23))
    section = next(s for p in report.parts for s in p.sections if s.key == "relief")
    assert section.paragraphs[-1].text == ("推进农村住房灾害保险，1.45万户农户参保，保费14.5万元；"
                                           "全年受理赔付因灾民房受损群众2户，赔款1万元。")
    for f in report.figures:
        if f.label.startswith("民房保险"):
            assert client_for(world.users.admin).get(f.link).status_code == 200


def _ledger(rows):
    from openpyxl import Workbook

    from yingji.disaster.relief.imports import ReliefPaymentImport

    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in ReliefPaymentImport.columns])
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_payment_ledger_import_all_or_nothing_and_no_overdraw_across_rows(world, fund):
    from yingji.platform.core import imports

    spec = imports.get("relief-payments")
    user = world.users.disaster

    def row(name, amount, code="331099101201"):
        return [fund.pk, "户", name, ID, PHONE, code, "冬春救助", 2, amount, None, "2025-02-01", None]

    # 6000 + 5000 > 10000: the second row is refused, nothing written
    result = imports.run(spec, _ledger([row("甲", 6000), row("乙", 5000)]), "ledger.xlsx", user)
    assert not result.ok and ReliefPayment.objects.count() == 0
    assert any(n == 3 and "超出该批款物的结余" in msg for n, _c, msg in result.errors)
    # a village of another township is out of his reach
    result = imports.run(spec, _ledger([row("丙", 100, "331099102201")]), "ledger.xlsx", user)
    assert not result.ok and "不在您的管辖范围内" in str(result.errors)
    result = imports.run(spec, _ledger([row("甲", 6000), row("乙", 4000)]), "ledger.xlsx", user)
    assert result.ok and result.created == 2
    assert fund.balance() == 0
    assert set(ReliefPayment.objects.values_list("category", "region__code")) == {
        ("winter_spring", "331099101201")}


def test_a_bad_id_number_or_phone_is_refused_on_the_page_the_api_and_the_import(world, fund, client_for, api_for):
    from yingji.platform.core import imports

    user = world.users.disaster
    bad_id = ID[:-1] + "5"  # wrong check digit
    r = _post_payment(client_for(user), fund, world.regions.village_a, "100", id_number=bad_id, phone="abc")
    page = r.content.decode()
    assert r.status_code == 400
    assert "身份证号校验位错误（应为 4）" in page and "电话号码“abc”格式不正确" in page
    r = api_for(user).post("/api/v1/relief-payments/", {
        "fund": fund.pk, "recipient_name": "李阿婆", "id_number": "331099195602301234",
        "region": world.regions.village_a.pk, "category": fund.category, "person_times": 1, "amount": "100",
        "paid_on": "2025-02-01"}, format="json")
    assert r.status_code == 400 and "出生日期 19560230 无效" in str(r.json())
    row = [fund.pk, "户", "甲", bad_id, "12345678", "331099101201", "冬春救助", 2, 100, None, "2025-02-01", None]
    result = imports.run(imports.get("relief-payments"), _ledger([row]), "ledger.xlsx", user)
    messages = {(n, col): msg for n, col, msg in result.errors}
    assert "校验位错误" in messages[(2, "身份证号")] and "格式不正确" in messages[(2, "联系电话")]
    assert not ReliefPayment.objects.exists()
    # a lower-case check character x is accepted and stored upper-case
    assert _post_payment(client_for(user), fund, world.regions.village_a, "100",
                         id_number="11010519491231002x").status_code == 302
    assert ReliefPayment.objects.get().id_number == "11010519491231002X"
