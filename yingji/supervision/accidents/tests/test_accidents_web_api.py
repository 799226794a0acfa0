"""Accident pages and API: bad input refused in Chinese with nothing written, scope, exports, query counts."""

import datetime

from django.utils import timezone

from yingji.supervision.accidents.choices import AccidentType, Grade, Sector
from yingji.supervision.accidents.models import Accident, AccidentReport


def _form(world, **kw):
    data = {"occurred_at": (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "青石镇工业园区", "region": world.regions.township_a.pk, "unit_name": "某机械厂",
            "sector": Sector.MACHINERY, "accident_type": AccidentType.MACHINERY, "deaths": 3, "missing": 0,
            "serious_injuries": 0, "injuries": 0, "direct_loss": "120000", "summary": "操作工被卷入设备"}
    data.update(kw)
    return data


def test_create_computes_the_grade(world, client_for):
    r = client_for(world.users.township_a).post("/supervision/accidents/add/", _form(world))
    assert r.status_code == 302
    a = Accident.objects.get()
    assert a.grade == Grade.LARGER and a.created_by == world.users.township_a
    page = client_for(world.users.admin).get(a.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "较大事故" in html and "首报至省级应急管理部门" in html and "录入事故报告" in html


def test_detail_page_shows_duties_with_a_submitted_investigation_report(world, client_for):
    a = world.sample(Accident, occurred_at=timezone.now() - datetime.timedelta(days=90),
                     investigation_report_date=timezone.localdate() - datetime.timedelta(days=40))
    world.sample(AccidentReport, accident=a)
    html = client_for(world.users.admin).get(a.get_absolute_url()).content.decode()
    assert "按期提交" in html and "按时报告" in html and "逾期未报" in html  # the city report is missing


def test_negative_figures_are_refused_in_chinese_and_nothing_is_written(world, client_for, api_for):
    r = client_for(world.users.admin).post("/supervision/accidents/add/", _form(world, deaths=-1))
    assert r.status_code == 400 and "死亡人数不能为负数" in r.content.decode()
    api = api_for(world.users.admin)
    data = _form(world, deaths=-1)
    data["occurred_at"] = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    r = api.post("/api/v1/accidents/", data, format="json")
    assert r.status_code == 400 and r.json()["errors"]["deaths"] == ["死亡人数不能为负数"]
    r = api.post("/api/v1/accidents/", {**data, "deaths": 1, "serious_injuries": 2, "injuries": 1}, format="json")
    assert r.status_code == 400 and "重伤人数不能多于受伤人数" in r.json()["message"]
    assert not Accident.objects.exists()


def test_an_accident_in_the_future_is_refused(world, client_for, api_for):
    future = timezone.localtime() + datetime.timedelta(days=2)
    r = client_for(world.users.admin).post("/supervision/accidents/add/",
                                           _form(world, occurred_at=future.strftime("%Y-%m-%dT%H:%M")))
    assert r.status_code == 400 and "事故发生时间不能晚于当前时间" in r.content.decode()
    data = _form(world)
    data["occurred_at"] = future.isoformat()
    r = api_for(world.users.admin).post("/api/v1/accidents/", data, format="json")
    assert r.status_code == 400 and "事故发生时间不能晚于当前时间" in r.json()["message"]
    assert not Accident.objects.exists()


def test_township_user_sees_only_his_township_and_outsider_gets_404(world, client_for, api_for):
    mine = world.sample(Accident, world.regions.township_a)
    other = world.sample(Accident, world.regions.township_b)
    ids = [row["id"] for row in api_for(world.users.township_a).get("/api/v1/accidents/").json()["results"]]
    assert ids == [mine.pk]
    client = client_for(world.users.township_a)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    # he cannot move his accident to the neighbouring township
    r = client.post(f"/supervision/accidents/{mine.pk}/edit/", _form(world, region=world.regions.township_b.pk))
    assert r.status_code == 400
    assert client_for(world.users.outsider).get(mine.get_absolute_url()).status_code == 404
    assert api_for(world.users.outsider).get(f"/api/v1/accidents/{mine.pk}/").status_code == 404


def test_department_user_sees_his_industrys_accidents(world, api_for):
    housing = world.sample(Accident, sector=Sector.CONSTRUCTION, department=world.orgs.housing)
    world.sample(Accident, sector=Sector.ROAD_TRANSPORT, department=world.orgs.transport)
    ids = [row["id"] for row in api_for(world.users.department).get("/api/v1/accidents/").json()["results"]]
    assert ids == [housing.pk]


def test_void_and_export(world, client_for):
    a = world.sample(Accident)
    client = client_for(world.users.admin)
    assert client.post(f"/supervision/accidents/{a.pk}/void/", {"reason": "重复录入"}).status_code == 302
    a.refresh_from_db()
    assert a.is_voided
    world.sample(Accident)
    r = client.get("/supervision/accidents/?_export=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(r.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and "直接经济损失（万元）" in rows[0]


def test_list_page_and_api_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    for i in range(3):
        a = world.sample(Accident, deaths=i)
        world.sample(AccidentReport, accident=a)
    client, api = client_for(world.users.admin), api_for(world.users.admin)
    client.get("/supervision/accidents/")  # warm the session and permission caches
    with django_assert_max_num_queries(14) as before:
        assert client.get("/supervision/accidents/").status_code == 200
    for i in range(10):
        a = world.sample(Accident, deaths=i)
        world.sample(AccidentReport, accident=a)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get("/supervision/accidents/").status_code == 200
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get("/supervision/accidentreports/").status_code == 200
    with django_assert_max_num_queries(8):
        r = api.get("/api/v1/accidents/")
    assert r.status_code == 200 and r.json()["count"] == 13
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/accident-reports/").json()["count"] == 13


def test_rules_pages_show_the_seeded_rules_with_their_legal_basis(world, client_for):
    r = client_for(world.users.township_a).get("/rules/accidentgraderules/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "特别重大事故" in html and "100000000" in html and "第三条" in html
    html = client_for(world.users.township_a).get("/rules/reportingrules/").content.decode()
    assert "道路运输（经营性）、火灾" in html
    assert client_for(world.users.nobody).get("/rules/accidentgraderules/").status_code == 403


def test_home_widget_lists_accidents_without_a_first_report(world, client_for):
    from yingji.supervision.accidents.choices import ReportKind, ReportLevel

    unreported = world.sample(Accident, occurred_at=timezone.now() - datetime.timedelta(days=2))
    reported = world.sample(Accident, occurred_at=timezone.now() - datetime.timedelta(days=3))
    AccidentReport.objects.create(accident=reported, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY,
                                  reported_at=reported.occurred_at + datetime.timedelta(hours=3))
    html = client_for(world.users.township_a).get("/").content.decode()
    assert "事故报告待办" in html and unreported.get_absolute_url() in html
    assert reported.get_absolute_url() not in html and "近30日迟报 1 次" in html
    listing = client_for(world.users.admin).get("/supervision/accidents/?unreported=true")
    assert listing.context["table"].paginator.count == 1
    assert "事故报告待办" not in client_for(world.users.nobody).get("/").content.decode()


def test_the_accident_page_offers_its_next_steps_as_buttons_and_a_report_is_entered_from_one(world, client_for):
    """录入事故报告 and 登记事故调查 are buttons in the row under the title, each opening its form on a page of its own
    (no form is drawn on the accident's page but 作废, folded away); the report entered there shows in 报告时限."""
    import re

    from django.urls import reverse

    a = world.sample(Accident, world.regions.township_a, occurred_at=timezone.now() - datetime.timedelta(hours=3))
    c = client_for(world.users.admin)
    html = c.get(a.get_absolute_url()).content.decode()
    head, tabs = html.split('id="detail-tabs"')
    links = dict(re.findall(r'<a class="btn btn-sm [^"]+" href="([^"]+)" id="action-(\w+)"', head))
    report_url = f"{reverse('accidents:accidentreport_add')}?accident={a.pk}"
    assert links == {report_url: "report",
                     f"{reverse('accidents:accidentinvestigation_add')}?accident={a.pk}": "investigation"}
    assert re.findall(r'<form method="post" action="([^"]+)"', tabs) == [reverse("accidents:accident_void",
                                                                                 args=[a.pk])]
    form = c.get(report_url)
    assert form.status_code == 200 and form.context["form"].initial.get("accident") in (a.pk, str(a.pk))
    reported = timezone.localtime(a.occurred_at) + datetime.timedelta(minutes=30)
    r = c.post(report_url, {"accident": a.pk, "kind": "first", "to_level": 1,
                            "reported_at": reported.strftime("%Y-%m-%dT%H:%M"), "reporter": "青石镇应急办"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert AccidentReport.objects.get().accident == a
    duties = c.get(a.get_absolute_url()).content.decode().split('id="duties"')[1].split("</table>")[0]
    assert "按时报告" in duties
