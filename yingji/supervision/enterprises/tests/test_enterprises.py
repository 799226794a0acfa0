import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingji.platform.core import excel, imports
from yingji.supervision.enterprises.choices import KeyPersonRole, Sector
from yingji.supervision.enterprises.models import Enterprise, KeyPerson
from yingji.supervision.enterprises.testing import credit_code

pytestmark = pytest.mark.django_db


def test_duplicate_credit_code_refused(world):
    e = world.sample(Enterprise)
    dup = Enterprise(name="另一家", credit_code=e.credit_code, address="x", region=world.regions.township_a,
                     sector=Sector.OTHER, supervising_department=world.orgs.bureau, principal_name="王五")
    with pytest.raises(ValidationError) as exc:
        dup.full_clean()
    assert "已登记" in str(exc.value)


def test_industry_trade_needs_subsector_and_coordinates_go_together(world):
    e = Enterprise(name="机械厂", credit_code=credit_code(5), address="x", region=world.regions.township_a,
                   sector=Sector.INDUSTRY_TRADE, supervising_department=world.orgs.bureau, principal_name="王五",
                   longitude=121)
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "细分行业" in str(exc.value.message_dict["subsector"])
    assert "同时填写" in str(exc.value.message_dict["latitude"])


def test_special_operator_needs_certificate(world):
    e = world.sample(Enterprise)
    p = KeyPerson(enterprise=e, role=KeyPersonRole.SPECIAL_OPERATOR, name="电工")
    with pytest.raises(ValidationError):
        p.full_clean()


def test_web_create_refuses_bad_credit_code(world, client_for):
    data = {"name": "新企业", "credit_code": "91350100M000100Y44", "address": "路 1 号",
            "region": world.regions.township_a.pk, "sector": Sector.OTHER, "size": "small",
            "supervising_department": world.orgs.bureau.pk, "risk_grade": "D", "status": "operating",
            "standardisation_grade": "none", "principal_name": "王五"}
    r = client_for(world.users.inspector).post(reverse("enterprises:enterprise_add"), data)
    assert r.status_code == 400
    assert "校验位错误" in r.content.decode()
    data["credit_code"] = "91350100m000100y43"
    r = client_for(world.users.inspector).post(reverse("enterprises:enterprise_add"), data)
    assert r.status_code == 302
    assert Enterprise.objects.get().credit_code == "91350100M000100Y43"


def test_department_sees_only_enterprises_it_supervises(world, client_for, api_for):
    mine = world.sample(Enterprise, supervising_department=world.orgs.housing, sector=Sector.CONSTRUCTION)
    other = world.sample(Enterprise, supervising_department=world.orgs.transport, sector=Sector.ROAD_TRANSPORT)
    user = world.users.department
    assert list(Enterprise.objects.restrict(user)) == [mine]
    assert client_for(user).get(other.get_absolute_url()).status_code == 404
    assert client_for(user).get(mine.get_absolute_url()).status_code == 200
    ids = [row["id"] for row in api_for(user).get("/api/v1/enterprises/").json()["results"]]
    assert ids == [mine.pk]
    # an inspector of the bureau sees both; township B sees neither (both are in township A)
    assert Enterprise.objects.restrict(world.users.inspector).count() == 2
    assert Enterprise.objects.restrict(world.users.township_b).count() == 0


def test_department_cannot_move_an_enterprise_to_another_department(world, api_for):
    mine = world.sample(Enterprise, supervising_department=world.orgs.housing)
    r = api_for(world.users.department).patch(f"/api/v1/enterprises/{mine.pk}/",
                                              {"supervising_department": world.orgs.transport.pk}, format="json")
    assert r.status_code == 400
    mine.refresh_from_db()
    assert mine.supervising_department == world.orgs.housing


def test_principal_phone_masked_in_list_and_export_full_on_detail_for_leader(world, client_for, api_for):
    e = world.sample(Enterprise, principal_phone="13912345678")
    inspector, leader = world.users.inspector, world.users.leader
    assert "139****5678" in client_for(leader).get(reverse("enterprises:enterprise_list")).content.decode()
    assert "13912345678" not in client_for(leader).get(reverse("enterprises:enterprise_list")).content.decode()
    assert "13912345678" in client_for(leader).get(e.get_absolute_url()).content.decode()
    assert "13912345678" not in client_for(inspector).get(e.get_absolute_url()).content.decode()
    export = client_for(leader).get(reverse("enterprises:enterprise_list") + "?_export=xlsx")
    header, rows = excel.read_rows(io.BytesIO(export.content), "x.xlsx")
    rows = list(rows)
    assert len(rows) == 1 and "139****5678" in rows[0][1]
    assert api_for(leader).get("/api/v1/enterprises/").json()["results"][0]["principal_phone"] == "139****5678"
    assert api_for(leader).get(f"/api/v1/enterprises/{e.pk}/").json()["principal_phone"] == "13912345678"
    assert api_for(inspector).get(f"/api/v1/enterprises/{e.pk}/").json()["principal_phone"] == "139****5678"


def test_filters(world, client_for):
    a = world.sample(Enterprise, risk_grade="A", sector=Sector.FIREWORKS)
    b = world.sample(Enterprise, risk_grade="C", region=world.regions.village_b)
    c = client_for(world.users.admin)
    url = reverse("enterprises:enterprise_list")
    body = c.get(url, {"risk_grade": "A"}).content.decode()
    assert a.name in body and b.name not in body
    body = c.get(url, {"township": world.regions.township_b.pk}).content.decode()
    assert b.name in body and a.name not in body
    body = c.get(url, {"sector": Sector.FIREWORKS}).content.decode()
    assert a.name in body and b.name not in body


def test_list_page_and_api_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    for _i in range(30):
        world.sample(Enterprise)
    c = client_for(world.users.admin)
    c.get(reverse("enterprises:enterprise_list"))
    with django_assert_max_num_queries(16):
        assert c.get(reverse("enterprises:enterprise_list")).status_code == 200
    api = api_for(world.users.admin)
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/enterprises/").json()["results"]) == 30


def test_detail_shows_history_and_void_restore(world, client_for):
    e = world.sample(Enterprise)
    c = client_for(world.users.admin)
    r = c.post(reverse("enterprises:enterprise_void", args=[e.pk]), {"reason": "重复建档"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.is_voided
    assert e.pk not in [x.pk for x in Enterprise.objects.restrict(world.users.admin).active()]
    c.post(reverse("enterprises:enterprise_restore", args=[e.pk]))
    e.refresh_from_db()
    assert not e.is_voided
    assert "重复建档" in c.get(e.get_absolute_url()).content.decode()


# --- ledger import ------------------------------------------------------------------------------------------------
def _ledger(rows):
    spec = imports.get("enterprises")
    headers = [str(c.header) for c in spec.columns]
    return spec, io.BytesIO(excel.write_xlsx(headers, rows))


def _row(world, n, **over):
    row = {"name": f"导入企业{n}", "credit_code": credit_code(700 + n), "address": "工业路", "region":
           world.regions.township_a.code, "sector": "工贸", "subsector": "机械", "size": "规上",
           "supervising_department": world.orgs.bureau.name, "risk_grade": "橙", "status": "在产",
           "standardisation_grade": "三级", "insurer": "", "insurance_policy": "", "insurance_expiry": "2027-01-31",
           "principal_name": "张三", "principal_phone": "13800000000", "longitude": "121.1", "latitude": "28.6",
           "filed_on": ""}
    row.update(over)
    spec = imports.get("enterprises")
    return [row[c.field] for c in spec.columns]


def test_import_good_file(world):
    spec, f = _ledger([_row(world, 1), _row(world, 2, region=world.regions.village_a.code, risk_grade="A",
                                           sector="危险化学品使用", subsector="")])
    result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
    assert result.ok, result.errors
    assert result.created == 2
    e = Enterprise.objects.get(name="导入企业1")
    assert (e.risk_grade, e.subsector, e.size, e.created_by) == ("B", "machinery", "above_scale", world.users.inspector)
    assert str(e.longitude) == "121.100000"


def test_import_bad_row_writes_nothing(world):
    existing = world.sample(Enterprise)
    spec, f = _ledger([
        _row(world, 1),
        _row(world, 2, credit_code="91350100M000100Y44"),
        _row(world, 3, region="331098101000"),  # another county's township
        _row(world, 4, supervising_department="不存在的局"),
        _row(world, 5, credit_code=existing.credit_code),
        _row(world, 6, sector="工贸", subsector=""),
        _row(world, 7, risk_grade="紫"),
        _row(world, 1, name="文件内重复"),
    ])
    result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
    assert not result.ok
    messages = {(row, col): msg for row, col, msg in result.errors}
    assert "校验位错误" in messages[(3, "统一社会信用代码")]
    assert "不在您的管辖范围内" in messages[(4, "所在区划代码")]
    assert "不存在" in messages[(5, "行业主管部门")]
    assert "已存在" in messages[(6, "统一社会信用代码")]
    assert "细分行业" in messages[(7, "工贸细分行业")]
    assert "不是可选值" in messages[(8, "风险等级")]
    assert "重复" in messages[(9, "统一社会信用代码")]
    assert Enterprise.objects.count() == 1


def test_import_template_download(world, client_for):
    r = client_for(world.users.inspector).get(reverse("core:import_template", args=["enterprises"]))
    assert r.status_code == 200
    header, _rows = excel.read_rows(io.BytesIO(r.content), "t.xlsx")
    assert header[:2] == ["企业名称", "统一社会信用代码"]


def test_import_through_the_upload_page(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yingji.platform.core.models import ImportJob

    c = client_for(world.users.township_a)
    spec, f = _ledger([_row(world, 1), _row(world, 2, region=world.regions.township_b.code)])
    upload = SimpleUploadedFile("台账.xlsx", f.getvalue())
    assert c.post(reverse("core:import", args=["enterprises"]), {"file": upload}).status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED and job.error_count == 1
    assert job.errors[0][0] == 3 and "不在您的管辖范围内" in job.errors[0][2]  # township B is not hers
    assert not Enterprise.objects.exists()
    spec, f = _ledger([_row(world, 1)])
    c.post(reverse("core:import", args=["enterprises"]), {"file": SimpleUploadedFile("台账.xlsx", f.getvalue())})
    assert ImportJob.objects.latest("pk").status == ImportJob.Status.DONE
    assert Enterprise.objects.get().created_by == world.users.township_a


def test_supervising_department_choices(world, client_for):
    from yingji.supervision.enterprises.models import supervising_departments_for

    county_units = {world.orgs.bureau, world.orgs.housing, world.orgs.transport}
    # a township officer files enterprises under the county's bureau and departments
    assert set(supervising_departments_for(world.users.township_a)) == county_units
    assert set(supervising_departments_for(world.users.inspector)) == county_units
    # an industry department's user only under his own department; nobody under another county's units
    assert list(supervising_departments_for(world.users.department)) == [world.orgs.housing]
    assert world.orgs.other_bureau not in supervising_departments_for(world.users.admin)
    data = {"name": "乡镇新企业", "credit_code": credit_code(9001), "address": "路 2 号",
            "region": world.regions.village_a.pk, "sector": Sector.CROWDED, "size": "small",
            "supervising_department": world.orgs.housing.pk, "risk_grade": "D", "status": "operating",
            "standardisation_grade": "none", "principal_name": "王五"}
    r = client_for(world.users.township_a).post(reverse("enterprises:enterprise_add"), data)
    assert r.status_code == 302
    data.update(credit_code=credit_code(9002), supervising_department=world.orgs.transport.pk)
    r = client_for(world.users.department).post(reverse("enterprises:enterprise_add"), data)
    assert r.status_code == 400 and Enterprise.objects.count() == 1


def test_import_queries_do_not_grow_with_the_rows(world):
    """The ledger import reads its lookups once: 10 rows and 100 rows cost the same number of queries (a query per
    row was most of the wall time of a 20,000-row import on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for first, n in ((90, 1), (100, 10), (300, 100)):  # the first run fills the permission and content-type caches
        spec, f = _ledger([_row(world, first + i) for i in range(n)])
        with CaptureQueriesContext(connection) as ctx:
            result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
        assert result.ok and result.created == n, result.errors[:3]
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2] <= 10


def test_bad_phone_and_coordinates_refused_on_the_page_the_api_and_the_import(world, client_for, api_for):
    """One validator each (platform/core/validators.py), so all three ways in refuse the same values in Chinese."""
    data = {"name": "新企业", "credit_code": credit_code(801), "address": "路 1 号",
            "region": world.regions.township_a.pk, "sector": Sector.OTHER, "size": "small",
            "supervising_department": world.orgs.bureau.pk, "risk_grade": "D", "status": "operating",
            "standardisation_grade": "none", "principal_name": "王五", "principal_phone": "abc",
            "longitude": "28.6", "latitude": "121.1"}  # swapped
    r = client_for(world.users.inspector).post(reverse("enterprises:enterprise_add"), data)
    page = r.content.decode()
    assert r.status_code == 400
    assert "电话号码“abc”格式不正确" in page and "经度应在 73 至 136 之间" in page and "纬度应在 3 至 54 之间" in page
    r = api_for(world.users.inspector).post("/api/v1/enterprises/", data, format="json")
    assert r.status_code == 400
    body = str(r.json())
    assert "电话号码“abc”格式不正确" in body and "经度应在 73 至 136 之间" in body
    spec, f = _ledger([_row(world, 1, principal_phone="abc"), _row(world, 2, longitude="28.6", latitude="121.1")])
    result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
    messages = {(row, col): msg for row, col, msg in result.errors}
    assert "电话号码“abc”格式不正确" in messages[(2, "主要负责人电话")]
    assert "经度应在 73 至 136 之间" in messages[(3, "经度")] and "纬度应在 3 至 54 之间" in messages[(3, "纬度")]
    assert not Enterprise.objects.exists()
    data.update(principal_phone="0576-88888888-123", longitude="121.1", latitude="28.6")
    assert client_for(world.users.inspector).post(reverse("enterprises:enterprise_add"), data).status_code == 302


def test_key_person_phone_checked(world):
    p = KeyPerson(enterprise=world.sample(Enterprise), role=KeyPersonRole.SAFETY_MANAGER, name="安全员",
                  phone="12345678")
    with pytest.raises(ValidationError) as exc:
        p.full_clean()
    assert "格式不正确" in exc.value.message_dict["phone"][0]
