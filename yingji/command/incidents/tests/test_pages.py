"""Pages and API of incidents: who can do what, bad input answered in Chinese with nothing written, query guards,
the workspace's actions, the handover to another domain's record, the documents."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.command.incidents.models import Incident, IncidentReport, TimelineEntry


def _form(world, **kw):
    now = timezone.localtime() - datetime.timedelta(minutes=10)
    data = {"title": "青石镇化工厂火灾", "category": "accident", "incident_type": "accident.fire",
            "occurred_at": (now - datetime.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
            "received_at": now.strftime("%Y-%m-%dT%H:%M"), "place": "青石镇工业园", "region": world.regions.township_a.pk,
            "deaths": 0, "missing": 0, "injuries": 2, "trapped": 0, "evacuated": 30, "grade": 4, "source": "phone",
            "reporter_name": "王五", "reporter_phone": "13812345678"}
    data.update(kw)
    return data


def test_duty_officer_receives_an_incident_with_deadlines_and_timeline(world, client_for):
    client = client_for(world.users.duty)
    response = client.post(reverse("incidents:incident_add"), _form(world))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.deadlines.filter(kind="first").exists()
    assert incident.timeline.get().kind == "received"
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "报送时限" in page and "data-countdown" in page and "登记报送" in page


@pytest.mark.parametrize("field,value,message", [
    ("category", "", "请选择事件类别"),
    ("incident_type", "natural.flood", "不属于事故灾难"),
    ("injuries", "-1", "受伤人数不能为负数"),
    ("reporter_phone", "12", "电话"),
])
def test_bad_input_is_answered_in_chinese_and_nothing_is_written(world, client_for, field, value, message):
    response = client_for(world.users.duty).post(reverse("incidents:incident_add"), _form(world, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Incident.objects.exists() and not TimelineEntry.objects.exists()


def test_api_refuses_an_incident_with_no_category(world, api_for):
    data = _form(world, category="")
    response = api_for(world.users.duty).post("/api/v1/incidents/", data, format="json")
    assert response.status_code == 400
    assert "请选择事件类别" in str(response.json())
    assert not Incident.objects.exists()


def test_api_receives_reports_and_closes(world, api_for):
    api = api_for(world.users.duty)
    response = api.post("/api/v1/incidents/", _form(world, received_at=timezone.now() - datetime.timedelta(minutes=5),
                                                    occurred_at=timezone.now() - datetime.timedelta(minutes=30)),
                        format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    r = api.post(f"/api/v1/incidents/{pk}/report/", {"kind": "first", "channel": "written",
                                                    "recipient_level": "city"}, format="json")
    assert r.status_code == 201 and r.json()["late"] is False
    r = api.post(f"/api/v1/incidents/{pk}/timeline/add/", {"kind": "decision", "text": "启动四级响应"}, format="json")
    assert r.status_code == 201
    assert api.post(f"/api/v1/incidents/{pk}/close/", {"summary": ""}, format="json").status_code == 400
    assert api.post(f"/api/v1/incidents/{pk}/close/", {"summary": "处置完毕"}, format="json").status_code == 200
    kinds = [e["kind"] for e in api.get(f"/api/v1/incidents/{pk}/timeline/").json()]
    assert kinds == ["received", "report", "decision", "closed"]
    due = api.get("/api/v1/incident-deadlines/?open=1").json()
    assert [d["kind"] for d in due["results"]] == ["final"]


def test_workspace_actions(world, client_for):
    incident = world.sample(Incident)
    client = client_for(world.users.duty)
    url = lambda name: reverse(f"incidents:incident_{name}", args=[incident.pk])  # noqa: E731
    client.post(url("task"), {"unit": "县消防救援大队", "text": "搜救被困人员"})
    task = incident.timeline.get(kind="task")
    client.post(url("task_done"), {"task": task.pk, "text": "2人已救出"})
    client.post(url("response"), {"level": "4", "note": "县应急指挥部决定"})
    response = client.post(url("close"), {"summary": ""}, follow=True)
    assert "结束事件须填写处置总结" in response.content.decode()
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds == ["task", "task_done", "response"]
    incident.refresh_from_db()
    assert incident.response_level == 4 and incident.status == "open"


def test_the_workspace_offers_its_actions_as_buttons_and_a_refused_form_comes_back_open(world, client_for):
    """The incident's page draws one row of buttons under the title (登记报送, 记录决策/情况, 下达任务, 应急响应,
    转为…, 处置结束, the documents as links), each form folded under the row and sent after a confirmation, not the
    forms stacked in the right column; a form refused comes back (400) open, with what was typed and its error."""
    import re

    incident = world.sample(Incident, region=world.regions.township_a)
    client = client_for(world.users.admin)
    url = lambda name: reverse(f"incidents:incident_{name}", args=[incident.pk])  # noqa: E731
    body = client.get(incident.get_absolute_url()).content.decode()
    head, tabs = body.split('id="detail-tabs"')
    assert head.count('id="actions"') == 1
    buttons = [name for name, _label in re.findall(r'aria-controls="transition-(\w+)">([^<]+)</button>', head)]
    assert buttons[:4] == ["report", "entry", "task", "response"] and buttons[-1] == "close"
    assert "handoff_accident" in buttons
    forms = dict(re.findall(r'<form method="post" action="([^"]+)"[^>]*data-confirm="([^"]+)"', head))
    assert forms[url("close")] == "确定处置结束？" and forms[url("report")] == "确定登记报送？"
    assert f'href="{url("document_special")}"' in head and f'href="{url("document_follow_up")}"' in head
    # the tabs hold no action form (反馈完成 stays on its task's line of the timeline): only 作废, folded away
    assert re.findall(r'<form method="post" action="([^"]+)"', tabs.split('id="tab-history"')[0]) == [
        reverse("incidents:incident_void", args=[incident.pk])]
    # a refusal: the page again, 400, the form open with what was typed and the error under it, nothing written
    r = client.post(url("task"), {"unit": "县消防救援大队", "text": ""})
    page = r.content.decode()
    assert r.status_code == 400 and 'class="collapse show" id="transition-task"' in page
    task_form = page.split('id="transition-task"')[1].split("</form>")[0]
    assert "县消防救援大队" in task_form and "该字段是必填项" in task_form
    assert not incident.timeline.filter(kind="task").exists()
    # the form's own address carries the action out; the ended incident offers no form, only its documents
    assert client.post(url("close"), {"summary": "处置完毕"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status != "open" and incident.closing_summary == "处置完毕"
    head = client.get(incident.get_absolute_url()).content.decode().split('id="detail-tabs"')[0]
    assert "aria-controls=\"transition-" not in head and f'href="{url("document_special")}"' in head
    # the service's refusal of a form no longer offered: the page (400) with the refusal above it, nothing written
    r = client.post(url("close"), {"summary": "再次结束"})
    assert r.status_code == 400 and "事件已结束" in r.content.decode()
    incident.refresh_from_db()
    assert incident.closing_summary == "处置完毕"


def test_scope_township_b_sees_nothing_of_township_a(world, client_for):
    incident = world.sample(Incident, region=world.regions.township_a)
    client = client_for(world.users.township_b)
    assert client.get(incident.get_absolute_url()).status_code == 404
    assert incident.title not in client.get(reverse("incidents:incident_list")).content.decode()
    assert client.post(reverse("incidents:incident_entry", args=[incident.pk]),
                       {"kind": "note", "text": "x"}).status_code == 404
    assert client_for(world.users.outsider).get(incident.get_absolute_url()).status_code == 404


def test_list_page_and_api_queries_do_not_grow(world, client_for, api_for, django_assert_max_num_queries):
    for _ in range(3):
        world.sample(IncidentReport)
    client, api = client_for(world.users.admin), api_for(world.users.admin)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("incidents:incident_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("incidents:incidentreport_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/incidents/").status_code == 200
    for _ in range(10):
        world.sample(IncidentReport)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("incidents:incident_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("incidents:incidentreport_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/incidents/").status_code == 200


def test_handover_to_an_accident_in_one_step(world, client_for):
    from django.apps import apps

    Accident = apps.get_model("accidents", "Accident")  # through the registry: no import of another domain
    incident = world.sample(Incident, deaths=1)
    client = client_for(world.users.admin)
    client.post(reverse("incidents:incident_handoff", args=[incident.pk]), {"kind": "accident"})
    incident.refresh_from_db()
    accident = Accident.objects.get()
    assert incident.handoff_kind == "accident" and incident.handoff_id == accident.pk
    assert incident.handoff_url == accident.get_absolute_url()
    assert accident.deaths == 1 and accident.region == incident.region
    assert incident.timeline.filter(kind="handoff").exists()
    response = client.post(reverse("incidents:incident_handoff", args=[incident.pk]),
                           {"kind": "accident"}, follow=True)
    assert "已移交建档" in response.content.decode() and Accident.objects.count() == 1
    # a natural disaster cannot become an accident, and nothing is written
    flood = world.sample(Incident, category="natural", incident_type="natural.flood")
    response = client.post(reverse("incidents:incident_handoff", args=[flood.pk]), {"kind": "accident"},
                           follow=True)
    assert "不能移交为生产安全事故" in response.content.decode() and Accident.objects.count() == 1
    client.post(reverse("incidents:incident_handoff", args=[flood.pk]), {"kind": "disaster"})
    flood.refresh_from_db()
    assert flood.handoff_kind == "disaster" and "自然灾害事件" in flood.handoff_label


def test_special_report_and_follow_up_documents(world, client_for):
    from docx import Document

    from yingji.command.incidents.services import record_event

    incident = world.sample(Incident)
    record_event(incident, "decision", "县应急局启动四级响应", actor=world.users.duty)
    client = client_for(world.users.duty)
    for name in ("special", "follow_up"):
        response = client.get(reverse(f"incidents:incident_document_{name}", args=[incident.pk]))
        assert response.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert incident.title in text and "县应急局启动四级响应" in text


def test_stats_page_counts_late_reports(world, client_for):
    from yingji.command.incidents.services import file_report

    incident = world.sample(Incident, received_at=timezone.now() - datetime.timedelta(hours=5))
    from yingji.command.incidents.services import schedule_first_reports

    schedule_first_reports(incident)
    file_report(incident, actor=world.users.duty, kind="first", channel="written", recipient_level="city")
    response = client_for(world.users.admin).get(reverse("incidents:incident_stats"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["count"] == 1 and stats["late"] == 1 and stats["on_time"] == 0
