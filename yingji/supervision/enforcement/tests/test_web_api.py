"""Web pages and API: scope, the step forms, transition actions, exports, the decision document, query counts."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from yingji.platform.audit.models import AuditEvent
from yingji.supervision.enforcement.choices import CaseState, PenaltyKind, Step
from yingji.supervision.enforcement.models import EnforcementCase, Measure, Penalty
from yingji.supervision.enforcement.testing import make_case, make_measure, officers, walk

D = datetime.date
pytestmark = pytest.mark.django_db


def detail(case):
    return reverse("enforcement:enforcementcase_detail", args=[case.pk])


def test_township_user_sees_his_township_only_and_outsider_gets_404(world, client_for, api_for):
    own = make_case(world, world.regions.township_a)
    other = make_case(world, world.regions.township_b)
    foreign = make_case(world, world.regions.other_township)
    page = client_for(world.users.township_a).get(reverse("enforcement:enforcementcase_list"))
    assert page.status_code == 200
    ids = {row.pk for row in page.context["table"].data}
    assert ids == {own.pk}
    assert client_for(world.users.township_a).get(detail(other)).status_code == 404
    assert client_for(world.users.township_a).get(detail(own)).status_code == 200
    # a township officer may look but not act
    assert client_for(world.users.township_a).post(
        reverse("enforcement:enforcementcase_step", args=[own.pk]), {"step": "file"}).status_code == 403
    assert client_for(world.users.outsider).get(detail(own)).status_code == 404
    assert api_for(world.users.outsider).get(f"/api/v1/enforcement-cases/{own.pk}/").status_code == 404
    response = api_for(world.users.outsider).post(f"/api/v1/enforcement-cases/{own.pk}/file/", {
        "date": "2026-03-02", "officers": [world.users.inspector.pk, world.users.inspector2.pk]}, format="json")
    assert response.status_code == 404
    rows = api_for(world.users.admin).get("/api/v1/enforcement-cases/").json()["results"]
    assert {r["id"] for r in rows} == {own.pk, other.pk} and foreign.pk not in {r["id"] for r in rows}


def test_department_user_sees_the_cases_his_department_imposed(world, api_for):
    mine = make_case(world, world.regions.township_a, department=world.orgs.housing)
    make_case(world, world.regions.township_a)
    rows = api_for(world.users.department).get("/api/v1/enforcement-cases/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]


def test_create_and_file_a_case_on_the_web(world, client_for):
    from yingji.supervision.enterprises.testing import make_enterprise

    enterprise = make_enterprise(world, world.regions.township_a)
    c = client_for(world.users.inspector)
    response = c.post(reverse("enforcement:enforcementcase_add"), {
        "enterprise": enterprise.pk, "title": "未如实记录安全生产教育培训情况案", "origin": "inspection",
        "procedure": "ordinary", "department": world.orgs.bureau.pk, "decision_extension": "none",
        "officers": [world.users.inspector.pk, world.users.inspector2.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = EnforcementCase.objects.get()
    assert case.region == world.regions.township_a and case.state == CaseState.DRAFT
    page = c.get(detail(case)).content.decode()
    assert 'data-bs-target="#transition-file"' in page and ">立案</button>" in page
    bad = c.post(reverse("enforcement:enforcementcase_step", args=[case.pk]), {
        "step": "file", "file-date": "2026-03-02", "file-officers": [world.users.inspector.pk]})
    assert bad.status_code == 400 and "执法人员不得少于两人" in bad.content.decode()
    ok = c.post(reverse("enforcement:enforcementcase_step", args=[case.pk]), {
        "step": "file", "file-date": "2026-03-02",
        "file-officers": [world.users.inspector.pk, world.users.inspector2.pk], "file-note": "立案审批"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.FILED and case.number.startswith("安应急罚〔2026〕")
    illegal = c.post(reverse("enforcement:enforcementcase_step", args=[case.pk]), {
        "step": "decide", "decide-date": "2026-03-03",
        "decide-officers": [world.users.inspector.pk, world.users.inspector2.pk]})
    assert illegal.status_code == 400 and "不能进行“决定”" in illegal.content.decode()


def test_penalties_on_the_web_need_a_decision(world, client_for):
    c = client_for(world.users.inspector)
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    url = reverse("enforcement:enforcementcase_penalty", args=[case.pk])
    refused = c.post(url, {"penalty-kind": "fine", "penalty-target": "enterprise", "penalty-amount": "3000"})
    assert refused.status_code == 400 and "尚未作出行政处罚决定" in refused.content.decode()
    services_decide = c.post(reverse("enforcement:enforcementcase_step", args=[case.pk]), {
        "step": "decide", "decide-date": "2026-03-20",
        "decide-officers": [world.users.inspector.pk, world.users.inspector2.pk]})
    assert services_decide.status_code == 302
    negative = c.post(url, {"penalty-kind": "fine", "penalty-target": "enterprise", "penalty-amount": "-5"})
    assert negative.status_code == 400 and "金额必须大于零" in negative.content.decode()
    assert c.post(url, {"penalty-kind": "fine", "penalty-target": "enterprise",
                        "penalty-amount": "30000"}).status_code == 302
    assert Penalty.objects.get().amount == Decimal("30000")


def test_api_walks_a_case_and_answers_400_in_chinese(world, api_for):
    api = api_for(world.users.inspector)
    case = make_case(world, world.regions.township_a)
    team = [world.users.inspector.pk, world.users.inspector2.pk]
    url = f"/api/v1/enforcement-cases/{case.pk}"
    bad = api.post(f"{url}/decide/", {"date": "2026-03-02", "officers": team,
                                      "penalties": [{"kind": "fine", "amount": "100"}]}, format="json")
    assert bad.status_code == 400 and "不能进行“决定”" in bad.json()["message"]
    one = api.post(f"{url}/file/", {"date": "2026-03-02", "officers": team[:1]}, format="json")
    assert one.status_code == 400 and one.json()["errors"]["officers"] == ["执法人员不得少于两人（行政处罚法第四十二条）"]
    assert api.post(f"{url}/file/", {"date": "2026-03-02", "officers": team}, format="json").status_code == 200
    assert api.post(f"{url}/investigate/", {"date": "2026-03-03", "officers": team}, format="json").status_code == 200
    r = api.post(f"{url}/notify/", {"date": "2026-03-04", "officers": team, "hearing_right": True}, format="json")
    assert r.status_code == 200 and r.json()["hearing_right"] is True
    r = api.post(f"{url}/request-hearing/", {"date": "2026-03-05", "officers": team}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "hearing_requested"
    r = api.post(f"{url}/hold-hearing/", {"date": "2026-03-10", "notice_date": "2026-03-05", "officers": team},
                 format="json")
    assert r.status_code == 400 and "最早可于" in r.json()["message"]
    r = api.post(f"{url}/hold-hearing/", {"date": "2026-03-16", "notice_date": "2026-03-05", "officers": team},
                 format="json")
    assert r.status_code == 200
    r = api.post(f"{url}/decide/", {"date": "2026-03-20", "officers": team, "penalties": [
        {"kind": "fine", "amount": "-1"}]}, format="json")
    assert r.status_code == 400 and EnforcementCase.objects.get(pk=case.pk).state == CaseState.HEARING_HELD
    r = api.post(f"{url}/decide/", {"date": "2026-03-20", "officers": team, "penalties": [
        {"kind": "fine", "amount": "60000"}, {"kind": "fine", "target": "principal", "amount": "8000"}]},
                 format="json")
    assert r.status_code == 200 and len(r.json()["penalties"]) == 2 and r.json()["total_fine"] == "68000.00"
    r = api.post(f"{url}/penalties/", {"kind": "warning"}, format="json")
    assert r.status_code == 201
    assert api.post(f"{url}/deliver/", {"date": "2026-03-23", "officers": team, "method": "post"},
                    format="json").status_code == 200
    assert api.post(f"{url}/execute/", {"date": "2026-04-01", "officers": team, "paid_amount": "68000"},
                    format="json").status_code == 200
    r = api.post(f"{url}/close/", {"date": "2026-04-02", "officers": team}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "closed" and len(r.json()["steps"]) == 9
    review = {"date": "2026-05-01", "scores": {"filing": 10, "evidence": 18, "facts": 15, "basis": 15,
                                                 "procedure": 15, "documents": 9, "execution": 10, "archive": 5}}
    assert api.post(f"{url}/review/", review, format="json").status_code == 403  # inspectors do not review
    r = api_for(world.users.leader).post(f"{url}/review/", review, format="json")
    assert r.status_code == 201 and r.json()["total"] == "97.0"


def test_api_edit_refused_after_decision(world, api_for):
    case = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2))
    r = api_for(world.users.inspector).patch(f"/api/v1/enforcement-cases/{case.pk}/", {"title": "改"},
                                             format="json")
    assert r.status_code == 400 and "不能修改" in r.json()["message"]


def test_decision_document_reads_back_number_and_fine(world, client_for):
    from docx import Document

    case = walk(make_case(world, world.regions.township_a), world, Step.DELIVER, start=D(2026, 3, 2), fine="45000")
    c = client_for(world.users.leader)
    page = c.get(detail(case))
    assert "下载行政处罚决定书" in page.content.decode()
    response = c.get(reverse("enforcement:enforcementcase_decision", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert case.number in text and "45,000.00元" in text
    assert case.enterprise.name in text and case.enterprise.credit_code in text
    assert "行政复议" in text and "行政诉讼" in text and "3%加处罚款" in text
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.user == world.users.leader and event.detail["number"] == case.number


def test_no_document_before_the_decision(world, client_for):
    case = walk(make_case(world, world.regions.township_a), world, Step.FILE, start=D(2026, 3, 2))
    response = client_for(world.users.leader).get(reverse("enforcement:enforcementcase_decision", args=[case.pk]))
    assert response.status_code == 302 and not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_list_filters_and_excel_export(world, client_for):
    from openpyxl import load_workbook

    late = make_case(world, world.regions.township_a, title="超期案")
    walk(late, world, Step.FILE, start=D(2026, 1, 5))
    on_time = walk(make_case(world, world.regions.township_a, title="按期案"), world, Step.CLOSE,
                   start=D(2025, 3, 3))
    make_case(world, world.regions.township_a, title="草稿案", department=world.orgs.housing)
    c = client_for(world.users.leader)
    url = reverse("enforcement:enforcementcase_list")

    def titles(params):
        return {r.title for r in c.get(url, params).context["table"].data}

    assert titles({"overdue": "true"}) == {"超期案"}
    assert titles({"overdue": "false"}) == {"按期案", "草稿案"}
    assert titles({"year": "2025"}) == {"按期案"}
    assert titles({"state": ["closed", "filed"]}) == {"按期案", "超期案"}
    assert titles({"department": world.orgs.housing.pk}) == {"草稿案"}
    assert titles({"q": on_time.number}) == {"按期案"}
    assert titles({"procedure": "simple"}) == set()
    response = c.get(url, {"overdue": "true", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案件编号" and len(rows) == 2 and "（超期）" in "".join(str(v) for v in rows[1])
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).count() == 1


def test_measures_on_an_enterprise_or_a_case(world, client_for):
    case = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2))
    c = client_for(world.users.inspector)
    response = c.post(reverse("enforcement:measure_add"), {
        "kind": "exposure", "date": "2026-03-20", "enterprise": case.enterprise.pk, "case": case.pk,
        "department": world.orgs.bureau.pk, "note": "县融媒体中心曝光"})
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.region == world.regions.township_a
    other = make_case(world, world.regions.township_a)
    wrong = c.post(reverse("enforcement:measure_add"), {
        "kind": "interview", "date": "2026-03-20", "enterprise": other.enterprise.pk, "case": case.pk,
        "department": world.orgs.bureau.pk})
    assert wrong.status_code == 400 and "不一致" in wrong.content.decode()
    assert "曝光" in c.get(detail(case)).content.decode()


def test_list_page_query_count(world, client_for, django_assert_max_num_queries):
    for _i in range(3):
        walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2))
    c = client_for(world.users.leader)
    url = reverse("enforcement:enforcementcase_list")
    c.get(url)
    with django_assert_max_num_queries(16):
        response = c.get(url)
    assert len(response.context["table"].rows) == 3
    for _i in range(10):
        walk(make_case(world, world.regions.township_b), world, Step.DECIDE, start=D(2026, 3, 2))
    with django_assert_max_num_queries(16):
        response = c.get(url)
    assert len(response.context["table"].rows) == 13


def test_list_api_query_count(world, api_for, django_assert_max_num_queries):
    for _i in range(3):
        walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2))
    api = api_for(world.users.leader)
    api.get("/api/v1/enforcement-cases/")
    with django_assert_max_num_queries(10) as ctx:
        response = api.get("/api/v1/enforcement-cases/")
    first = len(ctx.captured_queries)
    for _i in range(10):
        make_measure(world, world.regions.township_a)
        walk(make_case(world, world.regions.township_b), world, Step.DECIDE, start=D(2026, 3, 2))
    with django_assert_max_num_queries(first):
        response = api.get("/api/v1/enforcement-cases/")
    assert response.json()["count"] == 13
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/enforcement-measures/").json()["count"] == 10


def test_detail_page_shows_limits_and_steps(world, client_for):
    case = walk(make_case(world, world.regions.township_a), world, Step.DELIVER, start=D(2026, 3, 2))
    body = client_for(world.users.inspector).get(detail(case)).content.decode()
    for text in ("法定时限", "作出决定", "送达决定书", "缴纳罚款", "行政处罚法》第六十七条"):
        assert text in body
    # the one next step (执行) is a button under the title; its form is folded under the row until it is clicked
    assert re.findall(r'aria-controls="transition-(\w+)"', body.split('id="detail-tabs"')[0]) == ["execute"]
    assert 'class="collapse" id="transition-execute"' in body


def test_the_case_page_offers_its_actions_as_buttons_and_a_step_works_from_its_form(world, client_for):
    """The page draws one row of buttons under the title (the next steps, 登记处罚, the decision document), each
    form folded under the row and sent after a confirmation, not the forms stacked on the page; the form's own
    address carries the step out."""
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=D(2026, 3, 2))
    c = client_for(world.users.inspector)
    body = c.get(detail(case)).content.decode()
    head, tabs = body.split('id="detail-tabs"')
    assert head.count('id="actions"') == 1
    buttons = re.findall(r'aria-controls="transition-(\w+)">([^<]+)</button>', head)
    assert [name for name, _label in buttons] == ["decide"] and buttons[0][1] == "决定"
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*data-confirm="([^"]+)"', head)
    assert forms == [(reverse("enforcement:enforcementcase_decide", args=[case.pk]), "确定决定？")]
    # the tabs hold no step form: only 作废, folded away, stays there
    assert re.findall(r'<form method="post" action="([^"]+)"', tabs.split('id="tab-history"')[0]) == [
        reverse("enforcement:enforcementcase_void", args=[case.pk])]
    team = [world.users.inspector.pk, world.users.inspector2.pk]
    r = c.post(forms[0][0], {"decide-date": "2026-03-20", "decide-officers": team})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    body = c.get(detail(case)).content.decode().split('id="detail-tabs"')[0]
    assert re.findall(r'aria-controls="transition-(\w+)"', body) == ["deliver", "penalty"]
    assert f'href="{reverse("enforcement:enforcementcase_decision", args=[case.pk])}"' in body
    # a refusal comes back as the page (400) with that form open and its error under its field
    r = c.post(reverse("enforcement:enforcementcase_deliver", args=[case.pk]),
               {"deliver-date": "2026-03-21", "deliver-officers": team[:1], "deliver-method": "post"})
    page = r.content.decode()
    assert r.status_code == 400 and 'class="collapse show" id="transition-deliver"' in page
    assert "执法人员不得少于两人" in page.split('id="transition-deliver"')[1]
    assert CaseState.DECIDED == EnforcementCase.objects.get(pk=case.pk).state


@pytest.mark.parametrize("kind", [PenaltyKind.SUSPENSION, PenaltyKind.CLOSURE])
def test_non_money_penalties_need_no_payment(world, kind):
    from yingji.supervision.enforcement import services

    case = walk(make_case(world, world.regions.township_a), world, Step.DECIDE, start=D(2026, 3, 2), fine=None)
    services.add_penalty(case, actor=world.users.inspector, kind=kind)
    services.deliver_decision(case, actor=world.users.inspector, date=D(2026, 3, 17), officers=officers(world))
    assert case.due_on is None
    services.record_execution(case, actor=world.users.inspector, date=D(2026, 4, 17), officers=officers(world))
    assert case.state == CaseState.EXECUTED and case.surcharge is None


def test_home_widget_lists_overdue_cases_and_enterprise_page_shows_cases(world, client_for):
    from yingji.supervision.enforcement import services

    late = make_case(world, world.regions.township_a)
    services.file_case(late, actor=world.users.inspector, date=D(2026, 1, 5), officers=officers(world))
    make_measure(world, world.regions.township_a, enterprise=late.enterprise, kind="interview")
    home = client_for(world.users.township_a).get("/").content.decode()
    assert "超期执法案件" in home and late.number in home
    assert late.number not in client_for(world.users.township_b).get("/").content.decode()
    page = client_for(world.users.leader).get(late.enterprise.get_absolute_url()).content.decode()
    assert "执法案件" in page and late.number in page and "约谈" in page


def test_api_create_takes_the_region_from_the_enterprise_and_stays_in_scope(world, api_for):
    from yingji.supervision.enterprises.testing import make_enterprise

    own = make_enterprise(world, world.regions.township_b)
    foreign = make_enterprise(world, world.regions.other_township)
    api = api_for(world.users.inspector)
    body = {"title": "未按规定佩戴劳动防护用品案", "origin": "report", "procedure": "ordinary",
            "department": world.orgs.bureau.pk, "officers": [world.users.inspector.pk, world.users.inspector2.pk]}
    r = api.post("/api/v1/enforcement-cases/", {**body, "enterprise": own.pk}, format="json")
    assert r.status_code == 201, r.json()
    case = EnforcementCase.objects.get(pk=r.json()["id"])
    assert case.region == world.regions.township_b and case.state == CaseState.DRAFT and case.number is None
    assert case.officers.count() == 2
    r = api.post("/api/v1/enforcement-cases/", {**body, "enterprise": foreign.pk}, format="json")
    assert r.status_code == 400 and "enterprise" in r.json()["errors"]
    assert api_for(world.users.township_b).post("/api/v1/enforcement-cases/", {**body, "enterprise": own.pk},
                                                format="json").status_code == 403


def test_the_rules_page_shows_the_limits_and_their_basis(world, client_for):
    url = reverse("rules:timelimitrule_list")
    body = client_for(world.users.township_a).get(url).content.decode()
    assert "行政处罚法》第七十二条" in body and "2026-01-31" in body and "2026-02-01" in body
    assert client_for(world.users.nobody).get(url).status_code == 403


def test_a_case_from_a_hazard_must_be_against_the_hazards_enterprise(world, api_for):
    from yingji.supervision.hazards.testing import make_hazard

    case = make_case(world, world.regions.township_a, origin="hazard")
    hazard = make_hazard(world, world.regions.township_a, enterprise=case.enterprise)
    other = make_hazard(world, world.regions.township_a)
    api = api_for(world.users.inspector)
    url = f"/api/v1/enforcement-cases/{case.pk}/"
    r = api.patch(url, {"hazard": other.pk}, format="json")
    assert r.status_code == 400 and "来源隐患不属于当事企业" in r.json()["message"]
    r = api.patch(url, {"hazard": hazard.pk, "origin": "report"}, format="json")
    assert r.status_code == 400 and "隐患排查" in r.json()["message"]
    r = api.patch(url, {"hazard": hazard.pk}, format="json")
    assert r.status_code == 200 and r.json()["hazard"] == hazard.pk
    assert EnforcementCase.objects.get(pk=case.pk).hazard == hazard


def test_officers_are_enforcement_colleagues_never_the_administrator(world, api_for):
    from yingji.supervision.enforcement.forms import EnforcementCaseForm

    offered = {u.username for u in EnforcementCaseForm(user=world.users.leader).fields["officers"].queryset}
    assert offered == {"inspector", "inspector2"}
    case = make_case(world, world.regions.township_a)
    r = api_for(world.users.inspector).post(f"/api/v1/enforcement-cases/{case.pk}/file/", {
        "date": "2026-03-02", "officers": [world.users.inspector.pk, world.users.admin.pk]}, format="json")
    assert r.status_code == 400 and "没有执法权限" in str(r.json())
    assert EnforcementCase.objects.get(pk=case.pk).state == CaseState.DRAFT


def test_a_closed_case_is_voided_on_no_path(world, client_for, api_for):
    """A closed case is the file the bureau keeps: its page shows no 作废, and neither the page's void address nor
    the API's void action voids it (a Chinese refusal, nothing written); a case still open can be voided."""
    case = walk(make_case(world, world.regions.township_a), world, Step.CLOSE, start=datetime.date(2026, 3, 2))
    assert case.state == CaseState.CLOSED
    from yingji.platform.audit.models import ObjectChange

    audited = ObjectChange.objects.count()
    c = client_for(world.users.admin)
    assert reverse("enforcement:enforcementcase_void", args=[case.pk]) not in c.get(detail(case)).content.decode()
    r = c.post(reverse("enforcement:enforcementcase_void", args=[case.pk]), {"reason": "误录"}, follow=True)
    assert "案件已结案归档，不能作废" in r.content.decode()
    r = api_for(world.users.admin).post(f"/api/v1/enforcement-cases/{case.pk}/void/", {"reason": "误录"},
                                        format="json")
    assert r.status_code == 400 and "案件已结案归档，不能作废" in r.content.decode()
    case.refresh_from_db()
    assert case.voided_at is None
    assert ObjectChange.objects.count() == audited
    open_case = make_case(world, world.regions.township_a)
    r = api_for(world.users.admin).post(f"/api/v1/enforcement-cases/{open_case.pk}/void/", {"reason": "重复立案"},
                                        format="json")
    assert r.status_code == 200, r.content
    assert c.get(detail(open_case)).status_code == 200
