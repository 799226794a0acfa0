"""重大危险源的危险化学品明细: CAS 号, Σq/Q and R (GB 18218-2018), the level warning, scope and query counts."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingji.platform.core import excel, imports
from yingji.platform.core.services import void_record
from yingji.supervision.enterprises import grading
from yingji.supervision.enterprises.models import CriticalQuantity, Enterprise, HazardChemical, MajorHazardSource
from yingji.supervision.enterprises.validators import validate_cas
from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db
D = Decimal


# --- CAS 号 -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cas", ["7664-41-7", "7732-18-5", "50-00-0", "68476-85-7", "7664－41－7", " 71-43-2 "])
def test_valid_cas_numbers(cas):
    validate_cas(cas)


@pytest.mark.parametrize("cas, message", [
    ("7664-41-8", "校验位错误（应为 7）"),
    ("766441-7", "格式"),
    ("7-41-7", "格式"),
    ("12345678-41-7", "格式"),
    ("氨", "格式"),
])
def test_invalid_cas_numbers(cas, message):
    with pytest.raises(ValidationError) as e:
        validate_cas(cas)
    assert message in e.value.messages[0]


def test_the_seeded_reference_rows_are_sound():
    rows = {r.name: r for r in CriticalQuantity.objects.current()}
    assert (rows["氯"].critical_quantity, rows["氨"].critical_quantity, rows["液化石油气"].critical_quantity,
            rows["汽油"].critical_quantity, rows["甲醇"].critical_quantity, rows["硫化氢"].critical_quantity,
            rows["氢"].critical_quantity, rows["天然气"].critical_quantity, rows["苯"].critical_quantity) == (
        5, 10, 50, 200, 500, 5, 5, 50, 50)
    assert (rows["氨"].beta, rows["氯"].beta, rows["甲醇"].beta) == (2, 4, None)
    for r in rows.values():
        validate_cas(r.cas_no)


# --- the arithmetic at its boundaries ----------------------------------------------------------------------------
@pytest.mark.parametrize("people, alpha", [(None, None), (0, D("0.5")), (1, D("1.0")), (29, D("1.0")),
                                           (30, D("1.2")), (49, D("1.2")), (50, D("1.5")), (99, D("1.5")),
                                           (100, D("2.0")), (5000, D("2.0"))])
def test_alpha_from_people_exposed(people, alpha):
    assert grading.alpha_for(people) == alpha


@pytest.mark.parametrize("r, level", [(D(100), 1), (D("99.99"), 2), (D(50), 2), (D("49.99"), 3), (D(10), 3),
                                      (D("9.99"), 4), (D(0), 4), (None, None)])
def test_level_from_r(r, level):
    assert grading.level_for(r) == level


def _source(world, region=None, *, level=3, people=None, **kw):
    return world.sample(MajorHazardSource, region, level=level, exposed_people=people, chemicals="", **kw)


def _chem(world, source, q, Q, beta=None, **kw):
    return world.sample(HazardChemical, source=source, max_quantity=D(q), critical_quantity=D(Q), beta=beta,
                        cas_no=kw.pop("cas_no", ""), name=kw.pop("name", "某易燃液体"), **kw)


def test_ratio_sum_at_one(world):
    s = _source(world)
    _chem(world, s, "6", "10")
    _chem(world, s, "2", "5")
    s = MajorHazardSource.objects.get(pk=s.pk)
    assert s.quantity_ratio == 1 and s.is_major
    assert s.r_value is None  # no β, no people: R is not computed
    _chem(world, s, "0.001", "10")
    assert MajorHazardSource.objects.get(pk=s.pk).quantity_ratio > 1


def test_ratio_below_one_is_not_a_major_source_and_voided_rows_do_not_count(world):
    s = _source(world)
    _chem(world, s, "9.99", "10")
    big = _chem(world, s, "100", "10")
    void_record(big, actor=world.users.admin, reason="登记错误")
    s = MajorHazardSource.objects.get(pk=s.pk)
    assert s.quantity_ratio == D("0.999") and s.is_major is False
    assert "不构成重大危险源" in s.grading_warnings()[0]


def test_r_needs_every_beta_and_the_exposure(world):
    s = _source(world, level=1, people=100)  # α = 2
    _chem(world, s, "250", "10", beta=D(2))  # β q/Q = 50
    _chem(world, s, "10", "10")  # β missing
    assert MajorHazardSource.objects.get(pk=s.pk).r_value is None
    HazardChemical.objects.filter(source=s, beta__isnull=True).update(beta=D(1))  # R = 2 × (50 + 1) = 102
    s = MajorHazardSource.objects.get(pk=s.pk)
    assert s.r_value == 102 and s.computed_level == 1 and not s.level_mismatch and s.grading_warnings() == []


@pytest.mark.parametrize("q, level", [("50", 1), ("49.99", 2), ("25", 2), ("24.99", 3), ("5", 3), ("4.99", 4)])
def test_r_boundaries_give_the_level(world, q, level):
    s = _source(world, level=level, people=150)  # α = 2, β = 1, Q = 1: R = 2 q
    _chem(world, s, q, "1", beta=D(1))
    s = MajorHazardSource.objects.get(pk=s.pk)
    assert s.computed_level == level and not s.level_mismatch


# --- entering chemicals --------------------------------------------------------------------------------------------
def test_a_table1_chemical_takes_its_critical_quantity_and_beta(world, client_for):
    s = _source(world, level=4, people=40)
    ammonia = CriticalQuantity.objects.current().get(name="氨")
    c = client_for(world.users.township_a)
    assert c.get(reverse("enterprises:hazardchemical_add") + f"?source={s.pk}").status_code == 200
    r = c.post(reverse("enterprises:hazardchemical_add"), {
        "source": s.pk, "reference": ammonia.pk, "max_quantity": "30", "critical_quantity": "999"}, follow=True)
    assert r.redirect_chain[-1][0] == s.get_absolute_url()
    row = HazardChemical.objects.get(source=s)
    assert (row.name, row.cas_no, row.critical_quantity, row.beta) == ("氨", "7664-41-7", 10, 2)
    assert row.created_by == world.users.township_a
    # R = 1.2 × 2 × 30 / 10 = 7.2 → 四级, as entered: no warning
    page = r.content.decode()
    assert "7.20" in page and "待核对" not in page and "构成重大危险源" in page


def test_a_cas_number_of_table1_links_the_reference(world, client_for):
    s = _source(world)
    r = client_for(world.users.inspector).post(reverse("enterprises:hazardchemical_add"), {
        "source": s.pk, "name": "液氯", "cas_no": "7782-50-5", "max_quantity": "12"})
    assert r.status_code == 302
    row = HazardChemical.objects.get(source=s)
    assert (row.reference.name, row.critical_quantity, row.beta) == ("氯", 5, 4)


@pytest.mark.parametrize("data, field, message", [
    ({"name": "二甲苯", "max_quantity": "30"}, "critical_quantity", "危险性类别"),
    ({"name": "二甲苯", "max_quantity": "30", "critical_quantity": "0"}, "critical_quantity", "临界量应大于 0"),
    ({"name": "二甲苯", "max_quantity": "0", "critical_quantity": "5000"}, "max_quantity", "最大存在量应大于 0"),
    ({"name": "二甲苯", "cas_no": "1330-20-8", "max_quantity": "30", "critical_quantity": "5000"}, "cas_no",
     "校验位错误"),
    ({"max_quantity": "30", "critical_quantity": "50"}, "name", "请填写危险化学品名称"),
    ({"name": "二甲苯", "max_quantity": "很多", "critical_quantity": "50"}, "max_quantity", ""),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, client_for, data, field, message):
    s = _source(world)
    r = client_for(world.users.inspector).post(reverse("enterprises:hazardchemical_add"), {"source": s.pk, **data})
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not HazardChemical.objects.exists()


def test_an_unnamed_chemical_keeps_the_quantity_entered(world, client_for):
    s = _source(world)
    r = client_for(world.users.inspector).post(reverse("enterprises:hazardchemical_add"), {
        "source": s.pk, "name": "二甲苯", "cas_no": "1330-20-7", "hazard_category": "易燃液体 W5.4",
        "max_quantity": "6000", "critical_quantity": "5000"})
    assert r.status_code == 302
    row = HazardChemical.objects.get(source=s)
    assert (row.reference, row.critical_quantity, row.ratio) == (None, 5000, D("1.2"))


def test_level_disagreeing_with_r_is_a_warning_not_an_error(world, client_for):
    s = _source(world, level=4, people=0)  # α = 0.5
    _chem(world, s, "400", "10", beta=D(5))  # R = 0.5 × 5 × 40 = 100 → 一级
    c = client_for(world.users.inspector)
    page = c.get(s.get_absolute_url()).content.decode()
    assert "登记等级为四级，按 R = 100.00 计算应为一级" in page
    # saving the source keeps the entered level and says so
    r = c.post(reverse("enterprises:majorhazardsource_edit", args=[s.pk]), {
        "enterprise": s.enterprise_id, "name": s.name, "level": 3, "quantity_tonnes": "400", "exposed_people": "0"},
        follow=True)
    assert r.status_code == 200
    s.refresh_from_db()
    assert s.level == 3
    assert "登记等级为三级" in r.content.decode()
    listing = c.get(reverse("enterprises:majorhazardsource_list")).content.decode()
    assert "待核对" in listing and "一级（R=100.00）" in listing


def test_the_legacy_text_is_kept(world, client_for):
    s = world.sample(MajorHazardSource, chemicals="液氨、液氯")
    assert MajorHazardSource.objects.get(pk=s.pk).chemicals == "液氨、液氯"
    c = client_for(world.users.inspector)
    assert "液氨、液氯" in c.get(reverse("enterprises:majorhazardsource_list")).content.decode()
    assert "未登记危险化学品明细" in c.get(s.get_absolute_url()).content.decode()


# --- pages, scope, counts ----------------------------------------------------------------------------------------
def test_enterprise_page_and_source_page_show_the_chemicals(world, client_for):
    e = world.sample(Enterprise)
    s = _source(world, enterprise=e, name="罐区一")
    _chem(world, s, "30", "10", name="氨")
    _chem(world, s, "100", "500", name="甲醇")
    c = client_for(world.users.leader)
    page = c.get(e.get_absolute_url()).content.decode()
    assert "罐区一" in page and "氨 30/10、甲醇 100/500" in page and "3.20" in page
    page = c.get(s.get_absolute_url()).content.decode()
    assert "甲醇" in page and "3.20" in page and "添加危险化学品" not in page  # the leader only reads


def test_scope_of_the_chemicals(world, client_for, api_for):
    a = _chem(world, _source(world), "30", "10", name="氨")
    b = _chem(world, world.sample(MajorHazardSource, world.regions.township_b), "30", "10", name="液氯B")
    assert list(HazardChemical.objects.restrict(world.users.township_a)) == [a]
    assert set(HazardChemical.objects.restrict(world.users.inspector)) == {a, b}
    assert not HazardChemical.objects.restrict(world.users.outsider).exists()
    assert client_for(world.users.township_b).get(a.get_detail_url()).status_code == 404
    # the township office cannot file a chemical under a source of another township
    r = client_for(world.users.township_b).post(reverse("enterprises:hazardchemical_add"), {
        "source": a.source_id, "name": "氨", "max_quantity": "1", "critical_quantity": "10"})
    assert r.status_code == 400 and HazardChemical.objects.count() == 2
    rows = api_for(world.users.township_b).get("/api/v1/major-hazard-chemicals/").json()["results"]
    assert [r["name"] for r in rows] == ["液氯B"]


def test_the_enterprise_account_sees_its_own_chemicals_only(world, client_for, api_for):
    user = make_enterprise_user(world)
    own = _chem(world, _source(world, enterprise=world.enterprise), "30", "10", name="本企业氨")
    other = _chem(world, _source(world, world.regions.village_a), "30", "10", name="邻企液氯")
    assert list(HazardChemical.objects.restrict(user)) == [own]
    c = client_for(user)
    assert c.get(own.source.get_absolute_url()).status_code == 200
    assert c.get(other.get_detail_url()).status_code == 404
    assert c.get(reverse("enterprises:hazardchemical_add")).status_code == 403


def test_query_counts_of_the_source_list_and_the_enterprise_page(world, client_for, api_for,
                                                                    django_assert_max_num_queries):
    e = world.sample(Enterprise)
    for i in range(20):
        s = _source(world, enterprise=e, name=f"罐区{i}", people=60)
        _chem(world, s, "30", "10", beta=D(2), name="氨")
        _chem(world, s, "300", "500", beta=D(1), name="甲醇")
    c = client_for(world.users.admin)
    c.get(reverse("enterprises:majorhazardsource_list"))
    with django_assert_max_num_queries(14):
        assert c.get(reverse("enterprises:majorhazardsource_list")).status_code == 200
    c.get(e.get_absolute_url())
    with django_assert_max_num_queries(30):
        assert c.get(e.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        rows = api_for(world.users.admin).get("/api/v1/major-hazard-sources/").json()["results"]
    assert len(rows) == 20 and rows[0]["quantity_ratio"] == "3.6000" and rows[0]["computed_level"] == 4  # R = 1.5 × 6.6


def test_export_has_the_ratio(world, client_for):
    s = _source(world, name="出口罐区")
    _chem(world, s, "15", "10", name="氨")
    r = client_for(world.users.inspector).get(reverse("enterprises:majorhazardsource_list"), {"_export": "xlsx"})
    header, rows = excel.read_rows(io.BytesIO(r.content), "x.xlsx")
    (_n, values), = list(rows)
    row = dict(zip(header, values, strict=True))
    assert row["危险源名称"] == "出口罐区" and row["Σq/Q"] == 1.5 and row["危险化学品（q/Q，吨）"] == "氨 15/10"


def test_source_filter_by_chemical(world, client_for):
    a = _source(world, name="氨罐区")
    _chem(world, a, "30", "10", name="氨", cas_no="7664-41-7")
    b = _source(world, name="醇罐区")
    _chem(world, b, "600", "500", name="甲醇")
    body = client_for(world.users.inspector).get(reverse("enterprises:majorhazardsource_list"),
                                                 {"chemical": "7664-41-7"}).content.decode()
    assert "氨罐区" in body and "醇罐区" not in body


def test_api_fills_the_critical_quantity_before_saving(world, api_for):
    s = _source(world)
    ref = CriticalQuantity.objects.current().get(name="液化石油气")
    api = api_for(world.users.inspector)
    r = api.post("/api/v1/major-hazard-chemicals/", {"source": s.pk, "reference": ref.pk, "max_quantity": "80"},
                 format="json")
    assert r.status_code == 201, r.json()
    assert HazardChemical.objects.get(pk=r.json()["id"]).critical_quantity == 50
    r = api.post("/api/v1/major-hazard-chemicals/", {"source": s.pk, "name": "某液体", "max_quantity": "8"},
                 format="json")
    assert r.status_code == 400 and "critical_quantity" in str(r.json())


# --- filters, imports ---------------------------------------------------------------------------------------------
def test_boolean_filters_read_all_yes_no(world, client_for):
    c = client_for(world.users.inspector)
    for url, name in ((reverse("enterprises:enterprise_list"), "insurance_expiring"),
                      (reverse("enterprises:keyperson_list"), "certificate_expiring")):
        form = c.get(url).context["filterset"].form
        assert [str(label) for _v, label in form.fields[name].widget.choices] == ["全部", "是", "否"]
        assert "未知" not in str(form[name])


def test_administrator_imports_further_critical_quantities(world):
    spec = imports.get("critical-quantities")
    headers = [str(col.header) for col in spec.columns]
    good = ["二硫化碳", "", "75-15-0", "50", "", "", "2019-03-01", ""]
    bad = ["某物", "", "75-15-1", "-1", "", "", "2019-03-01", ""]
    result = imports.run(spec, io.BytesIO(excel.write_xlsx(headers, [good, bad])), "q.xlsx", world.users.admin)
    assert not result.ok
    messages = {(row, col): msg for row, col, msg in result.errors}
    assert "校验位错误" in messages[(3, "CAS 号")] and "临界量应大于 0" in messages[(3, "临界量（吨）")]
    assert not CriticalQuantity.objects.filter(name="二硫化碳").exists()
    result = imports.run(spec, io.BytesIO(excel.write_xlsx(headers, [good])), "q.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert CriticalQuantity.objects.current().get(name="二硫化碳").critical_quantity == 50


def test_demo_sources_have_realistic_chemicals():
    import random
    from types import SimpleNamespace

    from yingji.platform.accounts.demo import build_county
    from yingji.supervision.enterprises.demo import build_enterprises

    ctx = SimpleNamespace(random=random.Random(20261123), scale=1, stdout=None)
    build_county(ctx)
    build_enterprises(ctx)
    sources = list(MajorHazardSource.objects.prefetch_related("chemical_items"))
    assert sources and all(s.active_chemicals() for s in sources)
    assert all(s.is_major for s in sources)
    assert all(c.reference_id and c.cas_no and c.critical_quantity == c.reference.critical_quantity
               for s in sources for c in s.active_chemicals())
    graded = [s for s in sources if s.computed_level]
    assert graded and sum(not s.level_mismatch for s in graded) > len(graded) / 2


def test_the_edit_form_shows_the_warning_too(world, client_for):
    s = _source(world, level=4, people=0)
    _chem(world, s, "400", "10", beta=D(5))  # R = 100 → 一级
    page = client_for(world.users.inspector).get(reverse("enterprises:majorhazardsource_edit", args=[s.pk]))
    assert "按 R = 100.00 计算应为一级" in page.content.decode()
