"""Training sessions and publicity: forms refuse bad input in Chinese, the year's ledgers import all rows or none,
scope, and the query-count guards of the lists and APIs."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from yingji.command.plans.testing import PNG
from yingji.command.training.imports import PublicityActivityImport, TrainingSessionImport
from yingji.command.training.models import PublicityActivity, TrainingSession
from yingji.command.training.testing import make_activity, make_session
from yingji.platform.core import imports

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ledger(spec, rows):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in spec.columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _session_row(**kw):
    row = {"topic": "危险化学品企业主要负责人培训", "audience": "企业主要负责人", "mode": "线下", "held_on": "2026-03-18",
           "hours": "8", "trained": "56", "passed": "54", "certified": "54", "organiser_name": "安澜县应急管理局",
           "region": "331099000000", "note": ""}
    row.update(kw)
    return [row[c.field] for c in TrainingSessionImport.columns]


def test_training_ledger_import(world):
    spec = imports.get("training-sessions")
    rows = [_session_row(), _session_row(topic="乡镇应急管理干部培训", audience="乡镇干部", region="331099101000",
                                         trained="30", passed="", certified="")]
    result = imports.run(spec, _ledger(TrainingSessionImport, rows), "培训台账.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert TrainingSession.objects.count() == 2
    assert sorted(TrainingSession.objects.values_list("trained", flat=True)) == [30, 56]


@pytest.mark.parametrize(("row", "message"), [
    (_session_row(passed="60"), "考核合格人数不能多于培训人数"),
    (_session_row(audience="外星人"), "不是可选值"),
    (_session_row(held_on="2026/13/45"), "日期格式应为"),
    (_session_row(hours="0"), "学时应在 0.5 至 200 之间"),
    (_session_row(region="331099102000"), "不存在或不在您的管辖范围内"),
    (_session_row(trained="很多"), "应为数字"),
])
def test_a_bad_row_imports_nothing(world, row, message):
    spec = imports.get("training-sessions")
    result = imports.run(spec, _ledger(TrainingSessionImport, [_session_row(region="331099101000"), row]),
                         "培训台账.xlsx", world.users.township_a)
    assert not result.ok
    assert any(message in e[2] for e in result.errors), result.errors
    assert result.errors[0][0] == 3  # the second data row, as the sheet numbers it
    assert not TrainingSession.objects.exists()


def test_publicity_ledger_import(world):
    spec = imports.get("publicity-activities")
    columns = [c.field for c in PublicityActivityImport.columns]
    row = {"title": "防灾减灾日进社区", "campaign": "防灾减灾日", "venue": "社区", "held_on": "2026-05-12",
           "organiser_name": "青石镇人民政府", "region": "331099101000", "reached": "1200", "materials": "800",
           "note": "应急避险知识讲座"}
    result = imports.run(spec, _ledger(PublicityActivityImport, [[row[c] for c in columns]]), "宣传.xlsx",
                         world.users.township_a)
    assert result.ok, result.errors
    activity = PublicityActivity.objects.get()
    assert activity.campaign == "disaster_day" and activity.venue == "community" and activity.reached == 1200


def test_training_form_refuses_bad_input(world, client_for):
    client = client_for(world.users.township_a)
    data = {"topic": "信息员培训", "audience": "info_officer", "mode": "onsite", "held_on": TODAY.isoformat(),
            "hours": "4", "trained": "10", "passed": "11", "organiser_name": "青石镇",
            "region": world.regions.township_a.pk}
    response = client.post("/trainingsessions/add/", data)
    assert response.status_code == 400 and "考核合格人数不能多于培训人数" in response.content.decode()
    data.update(passed="", organiser_name="")
    response = client.post("/trainingsessions/add/", data)
    assert response.status_code == 400 and "请选择主办单位或填写主办单位名称" in response.content.decode()
    data.update(organiser_name="青石镇", region=world.regions.township_b.pk)
    response = client.post("/trainingsessions/add/", data)
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()
    data.update(region=world.regions.township_a.pk)
    assert client.post("/trainingsessions/add/", data).status_code == 302


def test_publicity_photo_is_checked_and_served_in_scope(world, client_for):
    client = client_for(world.users.township_a)
    data = {"title": "安全生产月咨询日", "campaign": "safety_month", "venue": "public_place",
            "held_on": TODAY.isoformat(), "organiser_name": "青石镇", "region": world.regions.township_a.pk,
            "reached": "300", "materials": "100", "photo": SimpleUploadedFile("a.jpg", b"not a jpeg")}
    response = client.post("/publicityactivitys/add/", data)
    assert response.status_code == 400 and "不是有效的 JPG 或 PNG 图片" in response.content.decode()
    data["photo"] = SimpleUploadedFile("现场.png", PNG)
    assert client.post("/publicityactivitys/add/", data).status_code == 302
    activity = PublicityActivity.objects.get()
    assert client.get(f"/publicityactivitys/{activity.pk}/photo/").status_code == 200
    assert client_for(world.users.township_b).get(f"/publicityactivitys/{activity.pk}/photo/").status_code == 404


def test_scope(world, client_for, api_for):
    make_session(world, world.regions.township_a, topic="青石镇培训")
    other = make_session(world, world.regions.township_b, topic="白水镇培训")
    page = client_for(world.users.township_a).get("/trainingsessions/").content.decode()
    assert "青石镇培训" in page and "白水镇培训" not in page
    assert client_for(world.users.township_a).get(other.get_absolute_url()).status_code == 404
    results = api_for(world.users.township_a).get("/api/v1/training-sessions/").json()["results"]
    assert [r["topic"] for r in results] == ["青石镇培训"]


def test_lists_do_not_grow_with_the_records(world, client_for, api_for, django_assert_max_num_queries):
    client, api = client_for(world.users.admin), api_for(world.users.admin)

    def add(n):
        for _i in range(n):
            make_session(world, world.regions.township_a, organiser=world.orgs.office_a)
            make_activity(world, world.regions.village_a)

    add(2)
    counts = {}
    for url in ("/trainingsessions/", "/publicityactivitys/", "/publicityactivitys/?five_into=true"):
        client.get(url)
        with django_assert_max_num_queries(40) as q:
            assert client.get(url).status_code == 200
        counts[url] = len(q.captured_queries)
    add(8)
    for url, n in counts.items():
        with django_assert_max_num_queries(n):
            assert client.get(url).status_code == 200
    for url in ("/api/v1/training-sessions/", "/api/v1/publicity-activities/"):
        with django_assert_max_num_queries(8):
            assert api.get(url).json()["count"] == 10
