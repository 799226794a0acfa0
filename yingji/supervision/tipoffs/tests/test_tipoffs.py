import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardSource
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.tipoffs import services
from yingji.supervision.tipoffs.choices import TipoffChannel, TipoffState
from yingji.supervision.tipoffs.models import Tipoff, TipoffEvent, VerificationRule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _confirmed(world, **kw):
    t = world.sample(Tipoff, **kw)
    services.start_verification(t, actor=world.users.township_a)
    services.confirm_tipoff(t, actor=world.users.township_a, finding="现场发现违规动火")
    return t


def test_the_verification_rule_is_seeded_data_and_sets_the_deadline(world):
    rule = VerificationRule.objects.valid_on().get()
    assert rule.days == 15 and "可配置" in rule.legal_basis
    t = world.sample(Tipoff)
    assert t.verify_deadline == timezone.localtime(t.received_at).date() + datetime.timedelta(days=15)
    VerificationRule.objects.create(days=7, legal_basis="本局新规定", valid_from=TODAY)
    assert world.sample(Tipoff).verify_deadline == TODAY + datetime.timedelta(days=7)


def test_legal_path_to_a_hazard_with_the_right_source(world):
    t = _confirmed(world)
    assert t.state == TipoffState.CONFIRMED and t.verifier == world.users.township_a and t.verified_at
    services.convert_to_hazard(t, actor=world.users.township_a, category="fire", deadline=TODAY)
    t.refresh_from_db()
    assert t.state == TipoffState.CONVERTED
    h = t.hazard
    assert h.source == HazardSource.PUBLIC_REPORT and h.enterprise == t.enterprise and h.region == t.region
    assert h.description == "现场发现违规动火" and h.found_by_name == "" and h.tipoff == t
    assert list(t.events.values_list("transition", flat=True)) == ["verify", "confirm", "convert"]
    assert ObjectChange.objects.filter(object_id=t.pk, action=ObjectChange.Action.TRANSITION).count() == 3


@pytest.mark.parametrize("name,kw", [("confirm", {"finding": "x"}), ("dismiss", {"finding": "x"}),
                                     ("convert", {"category": "fire"})])
def test_illegal_transitions_from_pending_say_why(world, name, kw):
    t = world.sample(Tipoff)
    with pytest.raises(ValidationError, match="当前状态为“待核查”"):
        services.TRANSITION_FUNCTIONS[name](t, actor=world.users.township_a, **kw)
    assert not TipoffEvent.objects.exists()


def test_unfounded_is_final_and_needs_a_finding(world):
    t = world.sample(Tipoff)
    services.start_verification(t, actor=world.users.inspector)
    with pytest.raises(ValidationError, match="核查情况"):
        services.dismiss_tipoff(t, actor=world.users.inspector, finding=" ")
    services.dismiss_tipoff(t, actor=world.users.inspector, finding="未发现动火作业")
    with pytest.raises(ValidationError, match="不能转为隐患"):
        services.convert_to_hazard(t, actor=world.users.inspector, category="fire")
    with pytest.raises(ValidationError, match="只有核查属实"):
        services.record_reward(t, actor=world.users.leader, amount=500)


def test_conversion_of_a_place_needs_an_enterprise_in_scope(world):
    t = world.sample(Tipoff, place="青石镇老街无名作坊")
    assert t.enterprise is None
    services.start_verification(t, actor=world.users.township_a)
    services.confirm_tipoff(t, actor=world.users.township_a, finding="作坊存放汽油")
    with pytest.raises(ValidationError, match="须指明"):
        services.convert_to_hazard(t, actor=world.users.township_a, category="fire")
    foreign = world.sample(Enterprise, world.regions.township_b)
    with pytest.raises(ValidationError, match="管辖范围"):
        services.convert_to_hazard(t, actor=world.users.township_a, category="fire", enterprise=foreign)
    own = world.sample(Enterprise, world.regions.village_a)
    services.convert_to_hazard(t, actor=world.users.township_a, category="fire", enterprise=own)
    t.refresh_from_db()
    assert t.enterprise == own and t.hazard.enterprise == own and t.region == own.region


def test_reward_only_when_confirmed(world):
    t = world.sample(Tipoff)
    with pytest.raises(ValidationError, match="只有核查属实"):
        services.record_reward(t, actor=world.users.leader, amount=500)
    services.start_verification(t, actor=world.users.inspector)
    services.confirm_tipoff(t, actor=world.users.inspector, finding="属实")
    with pytest.raises(ValidationError, match="大于零"):
        services.record_reward(t, actor=world.users.leader, amount=0)
    services.record_reward(t, actor=world.users.leader, amount="800", reward_date=TODAY, paid=False)
    services.record_reward(t, actor=world.users.leader, amount="800", reward_date=TODAY, paid=True)
    t.refresh_from_db()
    assert t.reward_amount == Decimal("800") and t.reward_paid and t.reward_date == TODAY
    assert t.events.filter(transition="reward").count() == 2


def test_anonymous_intake_on_the_web_page(world, client_for):
    e = world.sample(Enterprise)
    c = client_for(world.users.duty)
    data = {"channel": TipoffChannel.HOTLINE, "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "anonymous": "on", "enterprise": e.pk, "description": "夜间偷排废液"}
    r = c.post("/tipoffs/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    t = Tipoff.objects.get()
    assert t.anonymous and t.reporter_name == "" and t.region == e.region and t.created_by == world.users.duty
    data.update(reporter_name="王五")
    assert c.post("/tipoffs/add/", data).status_code == 400
    data.pop("enterprise")
    data.pop("anonymous")
    data.update(place="白水镇某仓库")
    r = c.post("/tipoffs/add/", data)
    assert r.status_code == 400 and "请选择所在区划" in r.content.decode()
    data["region"] = world.regions.township_b.pk
    assert c.post("/tipoffs/add/", data).status_code == 302


def test_web_transitions_need_their_permission(world, client_for):
    t = world.sample(Tipoff)
    duty = client_for(world.users.duty)
    assert duty.post(f"/tipoffs/{t.pk}/verify/", {}).status_code == 403
    township = client_for(world.users.township_a)
    township.post(f"/tipoffs/{t.pk}/verify/", {})
    township.post(f"/tipoffs/{t.pk}/confirm/", {"finding": "属实"})
    t.refresh_from_db()
    assert t.state == TipoffState.CONFIRMED
    page = township.get(f"/tipoffs/{t.pk}/").content.decode()
    assert "转为隐患" in page and "登记举报奖励" not in page
    assert township.post(f"/tipoffs/{t.pk}/reward/", {"amount": "500"}).status_code == 403
    leader = client_for(world.users.leader)
    assert "登记举报奖励" in leader.get(f"/tipoffs/{t.pk}/").content.decode()
    leader.post(f"/tipoffs/{t.pk}/reward/", {"amount": "500", "paid": "on"})
    township.post(f"/tipoffs/{t.pk}/convert/", {"category": "fire"})
    t.refresh_from_db()
    assert t.state == TipoffState.CONVERTED and t.reward_paid and t.hazard.source == HazardSource.PUBLIC_REPORT


def test_scope_township_sees_only_its_own(world, client_for, api_for):
    own = world.sample(Tipoff)
    other = world.sample(Tipoff, world.regions.township_b)
    assert client_for(world.users.township_a).get(f"/tipoffs/{other.pk}/").status_code == 404
    ids = [row["id"] for row in api_for(world.users.township_a).get("/api/v1/tipoffs/").json()["results"]]
    assert ids == [own.pk]
    assert client_for(world.users.department).get("/tipoffs/").status_code == 403


def test_reporter_is_masked_without_the_personal_data_permission(world, client_for, api_for):
    t = world.sample(Tipoff, reporter_name="李四", reporter_phone="13987654321")
    inspector = client_for(world.users.inspector)
    page = inspector.get("/tipoffs/").content.decode()
    assert "139****4321" in page and "13987654321" not in page and "李*" in page
    detail = inspector.get(f"/tipoffs/{t.pk}/").content.decode()
    assert "13987654321" not in detail and "李四" not in detail
    export = inspector.get("/tipoffs/?_export=xlsx")
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
             for c in row]
    assert "139****4321" in cells and "13987654321" not in cells and "李四" not in cells
    row = api_for(world.users.inspector).get(f"/api/v1/tipoffs/{t.pk}/").json()
    assert row["reporter_phone"] == "139****4321" and row["reporter_name"] == "李*"
    full = api_for(world.users.leader).get(f"/api/v1/tipoffs/{t.pk}/").json()
    assert full["reporter_phone"] == "13987654321" and full["reporter_name"] == "李四"
    assert "13987654321" in client_for(world.users.leader).get(f"/tipoffs/{t.pk}/").content.decode()


def test_reporter_is_never_logged(world, api_for):
    t = world.sample(Tipoff, reporter_name="李四", reporter_phone="13987654321")
    r = api_for(world.users.admin).patch(f"/api/v1/tipoffs/{t.pk}/", {"reporter_phone": "13700001111"}, format="json")
    assert r.status_code == 200, r.json()
    t.refresh_from_db()
    assert t.reporter_phone == "13700001111"
    logged = " ".join(str(c.prechange) + str(c.postchange) + str(c.changed_fields) for c in ObjectChange.objects.filter(object_id=t.pk))
    assert "1398765" not in logged and "1370000" not in logged and "李四" not in logged


def test_masked_user_cannot_overwrite_the_reporter(world, api_for):
    t = world.sample(Tipoff, reporter_name="李四", reporter_phone="13987654321")
    r = api_for(world.users.inspector).patch(f"/api/v1/tipoffs/{t.pk}/", {"reporter_phone": "139****4321",
                                                                          "description": "补充"}, format="json")
    assert r.status_code == 200
    t.refresh_from_db()
    assert t.reporter_phone == "13987654321" and t.description == "补充"


def test_api_transitions(world, api_for):
    t = world.sample(Tipoff)
    api = api_for(world.users.inspector)
    r = api.post(f"/api/v1/tipoffs/{t.pk}/confirm/", {"finding": "x"}, format="json")
    assert r.status_code == 400 and "当前状态为“待核查”" in r.json()["message"]
    assert api.post(f"/api/v1/tipoffs/{t.pk}/verify/", {}, format="json").json()["state"] == "verifying"
    assert api.post(f"/api/v1/tipoffs/{t.pk}/confirm/", {"finding": "属实"}, format="json").json()["state"] == \
        "confirmed"
    assert api.post(f"/api/v1/tipoffs/{t.pk}/reward/", {"amount": "300"}, format="json").status_code == 403
    r = api_for(world.users.leader).post(f"/api/v1/tipoffs/{t.pk}/reward/", {"amount": "300", "paid": True},
                                         format="json")
    assert r.status_code == 200 and r.json()["reward_amount"] == "300.00"
    r = api.post(f"/api/v1/tipoffs/{t.pk}/convert/", {"category": "fire"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "converted"
    assert Hazard.objects.get(pk=r.json()["hazard"]).source == HazardSource.PUBLIC_REPORT
    events = api.get(f"/api/v1/tipoffs/{t.pk}/events/").json()
    assert [e["transition"] for e in events] == ["verify", "confirm", "reward", "convert"]


def test_api_anonymous_intake_takes_the_region_from_the_enterprise(world, api_for):
    e = world.sample(Enterprise)
    r = api_for(world.users.duty).post("/api/v1/tipoffs/", {
        "channel": "online", "received_at": timezone.now().isoformat(), "anonymous": True, "enterprise": e.pk,
        "description": "违规储存烟花爆竹"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["region"] == e.region_id and r.json()["state"] == "pending"


def test_overdue_filter(world, client_for):
    late = world.sample(Tipoff, received_at=timezone.now() - datetime.timedelta(days=30))
    world.sample(Tipoff)
    page = client_for(world.users.admin).get("/tipoffs/?overdue=true").content.decode()
    assert page.count("/tipoffs/") >= 1 and f"/tipoffs/{late.pk}/" in page
    assert Tipoff.objects.overdue().get() == late


def test_list_page_and_api_query_counts(world, client_for, api_for, django_assert_max_num_queries):
    for _i in range(3):
        _confirmed(world)
    c, api = client_for(world.users.inspector), api_for(world.users.inspector)
    c.get("/tipoffs/")
    api.get("/api/v1/tipoffs/")
    for _i in range(10):
        world.sample(Tipoff)
    with django_assert_max_num_queries(14):
        assert c.get("/tipoffs/").status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/tipoffs/").status_code == 200


def test_home_widget_lists_overdue_reports_in_scope(world, client_for):
    late = world.sample(Tipoff, received_at=timezone.now() - datetime.timedelta(days=30))
    world.sample(Tipoff, world.regions.township_b, received_at=timezone.now() - datetime.timedelta(days=30))
    page = client_for(world.users.township_a).get("/").content.decode()
    assert "逾期未核查举报" in page and f"/tipoffs/{late.pk}/" in page and "全部 1 条逾期未核查举报" in page


def test_convert_to_an_inspection_of_the_reported_enterprise(world, client_for, api_for):
    from yingji.supervision.inspections.models import Inspection

    t = _confirmed(world)
    other = world.sample(Inspection, world.regions.township_a)
    with pytest.raises(ValidationError, match="被举报企业"):
        services.link_inspection(t, actor=world.users.township_a, inspection=other)
    own = world.sample(Inspection, world.regions.township_a, enterprise=t.enterprise)
    page = client_for(world.users.township_a).get(f"/tipoffs/{t.pk}/").content.decode()
    assert "转为检查" in page
    r = api_for(world.users.township_a).post(f"/api/v1/tipoffs/{t.pk}/inspect/", {"inspection": own.pk},
                                             format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "inspected" and r.json()["inspection"] == own.pk
    services.record_reward(t, actor=world.users.leader, amount=200)
    with pytest.raises(ValidationError, match="当前状态为“已转为检查”"):
        services.convert_to_hazard(t, actor=world.users.township_a, category="fire")
