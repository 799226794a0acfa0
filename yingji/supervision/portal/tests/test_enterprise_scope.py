"""The enterprise dimension over every scoped model, the enforcement history in the portal and the API, the fail-safe.

The enterprise user here is given every view permission of the project (as a careless administrator might): what he
sees must still be only what the models declare through scope_enterprise_field, and only of his own enterprise.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.platform.accounts.models import Role, User
from yingji.platform.core.models import ScopedMixin
from yingji.platform.core.testing import sample_factories
from yingji.supervision.enforcement.choices import MeasureKind, Step
from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Measure, Penalty
from yingji.supervision.enforcement.testing import walk
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.models import Inspection, InspectionPhoto
from yingji.supervision.portal.models import EnterpriseAccount
from yingji.supervision.portal.scope import MARKER, visible_to_enterprise
from yingji.supervision.portal.services import set_active
from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db

SCOPED = sorted((m for m in apps.get_models() if issubclass(m, ScopedMixin)), key=lambda m: m._meta.label)
DECLARED = [m for m in SCOPED if getattr(m, "scope_enterprise_field", None)]

# models an enterprise user must never see, whatever the permissions (the decisions of docs/enterprise-portal.md)
NEVER = {"enforcement.CaseReview", "draws.Draw", "inspection_plans.InspectionPlan", "campaigns.Campaign",
         "tipoffs.Tipoff", "accounts.User", "accounts.Organisation", "audit.ObjectChange", "audit.AuditEvent"}


def fresh(user):
    return User.objects.get(pk=user.pk)  # a new object: empty permission cache, relation loaded as on a request


@pytest.fixture
def ent(world):
    user = make_enterprise_user(world)
    world.neighbour = world.sample(Enterprise, world.regions.village_a)
    return user


@pytest.fixture
def greedy(world, ent):
    """The enterprise user with every view permission of the project."""
    ent.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return fresh(ent)


def enterprise_of(record, path):
    if path == "pk":
        return record.pk
    obj = record
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj.pk


def repoint(record, path, enterprise):
    """Make `record` belong to `enterprise` (the last hop of its enterprise path)."""
    *hops, last = path.split("__")
    obj = record
    for part in hops:
        obj = getattr(obj, part)
    type(obj)._base_manager.filter(pk=obj.pk).update(**{last: enterprise})
    return type(record)._base_manager.get(pk=record.pk)


def filed_case(world, enterprise, until=Step.CLOSE):
    case = world.sample(EnforcementCase, world.regions.township_a, enterprise=enterprise)
    return walk(case, world, until)


def records_of(world, model, enterprise):
    """Saved records of `model` belonging to `enterprise` (sample factories; cases walked for their sub-records)."""
    if model is Enterprise:
        return [enterprise]
    if model in (CaseStep, Penalty):
        case = filed_case(world, enterprise)
        return list(model.objects.filter(case=case))
    factory = sample_factories.get(model)
    if factory is None:
        return []
    record = factory(world, world.regions.village_a)
    return [repoint(record, model.scope_enterprise_field, enterprise)]


def test_the_declarations():
    """Which models an enterprise may see at all: changing this list is a decision for docs/enterprise-portal.md."""
    assert {m._meta.label for m in DECLARED} >= {
        "enterprises.Enterprise", "enterprises.KeyPerson", "enterprises.MajorHazardSource", "hazards.Hazard",
        "inspections.Inspection", "inspections.InspectionPhoto", "enforcement.EnforcementCase",
        "enforcement.CaseStep", "enforcement.Penalty", "enforcement.Measure", "portal.EnterpriseAccount"}
    assert not NEVER & {m._meta.label for m in DECLARED}


@pytest.mark.parametrize("model", [m for m in SCOPED if m not in DECLARED], ids=lambda m: m._meta.label)
def test_a_model_without_an_enterprise_field_answers_nothing(world, greedy, model):
    label = model._meta.label
    # no model escapes the dimensions: models widen or narrow region_scope_q, never scope_q itself
    assert model.scope_q.__func__ is ScopedMixin.scope_q.__func__, f"{label} overrides scope_q"
    assert model.scope_q(greedy) is None, f"{label}: an enterprise user has a scope"
    if model in sample_factories:  # regions are made under a township, records in a village
        sample_factories[model](world, world.regions.township_a if label == "regions.Region" else world.regions.village_a)
    assert not model.objects.restrict(greedy).exists()


@pytest.mark.parametrize("model", DECLARED, ids=lambda m: m._meta.label)
def test_a_model_with_an_enterprise_field_answers_his_enterprise_only(world, greedy, model):
    path = model.scope_enterprise_field
    own = records_of(world, model, world.enterprise)
    foreign = records_of(world, model, world.neighbour)
    assert own and foreign or model not in sample_factories and model not in (CaseStep, Penalty)
    seen = list(model.objects.restrict(greedy))
    assert {enterprise_of(r, path) for r in seen} <= {world.enterprise.pk}
    extra = visible_to_enterprise(model)
    for record in own:
        shown = extra is None or model._base_manager.filter(extra, pk=record.pk).exists()
        assert (record in seen) == shown, f"{model._meta.label} {record.pk}"
    assert not {r.pk for r in foreign} & {r.pk for r in seen}


# --- (b) the enforcement history ---------------------------------------------------------------------------------
def history(world):
    """His enterprise: a closed case (fine paid), a delivered one overdue, a draft; 约谈 and an internal transfer."""
    closed = filed_case(world, world.enterprise, Step.CLOSE)
    overdue = filed_case(world, world.enterprise, Step.DELIVER)
    draft = world.sample(EnforcementCase, world.regions.township_a, enterprise=world.enterprise, title="尚未立案的线索")
    interview = world.sample(Measure, enterprise=world.enterprise, kind=MeasureKind.INTERVIEW, note="约谈主要负责人")
    transfer = world.sample(Measure, enterprise=world.enterprise, kind=MeasureKind.JUDICIAL_TRANSFER,
                            note="移送公安机关（内部）")
    theirs = filed_case(world, world.neighbour, Step.DELIVER)
    world.sample(Measure, enterprise=world.neighbour, kind=MeasureKind.EXPOSURE, note="曝光邻厂")
    return closed, overdue, draft, interview, transfer, theirs


def test_portal_page_shows_his_penalties_payment_and_steps(world, ent, client_for):
    closed, overdue, draft, interview, transfer, theirs = history(world)
    page = client_for(ent).get("/portal/enforcement/").content.decode()
    assert closed.number in page and overdue.number in page and theirs.number not in page
    assert draft.title not in page
    assert "约谈主要负责人" in page and "移送公安机关" not in page and "曝光邻厂" not in page
    assert "50000.00" in page and "已逾期" in page and overdue.due_on.strftime("%Y-%m-%d") in page
    assert "加处罚款" in page and "调查取证" in page and "结案" in page
    # officers are not named on the page (the decision document names them)
    assert world.users.inspector.full_name not in page and world.users.inspector2.full_name not in page
    assert f"/enforcementcases/{overdue.pk}/decision.docx" in page
    assert client_for(ent).get(f"/enforcementcases/{overdue.pk}/decision.docx").status_code == 200
    assert client_for(ent).get(f"/enforcementcases/{theirs.pk}/decision.docx").status_code == 404
    assert "本企业执法记录" in client_for(ent).get("/portal/").content.decode()


def test_api_shows_his_penalties_steps_and_measures_only(world, ent, api_for):
    closed, overdue, draft, interview, transfer, theirs = history(world)
    api = api_for(ent)
    cases = api.get("/api/v1/enforcement-cases/").json()["results"]
    assert {c["id"] for c in cases} == {closed.pk, overdue.pk}
    detail = api.get(f"/api/v1/enforcement-cases/{overdue.pk}/").json()
    assert [p["amount"] for p in detail["penalties"]] == ["50000.00"]
    assert [s["step"] for s in detail["steps"]] == ["file", "investigate", "notify", "decide", "deliver"]
    assert api.get(f"/api/v1/enforcement-cases/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/v1/enforcement-cases/{draft.pk}/").status_code == 404
    measures = api.get("/api/v1/enforcement-measures/").json()["results"]
    assert [m["id"] for m in measures] == [interview.pk]
    assert api.get(f"/api/v1/enforcement-measures/{transfer.pk}/").status_code == 404
    # 本企业执法记录 in the API: the page's figures, no officers
    rows = api.get("/api/v1/portal/enforcement-history/").json()["results"]
    assert {r["id"] for r in rows} == {closed.pk, overdue.pk}
    row = api.get(f"/api/v1/portal/enforcement-history/{overdue.pk}/").json()
    assert row["money"] == "50000.00" and row["overdue"] and row["payment_due"] == str(overdue.due_on)
    assert row["surcharge_now"] is not None and [p["amount"] for p in row["penalties"]] == ["50000.00"]
    assert [s["step"] for s in row["steps"]] == ["file", "investigate", "notify", "decide", "deliver"]
    assert "officers" not in row and all(set(s) == {"step", "step_display", "date"} for s in row["steps"])
    assert api.get(f"/api/v1/portal/enforcement-history/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/v1/portal/enforcement-history/{draft.pk}/").status_code == 404
    assert api.get("/api/v1/portal/enforcement-history/x/").status_code == 404
    user = fresh(ent)
    assert set(Penalty.objects.restrict(user)) == set(Penalty.objects.filter(case__in=[closed, overdue]))
    assert set(CaseStep.objects.restrict(user)) == set(CaseStep.objects.filter(case__in=[closed, overdue]))


def test_standard_pages_of_his_records(world, ent, client_for):
    closed, overdue, draft, interview, transfer, theirs = history(world)
    c = client_for(ent)
    assert c.get(interview.get_absolute_url()).status_code == 200
    assert c.get(transfer.get_absolute_url()).status_code == 404
    assert c.get(overdue.get_absolute_url()).status_code == 200
    assert c.get(draft.get_absolute_url()).status_code == 404
    own_photo = world.sample(InspectionPhoto, inspection=world.sample(Inspection, enterprise=world.enterprise))
    other_photo = world.sample(InspectionPhoto, inspection=world.sample(Inspection, enterprise=world.neighbour))
    assert c.get(own_photo.get_absolute_url()).status_code == 200
    assert c.get(other_photo.get_absolute_url()).status_code == 404


def test_a_bureau_user_sees_the_page_without_records(world, client_for):
    page = client_for(world.users.inspector).get("/portal/enforcement/")
    assert page.status_code == 200 and "不是企业账号" in page.content.decode()
    assert client_for(world.users.nobody).get("/portal/enforcement/").status_code == 403


def test_portal_enforcement_page_query_count(world, ent, client_for, django_assert_max_num_queries):
    filed_case(world, world.enterprise, Step.DELIVER)
    c = client_for(ent)
    c.get("/portal/enforcement/")
    with CaptureQueriesContext(connection) as before:
        c.get("/portal/enforcement/")
    for _i in range(3):
        filed_case(world, world.enterprise, Step.CLOSE)
        world.sample(Measure, enterprise=world.enterprise)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert c.get("/portal/enforcement/").status_code == 200


def test_portal_enforcement_api_query_count(world, ent, api_for, django_assert_max_num_queries):
    filed_case(world, world.enterprise, Step.DELIVER)
    api = api_for(fresh(ent))
    api.get("/api/v1/portal/enforcement-history/")
    with CaptureQueriesContext(connection) as before:
        api.get("/api/v1/portal/enforcement-history/")
    for _i in range(3):
        filed_case(world, world.enterprise, Step.CLOSE)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(api.get("/api/v1/portal/enforcement-history/").json()["results"]) == 4


# --- (c) the fail-safe ---------------------------------------------------------------------------------------------
def test_taking_the_marker_from_the_role_does_not_widen_his_scope(world, ent, client_for, api_for):
    own = world.sample(Hazard, enterprise=world.enterprise)
    other = world.sample(Hazard, enterprise=world.neighbour)
    group = Role.objects.get(code="enterprise").group
    group.permissions.remove(Permission.objects.get(codename="act_for_enterprise", content_type__app_label="portal"))
    user = fresh(ent)
    assert not user.has_perm(MARKER)
    assert list(Hazard.objects.restrict(user)) == [own]
    assert list(Enterprise.objects.restrict(user)) == [world.enterprise]
    assert not Hazard.objects.restrict(user).filter(pk=other.pk).exists()
    c = client_for(user)
    assert c.get(f"/hazards/{other.pk}/").status_code == 404
    assert world.neighbour.name not in c.get("/enterprises/").content.decode()
    assert [r["id"] for r in api_for(fresh(ent)).get("/api/v1/hazards/").json()["results"]] == [own.pk]


def test_a_stopped_account_sees_nothing_even_with_the_login_restored(world, ent):
    world.sample(Hazard, enterprise=world.enterprise)
    account = EnterpriseAccount.objects.get(user=ent)
    set_active(account, actor=world.users.admin, active=False)
    User.objects.filter(pk=ent.pk).update(is_active=True)  # restored by hand, the account still stopped
    user = fresh(ent)
    assert user.is_active
    for model in (Hazard, Enterprise, EnforcementCase, Measure, Inspection):
        assert not model.objects.restrict(user).exists(), model


def test_a_voided_account_sees_nothing(world, ent):
    from yingji.platform.core.services import void_record

    world.sample(Hazard, enterprise=world.enterprise)
    void_record(EnterpriseAccount.objects.get(user=ent), actor=world.users.admin, reason="人员离职")
    assert not Hazard.objects.restrict(fresh(ent)).exists()


def test_the_role_without_an_account_sees_nothing(world):
    """A bureau user given the 企业用户 role by mistake has no enterprise: nothing, not his township."""
    world.sample(Hazard)
    user = world.users.township_a
    user.groups.add(Role.objects.get(code="enterprise").group)
    assert not Hazard.objects.restrict(fresh(user)).exists()


# --- (d) bureau users pay nothing --------------------------------------------------------------------------------
def test_a_bureau_users_list_page_costs_no_more_queries(world, client_for, django_assert_max_num_queries):
    """The account is joined into the session's user query: the list page's count is that of a user without the
    enterprise dimension (measured here by switching the relation off)."""
    from yingji.platform.accounts import backends

    for _i in range(3):
        world.sample(Hazard)
    c = client_for(world.users.inspector)
    c.get("/hazards/")
    with CaptureQueriesContext(connection) as with_relation:
        assert c.get("/hazards/").status_code == 200
    assert not [q for q in with_relation.captured_queries
                if q["sql"].startswith('SELECT "portal_enterpriseaccount"')]
    saved = list(backends._relations)
    backends._relations.clear()
    try:
        with CaptureQueriesContext(connection) as without:
            c.get("/hazards/")
    finally:
        backends._relations[:] = saved
    # without the joined relation the dimension must ask for the account: one query more
    assert len(without.captured_queries) == len(with_relation.captured_queries) + 1
    with django_assert_max_num_queries(len(with_relation.captured_queries)):
        c.get("/hazards/")


def test_the_backend_loads_the_account_with_the_user(world, ent):
    from yingji.platform.accounts.backends import UserBackend

    user = UserBackend().get_user(ent.pk)
    assert User.enterprise_account.is_cached(user)
    assert UserBackend().get_user(world.users.inspector.pk) is not None
    bureau = UserBackend().get_user(world.users.inspector.pk)
    assert User.enterprise_account.is_cached(bureau)
    User.objects.filter(pk=world.users.inspector.pk).update(is_active=False)
    assert UserBackend().get_user(world.users.inspector.pk) is None


def test_the_case_page_keeps_the_bureaus_internal_records_from_him(world, ent, client_for, api_for):
    """On his own case's page: no 案卷评查, no internal measures (移送), no change history (web and API); the bureau
    still sees all three."""
    from yingji.supervision.enforcement import services

    closed, overdue, draft, interview, transfer, theirs = history(world)
    Measure.objects.filter(pk=transfer.pk).update(case=closed)
    scores = {code: (maximum, "") for code, _label, maximum in services.REVIEW_ITEMS}
    services.review_case(closed, actor=world.users.leader, date=closed.closed_on, scores=scores, conclusion="案卷规范")
    page = client_for(ent).get(closed.get_absolute_url()).content.decode()
    assert closed.number in page
    assert "案卷规范" not in page and "移送公安机关" not in page and 'id="history"' not in page
    assert api_for(ent).get(f"/api/v1/enforcement-cases/{closed.pk}/history/").status_code == 403
    bureau = client_for(world.users.leader).get(closed.get_absolute_url()).content.decode()
    assert "案卷规范" in bureau and "移送公安机关" in bureau and 'id="history"' in bureau
    assert api_for(world.users.leader).get(f"/api/v1/enforcement-cases/{closed.pk}/history/").status_code == 200
