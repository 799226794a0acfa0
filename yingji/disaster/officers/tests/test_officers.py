"""灾害信息员: registry, training in the last year, village coverage, phone masking, scope."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.disaster.officers.models import DisasterInfoOfficer, TrainingRecord
from yingji.disaster.officers.services import village_coverage
from yingji.disaster.officers.testing import make_officer, make_training

PHONE = "13700001111"


@pytest.fixture
def officers(world):
    r = world.regions
    a = make_officer(world, r.village_a, name="陈东岙")
    make_training(world, r.village_a, officer=a)
    stale = make_officer(world, r.village_a, name="林老训", role="B")
    make_training(world, r.village_a, officer=stale, trained_on=timezone.localdate() - datetime.timedelta(days=400))
    never = make_officer(world, r.township_a, name="吴未训")
    b = make_officer(world, r.village_b, name="赵西岭", active=False)
    foreign = make_officer(world, r.other_township, name="邻县员")
    return {"a": a, "stale": stale, "never": never, "b": b, "foreign": foreign}


def _names(response):
    html = response.content.decode()
    return {n for n in ("陈东岙", "林老训", "吴未训", "赵西岭", "邻县员") if n in html}


def test_officers_without_training_in_the_last_year(world, officers, client_for):
    client = client_for(world.users.admin)
    assert _names(client.get("/disaster-officers/disasterinfoofficers/?untrained=true")) == {"林老训", "吴未训", "赵西岭"}
    assert _names(client.get("/disaster-officers/disasterinfoofficers/?untrained=false")) == {"陈东岙"}


def test_an_officer_belongs_to_a_village_or_township(world):
    with pytest.raises(ValidationError):
        DisasterInfoOfficer(name="x", phone=PHONE, region=world.regions.county).full_clean()
    officer = make_officer(world, world.regions.village_a)
    with pytest.raises(ValidationError):
        TrainingRecord(officer=officer, course="x", trained_on=timezone.localdate() + datetime.timedelta(days=2),
                       ).full_clean()


def test_village_coverage(world, officers, client_for):
    rows = {v.name: (v.officers, v.a_role, v.b_role) for v in village_coverage(world.users.admin)}
    assert rows == {"东岙村": (2, 1, 1), "西岭村": (0, 0, 0)}  # 西岭村's only officer is not on duty
    assert {v.name for v in village_coverage(world.users.disaster)} == {"东岙村"}
    html = client_for(world.users.admin).get("/disaster-officers/coverage/?missing=1").content.decode()
    assert "西岭村" in html and "东岙村" not in html and "未配备1个" in html
    assert client_for(world.users.nobody).get("/disaster-officers/coverage/").status_code == 403


def test_phones_are_masked_in_list_export_and_api(world, officers, client_for, api_for):
    auditor = client_for(world.users.auditor)
    html = auditor.get("/disaster-officers/disasterinfoofficers/").content.decode()
    assert PHONE not in html and "137****1111" in html
    from openpyxl import load_workbook

    r = auditor.get("/disaster-officers/disasterinfoofficers/?_export=xlsx")
    cells = [c for row in load_workbook(BytesIO(r.content)).worksheets[0].iter_rows(values_only=True) for c in row]
    assert PHONE not in cells and "137****1111" in cells
    rows = api_for(world.users.auditor).get("/api/v1/disaster-info-officers/").json()["results"]
    assert rows and all(row["phone"] == "137****1111" for row in rows)
    assert PHONE not in auditor.get(officers["a"].get_absolute_url()).content.decode()
    assert api_for(world.users.leader).get(f"/api/v1/disaster-info-officers/{officers['a'].pk}/").json()[
        "phone"] == PHONE


def test_scope_township_user_and_outsider(world, officers, client_for, api_for):
    disaster = client_for(world.users.disaster)
    assert disaster.get(officers["a"].get_absolute_url()).status_code == 200
    assert disaster.get(officers["b"].get_absolute_url()).status_code == 404
    assert client_for(world.users.outsider).get(officers["a"].get_absolute_url()).status_code == 404
    assert api_for(world.users.outsider).get(f"/api/v1/disaster-info-officers/{officers['a'].pk}/").status_code == 404
    r = disaster.post("/disaster-officers/disasterinfoofficers/add/", {
        "name": "新信息员", "phone": "13800000000", "region": world.regions.village_b.pk, "role": "A", "active": "on"})
    assert r.status_code == 400 and not DisasterInfoOfficer.objects.filter(name="新信息员").exists()
    r = disaster.post("/disaster-officers/disasterinfoofficers/add/", {
        "name": "新信息员", "phone": "13800000000", "region": world.regions.village_a.pk, "role": "B", "active": "on"})
    assert r.status_code == 302 and DisasterInfoOfficer.objects.get(name="新信息员").created_by == world.users.disaster
    r = disaster.post("/disaster-officers/trainingrecords/add/", {
        "officer": officers["a"].pk, "trained_on": timezone.localdate().isoformat(), "course": "灾情报送", "hours": "2"})
    assert r.status_code == 302


def test_list_page_and_api_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    client, api = client_for(world.users.admin), api_for(world.users.admin)

    def add(n):
        for _i in range(n):
            make_training(world, world.regions.village_a)

    add(2)
    client.get("/disaster-officers/trainingrecords/")
    with django_assert_max_num_queries(14) as before:
        assert client.get("/disaster-officers/trainingrecords/").status_code == 200
    add(8)
    for url in ("/disaster-officers/trainingrecords/", "/disaster-officers/disasterinfoofficers/",
                "/disaster-officers/disasterinfoofficers/?untrained=true", "/disaster-officers/coverage/"):
        with django_assert_max_num_queries(len(before.captured_queries)):
            assert client.get(url).status_code == 200
    for url in ("/api/v1/disaster-info-officers/", "/api/v1/officer-trainings/"):
        with django_assert_max_num_queries(8):
            assert api.get(url).json()["count"] >= 10


def test_annual_report_section(world, officers, client_for):
    from yingji.analysis.reports.engine import annual_report

    today = timezone.localdate()
    report = annual_report(world.users.admin, world.regions.county, today.year, today=today)
    section = next(s for p in report.parts for s in p.sections if s.key == "disaster_officers")
    text = section.paragraphs[0].text
    assert text.startswith("加强灾害信息员队伍建设，全县现有在岗灾害信息员3名，覆盖1个村（社区）（共2个）")
    client = client_for(world.users.admin)
    for figure in report.figures:
        if figure.section == "灾害信息员":
            assert client.get(figure.link).status_code == 200, figure.link
    on_duty = next(f for f in report.figures if f.label == "在岗灾害信息员")
    assert _names(client.get(on_duty.link)) == {"陈东岙", "林老训", "吴未训"}


def test_demo_builds_officers_per_village_with_five_years_of_training(db):
    import random
    from types import SimpleNamespace

    from yingji.disaster.officers.demo import build_officers
    from yingji.platform.accounts.demo import build_county

    ctx = SimpleNamespace(random=random.Random(20261123), scale=1, stdout=None)
    build_county(ctx)
    build_officers(ctx)
    covered = DisasterInfoOfficer.objects.filter(region__level=5).values("region").distinct().count()
    assert 0.8 * len(ctx.villages) <= covered < len(ctx.villages)
    assert len(set(TrainingRecord.objects.dates("trained_on", "year"))) >= 4  # this year's once April is past
    for officer in DisasterInfoOfficer.objects.all()[:50]:
        officer.full_clean()
    n = DisasterInfoOfficer.objects.count()
    build_officers(ctx)
    assert DisasterInfoOfficer.objects.count() == n
