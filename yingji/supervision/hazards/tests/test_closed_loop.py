import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards import services
from yingji.supervision.hazards.choices import HazardLevel, HazardState
from yingji.supervision.hazards.models import Hazard, HazardEvent, MajorHazardCriterion

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "更换电缆、配电箱加锁", "plan_funds": 3000,
        "plan_time_limit": "一周内完成", "plan_contingency": "整改期间停用该配电箱并设警示",
        "deadline": TODAY + datetime.timedelta(days=10), "responsible_person": "王电工"}


def _closed_loop_to(world, state):
    h = world.sample(Hazard)
    if state == HazardState.PENDING:
        return h
    services.start_rectification(h, actor=world.users.township_a, **PLAN)
    if state == HazardState.IN_PROGRESS:
        return h
    services.submit_for_acceptance(h, actor=world.users.township_a, evidence="已更换电缆，配电箱已加锁")
    if state == HazardState.AWAITING_ACCEPTANCE:
        return h
    services.accept_hazard(h, actor=world.users.inspector)
    return h


def test_full_loop_with_events_and_audit(world):
    h = _closed_loop_to(world, HazardState.AWAITING_ACCEPTANCE)
    services.reject_rectification(h, actor=world.users.inspector, note="佐证照片不清晰")
    assert h.state == HazardState.IN_PROGRESS
    services.submit_for_acceptance(h, actor=world.users.township_a, evidence="补充了照片")
    services.accept_hazard(h, actor=world.users.inspector2, note="现场复核合格")
    h.refresh_from_db()
    assert h.state == HazardState.CLOSED and h.accepted_by == world.users.inspector2 and h.closed_at
    steps = [(e.transition, e.from_state, e.to_state, e.actor.username) for e in h.events.all()]
    assert steps == [
        ("start", "pending", "in_progress", "township_a"),
        ("submit", "in_progress", "awaiting_acceptance", "township_a"),
        ("reject", "awaiting_acceptance", "in_progress", "inspector"),
        ("submit", "in_progress", "awaiting_acceptance", "township_a"),
        ("accept", "awaiting_acceptance", "closed", "inspector2"),
    ]
    transitions = ObjectChange.objects.filter(object_id=h.pk, action=ObjectChange.Action.TRANSITION,
                                              content_type__model="hazard")
    assert transitions.count() == 5
    assert "验收销号" in transitions.order_by("-time", "-pk").first().message


ILLEGAL = [
    (HazardState.PENDING, "submit"), (HazardState.PENDING, "accept"), (HazardState.PENDING, "reject"),
    (HazardState.IN_PROGRESS, "start"), (HazardState.IN_PROGRESS, "accept"), (HazardState.IN_PROGRESS, "reject"),
    (HazardState.AWAITING_ACCEPTANCE, "start"), (HazardState.AWAITING_ACCEPTANCE, "submit"),
    (HazardState.CLOSED, "start"), (HazardState.CLOSED, "submit"), (HazardState.CLOSED, "accept"),
    (HazardState.CLOSED, "reject"),
]


@pytest.mark.parametrize("state, name", ILLEGAL)
def test_illegal_transitions_refused_in_chinese_and_write_nothing(world, state, name):
    h = _closed_loop_to(world, state)
    events = HazardEvent.objects.count()
    kwargs = {**PLAN} if name == "start" else {"evidence": "x"} if name == "submit" else {"note": "原因"}
    with pytest.raises(ValidationError) as e:
        services.TRANSITION_FUNCTIONS[name](h, actor=world.users.leader, **kwargs)
    assert "不能" in e.value.messages[0] and "当前状态" in e.value.messages[0]
    assert HazardEvent.objects.count() == events
    h.refresh_from_db()
    assert h.state == state


@pytest.mark.parametrize("missing", list(services.PLAN_FIELDS))
def test_start_needs_five_items_deadline_and_responsible_person(world, missing):
    h = world.sample(Hazard)
    plan = {k: v for k, v in PLAN.items() if k != missing}
    with pytest.raises(ValidationError) as e:
        services.start_rectification(h, actor=world.users.township_a, **plan)
    assert missing in e.value.message_dict
    assert "开始整改前须落实" in e.value.message_dict[missing][0]
    h.refresh_from_db()
    assert h.state == HazardState.PENDING and not h.events.exists()


def test_deadline_before_finding_date_refused(world):
    h = world.sample(Hazard, found_on=TODAY - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as e:
        services.start_rectification(h, actor=world.users.township_a,
                                     **{**PLAN, "deadline": TODAY - datetime.timedelta(days=5)})
    assert "不能早于发现日期" in e.value.message_dict["deadline"][0]
    bad = Hazard(enterprise=h.enterprise, description="x", category="other", source="department",
                 found_on=TODAY, deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_submit_needs_evidence(world):
    h = _closed_loop_to(world, HazardState.IN_PROGRESS)
    with pytest.raises(ValidationError) as e:
        services.submit_for_acceptance(h, actor=world.users.township_a, evidence="  ")
    assert "整改情况" in e.value.message_dict["evidence"][0]
    doc = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    services.submit_for_acceptance(h, actor=world.users.township_a, evidence="已整改", evidence_file=doc)
    h.refresh_from_db()
    assert h.evidence_file.name.endswith(".jpg")


def test_self_acceptance_refused(world):
    h = _closed_loop_to(world, HazardState.IN_PROGRESS)
    services.submit_for_acceptance(h, actor=world.users.inspector, evidence="已整改")
    with pytest.raises(ValidationError) as e:
        services.accept_hazard(h, actor=world.users.inspector)
    assert "不能验收自己提交的整改" in e.value.messages[0]
    services.accept_hazard(h, actor=world.users.inspector2)
    assert h.state == HazardState.CLOSED


def test_reject_needs_a_reason(world):
    h = _closed_loop_to(world, HazardState.AWAITING_ACCEPTANCE)
    with pytest.raises(ValidationError) as e:
        services.reject_rectification(h, actor=world.users.inspector, note=" ")
    assert "原因" in e.value.message_dict["note"][0]


def test_voided_hazard_cannot_move(world):
    from yingji.platform.core.services import void_record

    h = world.sample(Hazard)
    void_record(h, actor=world.users.admin, reason="重复登记")
    with pytest.raises(ValidationError) as e:
        services.start_rectification(h, actor=world.users.township_a, **PLAN)
    assert "已作废" in e.value.messages[0]


def test_major_hazard_needs_criterion_matching_sector_and_supervision_only_for_major(world):
    e = world.sample(Enterprise)  # 危险化学品使用
    chem = MajorHazardCriterion.objects.get(standard="chemicals", item_no="第 2 项")
    trade = MajorHazardCriterion.objects.filter(standard="industry_trade").first()
    h = Hazard(enterprise=e, description="x", category="chemicals", source="department", level=HazardLevel.MAJOR)
    with pytest.raises(ValidationError) as exc:
        h.full_clean()
    assert "criterion" in exc.value.message_dict
    h.criterion = trade
    with pytest.raises(ValidationError) as exc:
        h.full_clean()
    assert "不适用" in exc.value.message_dict["criterion"][0]
    h.criterion = chem
    h.supervision_level = "county"
    with pytest.raises(ValidationError) as exc:
        h.full_clean()
    assert "同时填写" in exc.value.message_dict["supervision_level"][0]
    h.supervising_unit, h.supervision_deadline = "县安委办", TODAY + datetime.timedelta(days=30)
    h.full_clean()
    g = Hazard(enterprise=e, description="x", category="other", source="department", supervision_level="county",
               supervising_unit="县安委办", supervision_deadline=TODAY)
    with pytest.raises(ValidationError) as exc:
        g.full_clean()
    assert "只有重大事故隐患" in exc.value.message_dict["supervision_level"][0]


def test_seeded_criteria_are_sourced_items_only():
    assert MajorHazardCriterion.objects.filter(standard="industry_trade").count() == 3
    assert MajorHazardCriterion.objects.filter(standard="chemicals").count() == 14
    assert MajorHazardCriterion.objects.valid_on().count() == 17


def test_overdue_queryset_and_region_follows_enterprise(world):
    old = world.sample(Hazard, found_on=TODAY - datetime.timedelta(days=20))
    Hazard.objects.filter(pk=old.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    closed = _closed_loop_to(world, HazardState.CLOSED)
    Hazard.objects.filter(pk=closed.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    fresh = world.sample(Hazard, deadline=TODAY)
    assert list(Hazard.objects.overdue()) == [old]
    assert fresh.region == fresh.enterprise.region


# --- web ----------------------------------------------------------------------------------------------------------
def test_web_transitions_and_messages(world, client_for):
    h = world.sample(Hazard)
    c = client_for(world.users.township_a)
    r = c.post(reverse("hazards:hazard_start", args=[h.pk]), {"plan_measures": "x"}, follow=True)
    assert "开始整改前须落实" in r.content.decode()
    h.refresh_from_db()
    assert h.state == HazardState.PENDING
    data = {k: str(v) for k, v in PLAN.items()}
    r = c.post(reverse("hazards:hazard_start", args=[h.pk]), data)
    assert r.status_code == 302
    h.refresh_from_db()
    assert h.state == HazardState.IN_PROGRESS
    doc = SimpleUploadedFile("after.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    c.post(reverse("hazards:hazard_submit", args=[h.pk]), {"evidence": "已整改", "evidence_file": doc})
    h.refresh_from_db()
    assert h.state == HazardState.AWAITING_ACCEPTANCE
    # a township officer may not accept (no approve permission)
    assert c.post(reverse("hazards:hazard_accept", args=[h.pk])).status_code == 403
    page = client_for(world.users.inspector).get(h.get_absolute_url()).content.decode()
    assert "验收销号" in page and "验收退回" in page
    client_for(world.users.inspector).post(reverse("hazards:hazard_accept", args=[h.pk]), {"note": "合格"})
    h.refresh_from_db()
    assert h.state == HazardState.CLOSED


def test_web_create_refuses_deadline_before_finding(world, client_for):
    e = world.sample(Enterprise)
    data = {"enterprise": e.pk, "description": "消防通道堵塞", "category": "fire", "level": "general",
            "source": "department", "found_on": str(TODAY), "deadline": str(TODAY - datetime.timedelta(days=1))}
    r = client_for(world.users.inspector).post(reverse("hazards:hazard_add"), data)
    assert r.status_code == 400 and "整改期限不能早于发现日期" in r.content.decode()
    data["deadline"] = str(TODAY + datetime.timedelta(days=7))
    r = client_for(world.users.inspector).post(reverse("hazards:hazard_add"), data)
    assert r.status_code == 302
    h = Hazard.objects.get()
    assert (h.state, h.region, h.found_by) == (HazardState.PENDING, e.region, world.users.inspector)


def test_list_filters_overdue_and_widget(world, client_for):
    late = world.sample(Hazard, description="逾期的隐患", found_on=TODAY - datetime.timedelta(days=30))
    Hazard.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=2))
    world.sample(Hazard, description="按期的隐患")
    world.sample(Hazard, description="乙镇的隐患", region=world.regions.township_b)
    c = client_for(world.users.inspector)
    body = c.get(reverse("hazards:hazard_list"), {"overdue": "true"}).content.decode()
    assert "逾期的隐患" in body and "按期的隐患" not in body
    body = c.get(reverse("hazards:hazard_list"), {"township": world.regions.township_b.pk}).content.decode()
    assert "乙镇的隐患" in body and "逾期的隐患" not in body
    home = c.get(reverse("home")).content.decode()
    assert "逾期未整改隐患" in home and "逾期的隐患" in home
    # township B's officer sees no overdue hazard of township A on his home page
    assert "逾期的隐患" not in client_for(world.users.township_b).get(reverse("home")).content.decode()


def test_department_scope(world, client_for, api_for):
    mine = world.sample(Hazard, enterprise=world.sample(Enterprise, supervising_department=world.orgs.housing))
    other = world.sample(Hazard)  # supervised by the bureau
    user = world.users.department
    assert list(Hazard.objects.restrict(user)) == [mine]
    assert client_for(user).get(other.get_absolute_url()).status_code == 404
    assert [r["id"] for r in api_for(user).get("/api/v1/hazards/").json()["results"]] == [mine.pk]
    assert api_for(user).post(f"/api/v1/hazards/{other.pk}/start/", PLAN, format="json").status_code == 404


def test_list_page_and_api_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    for i in range(30):
        world.sample(Hazard, description=f"隐患{i}")
    c = client_for(world.users.admin)
    c.get(reverse("hazards:hazard_list"))
    with django_assert_max_num_queries(16):
        assert c.get(reverse("hazards:hazard_list")).status_code == 200
    api = api_for(world.users.admin)
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/hazards/").json()["results"]) == 30


def test_photo_on_registration_and_evidence_file_types(world, client_for):
    e = world.sample(Enterprise)
    photo = SimpleUploadedFile("scene.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    data = {"enterprise": e.pk, "description": "灭火器过期", "category": "fire", "level": "general",
            "source": "department", "found_on": str(TODAY), "photo": photo}
    assert client_for(world.users.inspector).post(reverse("hazards:hazard_add"), data).status_code == 302
    h = Hazard.objects.get()
    assert h.photo.name.endswith(".jpg")
    assert "查看隐患照片" in client_for(world.users.inspector).get(h.get_absolute_url()).content.decode()
    services.start_rectification(h, actor=world.users.inspector, **PLAN)
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        services.submit_for_acceptance(h, actor=world.users.inspector, evidence="已更换", evidence_file=bad)
    assert "evidence_file" in exc.value.message_dict
    h.refresh_from_db()
    assert h.state == HazardState.IN_PROGRESS


def test_closed_hazard_cannot_be_edited(world, client_for, api_for):
    h = _closed_loop_to(world, HazardState.CLOSED)
    data = {"enterprise": h.enterprise_id, "description": "改写", "category": h.category, "level": h.level,
            "source": h.source, "found_on": str(h.found_on)}
    r = client_for(world.users.inspector).post(reverse("hazards:hazard_edit", args=[h.pk]), data)
    assert r.status_code == 400 and "已销号的隐患不能修改" in r.content.decode()
    r = api_for(world.users.inspector).patch(f"/api/v1/hazards/{h.pk}/", {"description": "改写"}, format="json")
    assert r.status_code == 400 and "已销号的隐患不能修改" in r.json()["message"]
    h.refresh_from_db()
    assert h.description != "改写"


def test_overdue_widget_puts_the_liaisons_enterprises_first(world, client_for):
    mine = world.sample(Enterprise, liaison=world.users.inspector2)
    for i in range(12):
        h = world.sample(Hazard, description=f"他人企业隐患{i}", found_on=TODAY - datetime.timedelta(days=60))
        Hazard.objects.filter(pk=h.pk).update(deadline=TODAY - datetime.timedelta(days=40))
    h = world.sample(Hazard, enterprise=mine, description="包保企业隐患", found_on=TODAY - datetime.timedelta(days=5))
    Hazard.objects.filter(pk=h.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    home = client_for(world.users.inspector2).get(reverse("home")).content.decode()
    assert "包保企业隐患" in home and "其中我包保的企业 1 条" in home and "全部 13 条逾期隐患" in home
    # another inspector's page is limited to ten rows, the most overdue first
    assert "包保企业隐患" not in client_for(world.users.inspector).get(reverse("home")).content.decode()


def test_criterion_must_be_in_force_on_the_finding_date(world):
    e = world.sample(Enterprise, sector="industry_trade", subsector="machinery")
    item = MajorHazardCriterion.objects.filter(standard="industry_trade").first()  # in force since 2023-05-15
    h = Hazard(enterprise=e, description="x", category="management", source="department", level=HazardLevel.MAJOR,
               criterion=item, found_on=datetime.date(2023, 5, 1))
    with pytest.raises(ValidationError) as exc:
        h.full_clean()
    assert "不在施行期内" in exc.value.message_dict["criterion"][0]
    h.found_on = datetime.date(2023, 5, 15)
    h.full_clean()
