import datetime

import pytest
from django.utils import timezone

from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardState
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "加装防护罩", "plan_funds": "1200.00",
        "plan_time_limit": "3 日内", "plan_contingency": "停机并挂牌", "deadline": str(TODAY + datetime.timedelta(days=5)),
        "responsible_person": "赵主任"}


def test_api_closed_loop(world, api_for):
    h = world.sample(Hazard)
    township, inspector = api_for(world.users.township_a), api_for(world.users.inspector)
    r = township.post(f"/api/v1/hazards/{h.pk}/submit/", {"evidence": "x"}, format="json")
    assert r.status_code == 400
    assert "当前状态为“待整改”" in r.json()["message"]
    r = township.post(f"/api/v1/hazards/{h.pk}/start/", {"plan_measures": "x"}, format="json")
    assert r.status_code == 400 and "plan_funds" in r.json()["errors"]
    r = township.post(f"/api/v1/hazards/{h.pk}/start/", PLAN, format="json")
    assert r.status_code == 200 and r.json()["state"] == HazardState.IN_PROGRESS
    r = township.post(f"/api/v1/hazards/{h.pk}/submit/", {"evidence": "已加装"}, format="json")
    assert r.json()["state"] == HazardState.AWAITING_ACCEPTANCE
    assert township.post(f"/api/v1/hazards/{h.pk}/accept/", {}, format="json").status_code == 403
    r = inspector.post(f"/api/v1/hazards/{h.pk}/reject/", {}, format="json")
    assert r.status_code == 400 and "退回须说明原因" in r.json()["message"]
    inspector.post(f"/api/v1/hazards/{h.pk}/reject/", {"note": "照片不清"}, format="json")
    township.post(f"/api/v1/hazards/{h.pk}/submit/", {"evidence": "补拍照片"}, format="json")
    r = inspector.post(f"/api/v1/hazards/{h.pk}/accept/", {"note": "合格"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == HazardState.CLOSED
    events = inspector.get(f"/api/v1/hazards/{h.pk}/events/").json()
    assert [e["to_state"] for e in events] == ["in_progress", "awaiting_acceptance", "in_progress",
                                                "awaiting_acceptance", "closed"]


def test_api_create_and_state_is_read_only(world, api_for):
    e = world.sample(Enterprise)
    api = api_for(world.users.inspector)
    data = {"enterprise": e.pk, "description": "叉车司机无证", "category": "behaviour", "source": "department",
            "found_on": str(TODAY), "deadline": str(TODAY - datetime.timedelta(days=1))}
    r = api.post("/api/v1/hazards/", data, format="json")
    assert r.status_code == 400 and "整改期限不能早于发现日期" in r.json()["message"]
    assert not Hazard.objects.exists()
    data.update(deadline=str(TODAY + datetime.timedelta(days=3)), state="closed")
    r = api.post("/api/v1/hazards/", data, format="json")
    assert r.status_code == 201 and r.json()["state"] == HazardState.PENDING
    assert r.json()["region"] == e.region_id


def test_api_overdue_filter(world, api_for):
    late = world.sample(Hazard, found_on=TODAY - datetime.timedelta(days=9))
    Hazard.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    world.sample(Hazard)
    r = api_for(world.users.leader).get("/api/v1/hazards/?overdue=true").json()
    assert [x["id"] for x in r["results"]] == [late.pk] and r["results"][0]["is_overdue"] is True


def test_api_submit_with_evidence_file_as_multipart(world, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    h = world.sample(Hazard)
    api = api_for(world.users.township_a)
    assert api.post(f"/api/v1/hazards/{h.pk}/start/", PLAN, format="json").status_code == 200
    photo = SimpleUploadedFile("after.png", b"\x89PNG\r\n", content_type="image/png")
    r = api.post(f"/api/v1/hazards/{h.pk}/submit/", {"evidence": "已整改", "evidence_file": photo}, format="multipart")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == HazardState.AWAITING_ACCEPTANCE and r.json()["evidence_file"].endswith(".png")
