"""History with its real dates (issue 15): a hazard found, rectified and accepted (销号) last year and entered only
now counts as rectified in last year's report and statistics, because each step carries the day it really happened
— through the API and the web form alike — and the closed loop stamps that day, not the day of entry."""

import datetime

import pytest
from django.utils import timezone

from yingji.analysis.reports.engine import annual_report
from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardState
from yingji.supervision.hazards.models import Hazard, HazardEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "更换电缆、配电箱加锁", "plan_funds": "3000",
        "plan_time_limit": "一个月内完成", "plan_contingency": "整改期间停用该配电箱并设警示",
        "deadline": "2025-04-30", "responsible_person": "王电工"}


def hazards_text(report):
    section = next(s for p in report.parts for s in p.sections if s.key == "hazards")
    return [p.text for p in section.paragraphs]


@pytest.fixture
def hazard(world, api_for):
    enterprise = world.sample(Enterprise, world.regions.township_a)
    response = api_for(world.users.inspector).post("/api/v1/hazards/", {
        "enterprise": enterprise.pk, "description": "配电箱未上锁，电缆老化破损", "category": "electrical",
        "source": "department", "found_on": "2025-03-01"}, format="json")
    assert response.status_code == 201, response.content[:300]
    return Hazard.objects.get(pk=response.json()["id"])


def test_last_years_closed_loop_entered_today_counts_in_last_years_report(world, hazard, api_for, client_for):
    inspector, township, acceptor = world.users.inspector, world.users.township_a, world.users.inspector2
    # 开始整改 through the API on the day it was planned
    response = api_for(township).post(f"/api/v1/hazards/{hazard.pk}/start/", {**PLAN, "at": "2025-03-05"},
                                      format="json")
    assert response.status_code == 200, response.content[:300]
    # 整改完成, 提交验收 through the web form, on the day the rectification was finished
    response = client_for(township).post(f"/hazards/{hazard.pk}/submit/", {"evidence": "已更换电缆，配电箱已加锁",
                                                                          "at": "2025-04-10"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == HazardState.AWAITING_ACCEPTANCE
    assert timezone.localtime(hazard.submitted_at).date() == datetime.date(2025, 4, 10)
    # 验收销号 dated before the rectification was submitted: refused, nothing written
    response = api_for(acceptor).post(f"/api/v1/hazards/{hazard.pk}/accept/", {"at": "2025-04-05"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"at": ["实际办理时间不能早于该隐患上一步“提交验收”的办理时间（2025-04-10 00:00）"]}
    hazard.refresh_from_db()
    assert hazard.state == HazardState.AWAITING_ACCEPTANCE and hazard.events.count() == 2
    # 验收销号 on 20 April 2025, entered today
    response = api_for(acceptor).post(f"/api/v1/hazards/{hazard.pk}/accept/", {"at": "2025-04-20",
                                                                                "note": "现场复核合格"}, format="json")
    assert response.status_code == 200, response.content[:300]
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED
    assert timezone.localtime(hazard.closed_at).date() == datetime.date(2025, 4, 20)
    events = list(HazardEvent.objects.filter(hazard=hazard))
    assert [(e.transition, timezone.localtime(e.at).date(), timezone.localtime(e.recorded_at).date())
            for e in events] == [("start", datetime.date(2025, 3, 5), TODAY),
                                 ("submit", datetime.date(2025, 4, 10), TODAY),
                                 ("accept", datetime.date(2025, 4, 20), TODAY)]
    message = ObjectChange.objects.filter(object_id=hazard.pk, content_type__model="hazard",
                                          action=ObjectChange.Action.TRANSITION).latest("pk").message
    assert message == f"验收销号：待验收 → 已销号（现场复核合格）（实际办理：2025-04-20，录入：{TODAY:%Y-%m-%d}）"
    # the events API states both times
    rows = api_for(inspector).get(f"/api/v1/hazards/{hazard.pk}/events/").json()
    assert rows[-1]["at"].startswith("2025-04-20") and rows[-1]["recorded_at"].startswith(f"{TODAY:%Y-%m-%d}")
    # the detail page says the step was entered later (补录)
    html = client_for(inspector).get(f"/hazards/{hazard.pk}/").content.decode()
    assert f"2025-04-20 00:00<span class=\"text-muted\">（{TODAY:%Y-%m-%d}补录）</span>" in html

    # the annual report for 2025 counts it as rectified in 2025
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    assert hazards_text(report) == [
        "全年共排查发现各类安全隐患1处，同比增加1处；已整改销号1处，整改率100%；未发现重大事故隐患。"]
    # the statistics API for 2025 counts it found and rectified
    stats = api_for(world.users.leader).get("/api/v1/supervision-stats/", {"start": "2025-01-01",
                                                                           "end": "2025-12-31"}).json()
    figures = {f["id"]: f["value"] for f in stats["results"]}
    assert (figures["hazards.found"], figures["hazards.rectified"]) == (1, 1)
    # and the hazard list's 销号日期 filter (the statistics' links) finds it in April 2025
    found = api_for(inspector).get("/api/v1/hazards/", {"closed_after": "2025-04-01", "closed_before": "2025-04-30"})
    assert [r["id"] for r in found.json()["results"]] == [hazard.pk]


def test_a_step_in_the_future_or_before_the_hazard_was_found_is_refused(world, hazard, api_for, client_for):
    township = world.users.township_a
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = api_for(township).post(f"/api/v1/hazards/{hazard.pk}/start/", {**PLAN, "at": tomorrow}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"at": ["实际办理日期不能晚于今天"]}
    response = api_for(township).post(f"/api/v1/hazards/{hazard.pk}/start/", {**PLAN, "at": "2025-02-28"},
                                      format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"at": ["实际办理时间不能早于该隐患的发现日期（2025-03-01）"]}
    response = client_for(township).post(f"/hazards/{hazard.pk}/start/", {**PLAN, "at": tomorrow}, follow=True)
    assert "实际办理日期不能晚于今天" in [str(m) for m in response.context["messages"]]
    hazard.refresh_from_db()
    assert hazard.state == HazardState.PENDING and not hazard.events.exists()


def test_a_step_without_a_date_is_today_as_before(world, hazard, api_for):
    response = api_for(world.users.township_a).post(f"/api/v1/hazards/{hazard.pk}/start/", PLAN, format="json")
    assert response.status_code == 200
    e = hazard.events.get()
    assert timezone.localtime(e.at).date() == TODAY and not e.entered_late


def test_every_api_transition_of_a_late_entry_workflow_documents_at(client_for, world):
    """The OpenAPI schema documents `at` on the request of every transition action whose workflow takes it."""
    schema = client_for(world.users.admin).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for action in ("start", "submit", "accept", "reject"):
        body = paths[f"/api/v1/hazards/{{id}}/{action}/"]["post"]["requestBody"]["content"]
        ref = next(iter(body.values()))["schema"]["$ref"].rsplit("/", 1)[-1]
        at = schema["components"]["schemas"][ref]["properties"]["at"]
        assert {"format": "date"} in [{"format": o.get("format")} for o in at["oneOf"]], at
        assert "实际办理时间" in at["description"]


def test_enterprises_on_file_are_counted_by_their_filing_date_not_the_day_of_entry(world):
    """An enterprise filed (建档) in 2019 and entered today is on file in the 2025 report; one filed in 2026 is not."""
    from yingji.supervision.enterprises.testing import make_enterprise

    make_enterprise(world, world.regions.township_a, filed_on=datetime.date(2019, 5, 20))
    make_enterprise(world, world.regions.township_a, filed_on=datetime.date(2026, 1, 2))
    report = annual_report(world.users.admin, world.regions.county, 2025, today=TODAY)
    figure = next(f for f in report.figures if f.label == "在册监管企业")
    assert figure.value == 1
