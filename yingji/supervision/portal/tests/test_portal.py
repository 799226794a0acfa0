import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from yingji.platform.core.testing import iter_url_patterns, sample_factories, url_model
from yingji.supervision.enterprises.models import Enterprise, KeyPerson
from yingji.supervision.hazards.choices import HazardSource, HazardState
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.portal.models import EnterpriseAccount
from yingji.supervision.portal.services import set_active
from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "更换电缆", "plan_funds": "800",
        "plan_time_limit": "5 日内", "plan_contingency": "断电挂牌", "deadline": str(TODAY + datetime.timedelta(days=5)),
        "responsible_person": "安全员"}


@pytest.fixture
def ent(world):
    user = make_enterprise_user(world)
    # another enterprise in the same village: same region scope, but not his
    world.neighbour = world.sample(Enterprise, world.regions.village_a)
    return user


def test_account_user_is_an_enterprise_user_of_the_township(world, ent):
    account = EnterpriseAccount.objects.get(user=ent)
    assert ent.region == world.regions.township_a and account.enterprise == world.enterprise
    assert ent.role_codes() == {"enterprise"}
    assert not ent.has_perm("hazards.approve_hazard") and not ent.has_perm("regions.view_region")


def test_enterprise_user_sees_only_his_enterprise_everywhere(world, ent, client_for, api_for):
    own_h = world.sample(Hazard, enterprise=world.enterprise)
    other_h = world.sample(Hazard, enterprise=world.neighbour)
    c, api = client_for(ent), api_for(ent)
    page = c.get("/enterprises/").content.decode()
    assert world.enterprise.name in page and world.neighbour.name not in page
    assert c.get(f"/enterprises/{world.neighbour.pk}/").status_code == 404
    assert c.get(f"/hazards/{other_h.pk}/").status_code == 404
    assert c.get(f"/hazards/{own_h.pk}/").status_code == 200
    assert [r["id"] for r in api.get("/api/v1/enterprises/").json()["results"]] == [world.enterprise.pk]
    assert [r["id"] for r in api.get("/api/v1/hazards/").json()["results"]] == [own_h.pk]
    export = c.get("/hazards/?_export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and world.neighbour.name not in str(rows)
    # nothing of models that do not name an enterprise: users, organisations, regions, reports of the public
    assert c.get("/regions/").status_code == 403
    assert api.get("/api/v1/users/").status_code in (403, 200)
    for url in ("/api/v1/users/",):
        r = api.get(url)
        assert r.status_code == 403 or r.json()["results"] == []
    assert c.get("/tipoffs/").status_code == 403


@pytest.mark.slow
def test_every_record_url_of_another_enterprise_answers_404_or_403(world, ent, client_for):
    """The permission matrix, for the enterprise user, with the foreign record in his own township."""
    c = client_for(ent)
    checked = 0
    for route, name, callback in iter_url_patterns():
        model = url_model(callback)
        if model is None or name is None or "<int:pk>" not in route and "(?P<pk>" not in route:
            continue
        if model not in sample_factories or model._meta.app_label == "audit":
            continue
        if model._meta.label == "workdays.CalendarDay":  # the public holiday calendar, the same for everybody
            continue
        record = sample_factories[model](world, world.regions.township_a)
        url = "/" + re.sub(r"<int:pk>|\(\?P<pk>\[\^/\.\]\+\)", str(record.pk), route).replace("^", "").replace(
            "$", "").replace("\\.", ".")
        if "<" in url or "(?P" in url:
            continue
        api = url.startswith("/api/")
        get = getattr(callback, "actions", {}).get("get") if api else hasattr(callback.view_class, "get")
        response = c.get(url) if get else (c.post(url, {}, content_type="application/json") if api
                                           else c.post(url, {}))
        assert response.status_code in (403, 404), f"{name} {url}: {response.status_code}"
        checked += 1
    assert checked > 20


def test_cannot_edit_fields_outside_the_subset(world, ent, client_for, api_for):
    e = world.enterprise
    c = client_for(ent)
    r = c.post(f"/portal/enterprise/{e.pk}/edit/", {"address": "青石镇新路8号", "principal_name": "张三",
                                                    "principal_phone": "13900000000", "insurer": "人保",
                                                    "insurance_policy": "P-1", "insurance_expiry": "2027-01-01"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.address == "青石镇新路8号" and e.insurer == "人保"
    name = e.name
    r = api_for(ent).patch(f"/api/v1/enterprises/{e.pk}/", {"name": "改名公司", "risk_grade": "A"}, format="json")
    assert r.status_code == 400 and "企业用户不能修改" in r.json()["message"]
    r = c.post(f"/enterprises/{e.pk}/edit/", {**{f: getattr(e, f) or "" for f in (
        "credit_code", "address", "sector", "size", "risk_grade", "status", "principal_name")},
        "name": "改名公司", "region": e.region_id, "supervising_department": e.supervising_department_id})
    e.refresh_from_db()
    assert e.name == name
    assert api_for(ent).patch(f"/api/v1/enterprises/{world.neighbour.pk}/", {"address": "x"},
                              format="json").status_code == 404


def test_self_inspection_and_rectification_but_never_acceptance(world, ent, client_for, api_for):
    c = client_for(ent)
    r = c.post("/portal/hazards/add/", {"description": "配电箱门未关闭", "category": "electrical",
                                        "found_on": str(TODAY), "responsible_person": "安全员"})
    assert r.status_code == 302, r.content.decode()[:3000]
    h = Hazard.objects.get()
    assert h.source == HazardSource.SELF_INSPECTION and h.found_by == ent and h.enterprise == world.enterprise
    api = api_for(ent)
    assert api.post(f"/api/v1/hazards/{h.pk}/start/", PLAN, format="json").status_code == 200
    assert api.post(f"/api/v1/hazards/{h.pk}/submit/", {"evidence": "已关闭上锁"}, format="json").status_code == 200
    assert api.post(f"/api/v1/hazards/{h.pk}/accept/", {}, format="json").status_code == 403
    assert c.post(f"/hazards/{h.pk}/accept/", {}).status_code == 403
    h.refresh_from_db()
    assert h.state == HazardState.AWAITING_ACCEPTANCE
    # the generic hazard API cannot be used to report a hazard as found by the bureau
    r = api.post("/api/v1/hazards/", {"enterprise": world.enterprise.pk, "description": "x", "category": "fire",
                                      "source": "department", "found_on": str(TODAY)}, format="json")
    assert r.status_code == 400 and "企业自查" in r.json()["message"]


def test_answers_a_rectification_order_but_cannot_rewrite_it(world, ent, api_for):
    h = world.sample(Hazard, enterprise=world.enterprise, source=HazardSource.DEPARTMENT)
    api = api_for(ent)
    r = api.patch(f"/api/v1/hazards/{h.pk}/", {"description": "其实没问题"}, format="json")
    assert r.status_code == 400 and "企业用户不能修改" in r.json()["message"]
    r = api.post(f"/api/v1/hazards/{h.pk}/start/", PLAN, format="json")
    assert r.status_code == 200, r.json()


def test_portal_home_shows_open_hazards_and_deadlines(world, ent, client_for):
    h = world.sample(Hazard, enterprise=world.enterprise, deadline=TODAY + datetime.timedelta(days=3))
    world.sample(Hazard, enterprise=world.neighbour, description="邻厂的隐患")
    page = client_for(ent).get("/portal/").content.decode()
    assert h.description[:10] in page and "邻厂的隐患" not in page and str(h.deadline) in page
    assert "不是企业账号" in client_for(world.users.admin).get("/portal/").content.decode()


def test_a_stopped_account_sees_nothing(world, ent, api_for):
    world.sample(Hazard, enterprise=world.enterprise)
    account = EnterpriseAccount.objects.get(user=ent)
    set_active(account, actor=world.users.admin, active=False)
    ent.refresh_from_db()
    assert not ent.is_active
    ent.is_active = True  # even a login restored by hand shows nothing while the account is stopped
    assert not Hazard.objects.restrict(ent).exists()
    assert not Enterprise.objects.restrict(ent).exists()


def test_bureau_opens_an_account_on_the_web(world, client_for):
    e = world.sample(Enterprise, world.regions.village_a)
    c = client_for(world.users.admin)
    r = c.post("/enterpriseaccounts/add/", {"enterprise": e.pk, "role": "principal", "active": "on",
                                            "username": "zhang_principal", "full_name": "张总",
                                            "phone": "13900001111", "password": "Qs-very-long-2026!"})
    assert r.status_code == 302, r.content.decode()[:3000]
    account = EnterpriseAccount.objects.get(user__username="zhang_principal")
    assert account.enterprise == e and account.user.region == world.regions.township_a
    page = c.get("/enterpriseaccounts/").content.decode()
    assert "139****1111" in page and "13900001111" not in page
    assert client_for(world.users.township_a).get("/enterpriseaccounts/").status_code == 403


def test_key_persons_of_his_enterprise_only(world, ent, client_for):
    own = world.sample(KeyPerson, world.regions.village_a, enterprise=world.enterprise)
    other = world.sample(KeyPerson, world.regions.village_a, enterprise=world.neighbour)
    c = client_for(ent)
    assert c.get(f"/keypersons/{own.pk}/").status_code == 200
    assert c.get(f"/keypersons/{other.pk}/").status_code == 404


def test_bureau_users_pay_no_query_for_the_enterprise_dimension(world, client_for):
    """The account comes with the session's user (one joined query), never as a query of its own."""
    world.sample(Hazard)
    c = client_for(world.users.inspector)
    c.get("/hazards/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        c.get("/hazards/")
    account_queries = [q["sql"] for q in ctx.captured_queries if "portal_enterpriseaccount" in q["sql"]]
    assert len(account_queries) == 1 and account_queries[0].startswith('SELECT "accounts_user"."id"')


def test_list_pages_query_counts(world, ent, client_for, api_for, django_assert_max_num_queries):
    for _i in range(3):
        world.sample(EnterpriseAccount)
    c = client_for(world.users.admin)
    c.get("/enterpriseaccounts/")
    for _i in range(5):
        world.sample(EnterpriseAccount)
    with django_assert_max_num_queries(12):
        assert c.get("/enterpriseaccounts/").status_code == 200
    e = client_for(ent)
    e.get("/portal/")
    with django_assert_max_num_queries(14):
        assert e.get("/portal/").status_code == 200


def test_his_inspection_and_enforcement_history_only(world, ent, client_for):
    from yingji.supervision.enforcement.choices import Step
    from yingji.supervision.enforcement.models import EnforcementCase
    from yingji.supervision.enforcement.testing import walk
    from yingji.supervision.inspections.models import Inspection

    own = world.sample(Inspection, world.regions.township_a, enterprise=world.enterprise)
    other = world.sample(Inspection, world.regions.township_a, enterprise=world.neighbour)
    assert list(Inspection.objects.restrict(ent)) == [own]
    c = client_for(ent)
    assert c.get(own.get_absolute_url()).status_code == 200
    assert c.get(other.get_absolute_url()).status_code == 404
    case = world.sample(EnforcementCase, world.regions.township_a, enterprise=world.enterprise)
    world.sample(EnforcementCase, world.regions.township_a)
    # 待立案 is the bureau's own consideration: the enterprise sees its case from 立案 on
    assert list(EnforcementCase.objects.restrict(ent)) == []
    walk(case, world, Step.FILE)
    other = world.sample(EnforcementCase, world.regions.township_a, enterprise=world.neighbour)
    walk(other, world, Step.FILE)
    assert list(EnforcementCase.objects.restrict(ent)) == [case]
