"""Pages and API: ledgers with filters and query-count guards, the sensor chart, the live board (HTMX), the alarm
lifecycle on the web and over the API, the ingest-health page and the station ledger import."""

import datetime
import json
from io import BytesIO

import pytest
from django.utils import timezone

from yingji.warning.monitoring.choices import AlarmState
from yingji.warning.monitoring.ingest import Pipeline
from yingji.warning.monitoring.models import Alarm, IngestHeartbeat, RejectedReading, Station
from yingji.warning.monitoring.testing import make_alarm, make_sensor, make_station

pytestmark = pytest.mark.django_db


def _readings(code, values, step=10):
    now = timezone.now()
    return [("t", json.dumps({"readings": [
        {"sensor": code, "ts": (now - datetime.timedelta(seconds=step * (len(values) - i))).isoformat(), "value": v}
        for i, v in enumerate(values)]}))]


def test_list_pages_and_apis_keep_their_query_count(world, client_for, api_for, django_assert_max_num_queries):
    for _n in range(4):
        s = make_sensor(world, world.regions.township_a)
        make_alarm(world, world.regions.township_a, sensor=s)
    c, api = client_for(world.users.admin), api_for(world.users.admin)
    for url, most in (("/monitoring/stations/", 16), ("/monitoring/sensors/", 16), ("/monitoring/alarms/", 16),
                      ("/monitoring/", 14)):
        with django_assert_max_num_queries(most):
            assert c.get(url).status_code == 200, url
    for url in ("/api/v1/monitoring-stations/", "/api/v1/monitoring-sensors/", "/api/v1/monitoring-alarms/"):
        with django_assert_max_num_queries(10):
            assert api.get(url).status_code == 200, url


def test_sensor_page_shows_its_series_and_thresholds(world, client_for, gas):
    Pipeline("t").process(_readings("GAS-1", [3, 4, 30, 5]))
    r = client_for(world.users.duty).get(f"/monitoring/sensors/{gas.pk}/")
    assert r.status_code == 200
    chart = r.context["chart"]
    assert [p[1] for p in chart["points"]] == [3, 4, 30, 5]
    assert {(t["label"], t["value"]) for t in chart["thresholds"]} == {("黄色", 25.0), ("红色", 50.0)}
    assert "sensor_chart.js" in r.content.decode()
    assert r.context["open_alarms"].count() == 1


def test_live_board_updates_without_reload(world, client_for, gas):
    c = client_for(world.users.duty)
    page = c.get("/monitoring/")
    assert 'hx-trigger="every 2s"' in page.content.decode() and page.context["total"] == 0
    Pipeline("t").process(_readings("GAS-1", [3, 60]))
    fragment = c.get("/monitoring/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and 'data-total="1"' in html and "红色" in html


def test_lifecycle_on_the_web_and_the_api(world, client_for, api_for, gas):
    Pipeline("t").process(_readings("GAS-1", [3, 30]))
    alarm = Alarm.objects.get()
    c = client_for(world.users.duty)
    page = c.get(f"/monitoring/alarms/{alarm.pk}/")
    assert "确认" in page.content.decode()
    c.post(f"/monitoring/alarms/{alarm.pk}/acknowledge/", {"note": "已核实"})
    r = c.post(f"/monitoring/alarms/{alarm.pk}/handle/", {"note": ""})
    assert r.status_code in (200, 302, 400)
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.ACKNOWLEDGED  # 处置 needs the measures
    api = api_for(world.users.duty)
    assert api.post(f"/api/v1/monitoring-alarms/{alarm.pk}/handle/", {"note": "关阀通风"}).status_code == 200
    r = api.post(f"/api/v1/monitoring-alarms/{alarm.pk}/close/", {})
    assert r.status_code == 400 and "处置结果" in r.content.decode()
    assert api.post(f"/api/v1/monitoring-alarms/{alarm.pk}/close/", {"note": "恢复正常"}).status_code == 200
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.CLOSED
    events = api.get(f"/api/v1/monitoring-alarms/{alarm.pk}/events/").json()
    assert [e["transition"] for e in events] == ["acknowledge", "handle", "close"]
    assert all(e["actor"] == world.users.duty.pk for e in events)
    # an auditor reads but cannot move it; another county does not see it
    assert api_for(world.users.auditor).post(f"/api/v1/monitoring-alarms/{alarm.pk}/acknowledge/", {}
                                             ).status_code == 403
    assert api_for(world.users.outsider).get(f"/api/v1/monitoring-alarms/{alarm.pk}/").status_code == 404


def test_home_widget_lists_open_alarms(world, client_for, gas):
    Pipeline("t").process(_readings("GAS-1", [3, 30]))
    html = client_for(world.users.duty).get("/").content.decode()
    assert "未关闭的监测报警" in html and "黄色" in html


def test_ingest_health_page(world, client_for, gas):
    Pipeline("ingest-1").process([("yingji/readings/x", b"nope")])
    IngestHeartbeat.objects.create(consumer="ingest-1", messages=5, settled_messages=5, rejected=1,
                                   rejected_by_reason={"not_json": 1})
    r = client_for(world.users.duty).get("/monitoring/health/")
    html = r.content.decode()
    assert r.status_code == 200 and "ingest-1" in html and "不是合法的JSON" in html
    assert RejectedReading.objects.count() == 1
    assert client_for(world.users.township_a).get("/monitoring/health/").status_code == 403


def test_station_ledger_import(world):
    from openpyxl import Workbook

    from yingji.platform.core import imports
    from yingji.warning.monitoring.imports import StationImport

    spec = imports.get("monitoring-stations")

    def ledger(rows):
        wb = Workbook()
        ws = wb.active
        ws.append([str(c.header) for c in StationImport.columns])
        for row in rows:
            ws.append(row)
        buf = BytesIO()
        wb.save(buf)
        buf.seek(0)
        return buf

    good = ["YL-9", "东岙雨量站", "雨量站", "331099101201", "121.1", "28.6", "区域（雨量）", "东岙村", "", "", ""]
    bad_lon = ["YL-10", "坏站", "雨量站", "331099101201", "200", "28.6", "", "", "", "", ""]
    result = imports.run(spec, ledger([good, bad_lon]), "stations.xlsx", world.users.admin)
    assert not result.ok and Station.objects.count() == 0
    assert any("经度" in col for _n, col, _m in result.errors)
    other = ["YL-11", "外县站", "雨量站", "331098101201", "", "", "", "", "", "", ""]
    result = imports.run(spec, ledger([other]), "stations.xlsx", world.users.township_a)
    assert not result.ok
    result = imports.run(spec, ledger([good]), "stations.xlsx", world.users.admin)
    assert result.ok and Station.objects.get().region == world.regions.village_a


def test_station_form_refuses_bad_coordinates(world, client_for):
    c = client_for(world.users.admin)
    r = c.post("/monitoring/stations/add/", {"code": "X1", "name": "站", "kind": "rain_gauge",
                                             "region": world.regions.township_a.pk, "longitude": "10",
                                             "latitude": "28", "watched_kind": "other"})
    assert r.status_code == 400
    assert not Station.objects.exists()
    make_station(world, world.regions.township_a)


def test_dashboard_contribution_counts_alarms(world, gas):
    from yingji.platform.core.dashboard import DashboardRequest
    from yingji.warning.monitoring.dashboard import monitoring_figures

    Pipeline("t").process(_readings("GAS-1", [3, 30, 3, 3, 3, 3, 3, 3, 3, 60]))
    today = timezone.localdate()
    c = monitoring_figures(DashboardRequest(world.users.leader, today.replace(month=1, day=1), today))
    assert c.data["total"]["value"] == 1 and c.data["open"]["value"] == 1
    assert {r["key"]: r["value"] for r in c.data["by_level"]}[4] == 1
    outsider = monitoring_figures(DashboardRequest(world.users.outsider, today.replace(month=1, day=1), today))
    assert outsider.data["total"]["value"] == 0
