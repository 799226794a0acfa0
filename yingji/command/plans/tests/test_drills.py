"""Drills: a drill dated before its plan existed is refused (page and API, in Chinese, nothing written); findings stay
open until a revision or a recorded decision closes them; photos are checked and served in scope; the warning
domain reads the levels of the plan in force through core.planlevels."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingji.command.plans import services
from yingji.command.plans.choices import FindingState, PlanKind
from yingji.command.plans.models import Drill, DrillFinding, DrillPhoto, PlanAction, PlanLevel
from yingji.command.plans.testing import PDF, PNG, make_drill, make_finding, make_plan, make_version
from yingji.platform.core import planlevels

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _drill_data(world, plan, held_on):
    return {"name": "危化品泄漏处置演练", "held_on": held_on.isoformat(), "kind": "live",
            "organiser_name": "安澜化工有限公司", "region": world.regions.township_a.pk, "plans": [plan.pk],
            "participants": "85"}


def test_a_drill_before_its_plan_existed_is_refused(world, client_for, api_for):
    plan = make_plan(world, world.regions.township_a, issued_on=TODAY - datetime.timedelta(days=10))
    before = TODAY - datetime.timedelta(days=11)
    response = client_for(world.users.township_a).post("/drills/add/", _drill_data(world, plan, before))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"演练日期（{before}）早于预案“{plan.name}”的发布日期（{plan.issued_on}）" in page
    response = api_for(world.users.township_a).post("/api/v1/drills/", _drill_data(world, plan, before),
                                                     format="json")
    assert response.status_code == 400 and "该预案当时尚不存在" in response.json()["message"] + str(
        response.json().get("errors"))
    assert not Drill.objects.exists()
    plan.refresh_from_db()
    assert plan.drill_due == plan.issued_on.replace(year=plan.issued_on.year + 3)  # unchanged: nothing written
    response = client_for(world.users.township_a).post("/drills/add/", _drill_data(world, plan, TODAY))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.drill_due == TODAY.replace(year=TODAY.year + 3)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("participants", "0", "参演人数至少为 1 人"),
    ("participants", "很多", "输入整数"),
    ("held_on", "2026-13-45", "日期"),
    ("plans", "", "请选择本次演练的预案"),
])
def test_bad_drill_input(world, client_for, field, value, message):
    plan = make_plan(world, world.regions.township_a)
    data = _drill_data(world, plan, TODAY)
    data[field] = value
    response = client_for(world.users.township_a).post("/drills/add/", data)
    assert response.status_code == 400 and not Drill.objects.exists()
    assert message in response.content.decode() or field == "plans"


def test_a_plan_outside_the_scope_cannot_be_drilled(world, client_for):
    other = make_plan(world, world.regions.township_b)
    response = client_for(world.users.township_a).post("/drills/add/", _drill_data(world, other, TODAY))
    assert response.status_code == 400 and "不在您的管辖范围内" in response.content.decode()


def test_a_finding_stays_open_until_a_revision_closes_it(world, client_for):
    plan = make_plan(world, world.regions.township_a)
    make_version(plan, label="2024年版")
    drill = make_drill(world, world.regions.township_a, plans=[plan], held_on=TODAY - datetime.timedelta(days=20))
    finding = make_finding(world, world.regions.township_a, drill=drill)
    assert finding.state == FindingState.OPEN and finding.region_id == drill.region_id
    old = plan.versions.get()
    with pytest.raises(ValidationError, match="发布于演练之前"):
        services.close_by_revision(finding, actor=world.users.township_a, version=old)
    with pytest.raises(ValidationError, match="请选择据此修订的预案版本"):
        services.close_by_revision(finding, actor=world.users.township_a, version=None)
    # the new version, registered on the plan page with the finding ticked, closes it in the same transaction
    response = client_for(world.users.township_a).post(f"/plans/{plan.pk}/versions/add/", {
        "label": "2026年修订版", "issued_on": TODAY.isoformat(), "reason": "drill", "summary": "增补备用转移路线",
        "file": SimpleUploadedFile("预案.pdf", PDF), "findings": [finding.pk]})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED and finding.revision.label == "2026年修订版"
    assert [e.transition for e in finding.events.all()] == ["revise"]


def test_a_decision_closes_a_finding_only_with_its_reason(world):
    finding = make_finding(world, world.regions.township_a)
    with pytest.raises(ValidationError, match="请写明处理决定"):
        services.close_by_decision(finding, actor=world.users.township_a, note="  ")
    assert DrillFinding.objects.get(pk=finding.pk).state == FindingState.OPEN
    services.close_by_decision(finding, actor=world.users.township_a, note="已组织专题培训，预案无须修订")
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED and finding.decision == "已组织专题培训，预案无须修订"


def test_finding_transitions_through_the_api(world, api_for):
    finding = make_finding(world, world.regions.township_a)
    api = api_for(world.users.township_a)
    response = api.post(f"/api/v1/drill-findings/{finding.pk}/decide/", {"note": ""}, format="json")
    assert response.status_code == 400 and "请写明处理决定" in response.content.decode()
    response = api.post(f"/api/v1/drill-findings/{finding.pk}/decide/", {"note": "由企业自行整改"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"


def test_a_finding_must_concern_a_plan_of_its_drill(world, client_for):
    drill = make_drill(world, world.regions.township_a)
    other = make_plan(world, world.regions.township_a, name="另一预案")
    response = client_for(world.users.township_a).post("/drillfindings/add/", {
        "drill": drill.pk, "plan": other.pk, "text": "通讯中断"})
    assert response.status_code == 400 and not DrillFinding.objects.exists()


def test_drill_photos(world, client_for):
    drill = make_drill(world, world.regions.township_a)
    client = client_for(world.users.township_a)
    response = client.post(f"/drills/{drill.pk}/photos/add/", {"file": SimpleUploadedFile("a.png", b"GIF89a")},
                           follow=True)
    assert "文件内容不是有效的 JPG 或 PNG 图片" in response.content.decode() and not DrillPhoto.objects.exists()
    client.post(f"/drills/{drill.pk}/photos/add/", {"file": SimpleUploadedFile("现场.png", PNG), "caption": "现场"})
    photo = DrillPhoto.objects.get()
    assert client.get(f"/drill-photos/{photo.pk}/").status_code == 200
    assert client_for(world.users.township_b).get(f"/drill-photos/{photo.pk}/").status_code == 404


def test_planlevels_registry_answers_the_plan_in_force(world):
    county_plan = make_plan(world, world.regions.county, kind=PlanKind.SPECIAL, name="安澜县防汛防台应急预案",
                            owner=world.orgs.bureau)
    PlanLevel.objects.create(plan=county_plan, level="4", trigger="台风蓝色预警")
    PlanLevel.objects.create(plan=county_plan, level="2", trigger="台风橙色预警")
    PlanAction.objects.create(plan=county_plan, level="2", unit=world.orgs.bureau, action="启动Ⅱ级响应，前置救援力量")
    # a township without its own flood plan gets the county's
    levels = planlevels.levels_for("flood", world.regions.village_a)
    assert [lv["level"] for lv in levels] == [4, 2] and levels[0]["plan_name"] == "安澜县防汛防台应急预案"
    assert planlevels.level("flood", world.regions.township_a, 2)["actions"] == [
        {"unit": world.orgs.bureau.name, "unit_id": world.orgs.bureau.pk, "action": "启动Ⅱ级响应，前置救援力量"}]
    # the township's own plan in force wins for its region
    own = make_plan(world, world.regions.township_a, kind=PlanKind.TOWNSHIP, name="青石镇防汛防台应急预案")
    PlanLevel.objects.create(plan=own, level="4", trigger="镇防指发布")
    assert planlevels.levels_for("flood", world.regions.township_a)[0]["plan_name"] == "青石镇防汛防台应急预案"
    assert planlevels.levels_for("flood", world.regions.township_b)[0]["plan_name"] == "安澜县防汛防台应急预案"
    # an abolished plan is no longer in force; another type has no plan
    own.abolished_on = TODAY
    own.save()
    assert planlevels.levels_for("flood", world.regions.township_a)[0]["plan_name"] == "安澜县防汛防台应急预案"
    assert planlevels.levels_for("earthquake", world.regions.township_a) == []
    assert planlevels.levels_for("flood", world.regions.other_township) == []


def test_pickers_search_in_scope(world, client_for, django_assert_max_num_queries):
    make_plan(world, world.regions.township_a, name="青石镇森林火灾应急预案")
    make_plan(world, world.regions.township_b, name="白水镇森林火灾应急预案")
    make_drill(world, world.regions.township_a, name="青石镇森林火灾扑救演练")
    client = client_for(world.users.township_a)
    labels = [r["label"] for r in client.get("/plans/search/?q=森林火灾").json()["results"]]
    assert len(labels) == 1 and labels[0].startswith("青石镇森林火灾应急预案")
    with django_assert_max_num_queries(12):
        results = client.get("/drills/search/?q=扑救").json()["results"]
    assert [r["label"].split(" ", 1)[1] for r in results] == ["青石镇森林火灾扑救演练"]
    page = client.get("/drillfindings/add/").content.decode()
    assert "青石镇森林火灾扑救演练" not in page  # the drill is searched, not listed
