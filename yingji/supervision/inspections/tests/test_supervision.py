"""督导检查 of townships and departments, and the 督导通报 the bureau issues."""

import datetime
import io

import pytest
from docx import Document

from yingji.platform.audit.models import AuditEvent
from yingji.supervision.inspections.models import SupervisionVisit
from yingji.supervision.inspections.testing import make_notice, make_visit

pytestmark = pytest.mark.django_db


def test_visit_scope_township_and_department(world, client_for, api_for):
    to_a = make_visit(world, world.regions.township_a, organisation=world.orgs.office_a)
    to_b = make_visit(world, world.regions.township_b, organisation=world.orgs.office_b)
    to_housing = make_visit(world, world.regions.county, organisation=world.orgs.housing)
    to_transport = make_visit(world, world.regions.county, organisation=world.orgs.transport)
    assert to_a.region == world.regions.township_a and to_housing.target_kind == "department"
    client = client_for(world.users.township_a)
    assert client.get(to_a.get_absolute_url()).status_code == 200
    assert client.get(to_b.get_absolute_url()).status_code == 404
    ids = {r["id"] for r in api_for(world.users.department).get("/api/v1/supervision-visits/").json()["results"]}
    assert ids == {to_housing.pk}
    ids = {r["id"] for r in api_for(world.users.leader).get("/api/v1/supervision-visits/").json()["results"]}
    assert ids == {to_a.pk, to_b.pk, to_housing.pk, to_transport.pk}
    assert client_for(world.users.outsider).get(to_a.get_absolute_url()).status_code == 404


def test_visit_form_checks_the_target_and_dates(world, client_for):
    client = client_for(world.users.inspector)
    data = {"target_kind": "township", "organisation": world.orgs.housing.pk,
            "visited_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
            "team": [world.users.inspector.pk, world.users.inspector2.pk], "subject": "汛期安全督导"}
    response = client.post("/supervisionvisits/add/", data)
    assert response.status_code == 400 and "督导对象类别不符" in response.content.decode()
    data["organisation"] = world.orgs.office_a.pk
    data["rectify_deadline"] = "2000-01-01"
    response = client.post("/supervisionvisits/add/", data)
    assert response.status_code == 400 and "整改期限不能早于督导日期" in response.content.decode()
    del data["rectify_deadline"]
    assert client.post("/supervisionvisits/add/", data).status_code == 302
    visit = SupervisionVisit.objects.get()
    assert visit.region == world.regions.township_a and visit.team.count() == 2
    assert client_for(world.users.township_a).get("/supervisionvisits/add/").status_code == 403


def test_notice_document_lists_its_visits(world, client_for):
    visit = make_visit(world, world.regions.township_a, organisation=world.orgs.office_a,
                       findings="村级隐患排查台账不全", requirements="十日内补齐台账")
    notice = make_notice(world, world.regions.county, visits=[visit], document_no="安澜安委办〔2026〕8号",
                         issued_on=datetime.date(2026, 5, 20))
    client = client_for(world.users.leader)
    response = client.get(f"/supervisionnotices/{notice.pk}/notice.docx")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert notice.title in text and "安澜安委办〔2026〕8号" in text and "二〇二六年五月二十日" in text
    assert "青石镇应急办" in text and "村级隐患排查台账不全" in text and "十日内补齐台账" in text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, detail__document="督导通报").exists()
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "青石镇应急办" in page


def test_notice_cannot_report_a_later_visit(world, client_for):
    visit = make_visit(world, world.regions.township_a, organisation=world.orgs.office_a)
    response = client_for(world.users.inspector).post("/supervisionnotices/add/", {
        "title": "督导通报", "issued_on": (visit.visited_on - datetime.timedelta(days=1)).isoformat(),
        "region": world.regions.county.pk, "visits": [visit.pk], "content": "通报如下"})
    assert response.status_code == 400 and "不能晚于印发日期" in response.content.decode()


def test_visit_list_query_count(world, client_for, api_for, django_assert_max_num_queries):
    for _ in range(2):
        make_visit(world, world.regions.township_a, organisation=world.orgs.office_a)
    client, api = client_for(world.users.leader), api_for(world.users.leader)
    client.get("/supervisionvisits/")
    for _ in range(10):
        make_visit(world, world.regions.township_b, organisation=world.orgs.office_b)
    with django_assert_max_num_queries(14):
        assert client.get("/supervisionvisits/").status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/supervision-visits/").json()["count"] == 12


@pytest.mark.parametrize("page,api,factory", [
    ("/inspectorcertificates/", "/api/v1/inspector-certificates/", "make_certificate"),
    ("/checklisttemplates/", "/api/v1/checklist-templates/", "make_checklist"),
    ("/supervisionnotices/", "/api/v1/supervision-notices/", "make_notice"),
])
def test_other_list_pages_and_apis_have_a_fixed_query_count(world, client_for, api_for, page, api, factory,
                                                             django_assert_max_num_queries):
    from yingji.supervision.inspections import testing

    for _ in range(8):
        getattr(testing, factory)(world, world.regions.county)
    client, rest = client_for(world.users.admin), api_for(world.users.admin)
    client.get(page)
    with django_assert_max_num_queries(14):
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(8):
        assert rest.get(api).json()["count"] == 8
