import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from yingji.warning.alerts import cap
from yingji.warning.alerts.choices import MsgType, WarningState
from yingji.warning.alerts.models import Warning

from .helpers import draft, hours, published
from .test_cap import upstream

pytestmark = pytest.mark.django_db


def test_list_page_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    c = client_for(world.users.leader)
    for _ in range(3):
        published(world)
    url = reverse("alerts:warning_list")
    with django_assert_max_num_queries(14) as ctx:
        assert c.get(url).status_code == 200
    few = len(ctx.captured_queries)
    for _ in range(6):
        draft(world)
    with django_assert_max_num_queries(few):
        assert c.get(url + "?in_force=true").status_code == 200


def test_api_list_query_count(world, api_for, django_assert_max_num_queries):
    api = api_for(world.users.leader)
    for _ in range(2):
        published(world)
    with django_assert_max_num_queries(10) as ctx:
        assert api.get("/api/v1/warnings/").status_code == 200
    few = len(ctx.captured_queries)
    for _ in range(5):
        draft(world)
    with django_assert_max_num_queries(few):
        r = api.get("/api/v1/warnings/")
    assert r.json()["count"] == 7


def test_detail_page_shows_xml_history_and_followups(world, client_for):
    w = published(world)
    r = client_for(world.users.duty).get(w.get_absolute_url())
    body = r.content.decode()
    assert r.status_code == 200 and "已通过 CAP 1.2 官方 XSD 校验" in body and w.identifier in body
    assert "起草更新" in body and "发布" in body


def test_draft_through_the_form_and_refusals(world, client_for):
    c = client_for(world.users.duty)
    data = {"region": world.regions.county.pk, "event_type": "rainstorm", "level": "yellow",
            "description": "预计强降雨", "expires": hours(6).strftime("%Y-%m-%dT%H:%M"),
            "onset": hours(8).strftime("%Y-%m-%dT%H:%M"), "status": "Actual", "scope": "Public",
            "areas": [world.regions.township_a.pk]}
    r = c.post(reverse("alerts:warning_add"), data)
    assert r.status_code == 400 and "失效时间须晚于开始时间" in r.content.decode()
    r = c.post(reverse("alerts:warning_add"), {**data, "onset": "", "areas": []})
    assert r.status_code == 400 and "预警须有区域" in r.content.decode()
    r = c.post(reverse("alerts:warning_add"), {**data, "onset": "", "areas": [world.regions.other_township.pk]})
    assert r.status_code == 400
    assert not Warning.objects.exists()
    r = c.post(reverse("alerts:warning_add"), {**data, "onset": ""})
    assert r.status_code == 302
    w = Warning.objects.get()
    assert w.created_by == world.users.duty and w.instruction  # the guidance library filled it
    r = c.post(reverse("alerts:warning_submit", args=[w.pk]), {"note": ""})
    assert Warning.objects.get(pk=w.pk).state == WarningState.PENDING_REVIEW
    r = c.post(reverse("alerts:warning_edit", args=[w.pk]), {**data, "onset": ""})
    assert r.status_code == 400 and "只有“起草”状态的预警可以修改" in r.content.decode()


def test_web_refusal_of_sign_by_drafter_is_a_message(world, client_for):
    w = draft(world, by=world.users.leader)
    c = client_for(world.users.leader)
    c.post(reverse("alerts:warning_submit", args=[w.pk]))
    c.post(reverse("alerts:warning_review", args=[w.pk]))
    r = c.post(reverse("alerts:warning_sign", args=[w.pk]), follow=True)
    assert r.status_code == 200 and "签发人不能是该预警的起草人" in r.content.decode()
    assert Warning.objects.get(pk=w.pk).state == WarningState.PENDING_SIGN


def test_followup_cancel_via_web(world, client_for):
    w = published(world)
    r = client_for(world.users.duty).post(reverse("alerts:warning_cancel", args=[w.pk]), {"note": "雨停"})
    new = Warning.objects.get(predecessor=w)
    assert r.status_code == 302 and new.msg_type == MsgType.CANCEL and new.state == WarningState.DRAFT


def test_receive_two_clicks_and_bad_file(world, client_for):
    c = client_for(world.users.duty)
    r = c.post(reverse("alerts:warning_receive"), {"file": SimpleUploadedFile("a.xml", b"<not xml")})
    assert r.status_code == 400 and "不是有效的 XML" in r.content.decode()
    assert not Warning.objects.exists()
    r = c.post(reverse("alerts:warning_receive"), {"file": SimpleUploadedFile("a.xml", upstream())})
    w = Warning.objects.get()
    assert r.status_code == 302 and r["Location"] == w.get_absolute_url()
    r = c.post(reverse("alerts:warning_forward", args=[w.pk]))
    assert Warning.objects.get(pk=w.pk).state == WarningState.PUBLISHED
    assert client_for(world.users.township_a).get(reverse("alerts:warning_receive")).status_code == 403


def test_cap_download_and_feed(world, client_for):
    w = published(world)
    c = client_for(world.users.township_a)
    r = c.get(reverse("alerts:warning_cap", args=[w.pk]))
    assert r.status_code == 200 and cap.schema_errors(r.content) == []
    r = c.get(reverse("alerts:warning_feed"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    entries = etree.fromstring(r.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1 and w.identifier in entries[0].findtext("{http://www.w3.org/2005/Atom}id")
    Warning.objects.filter(pk=w.pk).update(expires=hours(-1))
    assert b"<entry>" not in c.get(reverse("alerts:warning_feed")).content
    assert client_for(world.users.outsider).get(reverse("alerts:warning_cap", args=[w.pk])).status_code == 404


def test_api_workflow_and_bad_input(world, api_for):
    api = api_for(world.users.duty)
    payload = {"region": world.regions.county.pk, "event_type": "typhoon", "level": "orange",
               "description": "台风将影响本县", "expires": hours(10).isoformat(), "areas": []}
    r = api.post("/api/v1/warnings/", payload, format="json")
    assert r.status_code == 400 and "预警须有区域" in str(r.json())
    r = api.post("/api/v1/warnings/", {**payload, "areas": [world.regions.township_b.pk]}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert api.post(f"/api/v1/warnings/{pk}/submit/", {}, format="json").status_code == 200
    assert api.post(f"/api/v1/warnings/{pk}/review/", {}, format="json").status_code == 403
    leader = api_for(world.users.leader)
    assert leader.post(f"/api/v1/warnings/{pk}/review/", {}, format="json").status_code == 200
    assert leader.post(f"/api/v1/warnings/{pk}/sign/", {}, format="json").status_code == 200
    r = api.post(f"/api/v1/warnings/{pk}/publish/", {}, format="json")
    assert r.status_code == 200 and r.json()["identifier"]
    r = api.patch(f"/api/v1/warnings/{pk}/", {"description": "改"}, format="json")
    assert r.status_code == 400 and "只有“起草”状态" in str(r.json())
    r = api.post(f"/api/v1/warnings/{pk}/publish/", {}, format="json")
    assert r.status_code == 400 and "只有“已签发待发布”" in str(r.json())
    r = api.post("/api/v1/warnings/receive/", {"xml": "<x"}, format="json")
    assert r.status_code == 400 and "不是有效的 XML" in str(r.json())
    assert api.get(f"/api/v1/warnings/{pk}/cap/").status_code == 200
