"""Plans: kinds, versions (rows, never overwritten), levels, cycles from rule rows, 备案, the bad-input refusals,
scope, and the query-count guards of the lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingji.command.plans import services
from yingji.command.plans.choices import CycleDuty, CycleSubject, FilingState, PlanKind
from yingji.command.plans.models import Plan, PlanCycleRule, PlanLevel, PlanVersion, add_months
from yingji.command.plans.testing import PDF, make_drill, make_plan, make_version

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _pdf(name="预案.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_add_months_clamps_the_day():
    assert add_months(datetime.date(2024, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 15), 36) == datetime.date(2027, 1, 15)


@pytest.mark.parametrize(("kind", "extra", "subject", "months"), [
    (PlanKind.SPECIAL, {}, CycleSubject.GOVERNMENT, 36),
    (PlanKind.SPECIAL, {"production_safety": True}, CycleSubject.GOVERNMENT_SAFETY, 24),
    (PlanKind.TOWNSHIP, {}, CycleSubject.TOWNSHIP, 36),
    (PlanKind.ENTERPRISE, {"enterprise_part": "comprehensive"}, CycleSubject.ENTERPRISE, 12),
    (PlanKind.ENTERPRISE, {"enterprise_part": "special", "high_risk": True}, CycleSubject.HIGH_RISK, 6),
    (PlanKind.ENTERPRISE, {"enterprise_part": "onsite"}, CycleSubject.ENTERPRISE_ONSITE, 6),
])
def test_drill_cycle_from_the_seeded_rules(world, kind, extra, subject, months):
    issued = TODAY - datetime.timedelta(days=100)
    plan = make_plan(world, world.regions.township_a, kind=kind, issued_on=issued, **extra)
    assert services.subject_of(plan, CycleDuty.DRILL) == subject
    rule = services.cycle_rule(plan, CycleDuty.DRILL)
    assert rule.months == months and rule.legal_basis
    assert plan.drill_due == add_months(issued, months)


def test_village_and_event_plans_have_no_statutory_cycle(world):
    plan = make_plan(world, world.regions.village_a, kind=PlanKind.VILLAGE)
    assert plan.drill_due is None and plan.evaluation_due is None


def test_a_plan_without_due_dates_is_listed_with_the_empty_mark(world, client_for):
    # a village plan has no cycle: its list and the drill that cites it answered 500 (None.strftime)
    plan = make_plan(world, world.regions.village_a, kind=PlanKind.VILLAGE)
    from yingji.command.plans.tables import PlanTable

    response = client_for(world.users.admin).get("/plans/")
    assert response.status_code == 200 and plan.name in response.text
    row = PlanTable(Plan.objects.filter(pk=plan.pk)).rows[0]
    assert (row.get_cell("drill_due"), row.get_cell("evaluation_due")) == ("—", "—")


def test_a_drill_moves_the_next_drill_due_and_voiding_it_moves_it_back(world):
    from yingji.platform.core.services import void_record

    issued = TODAY - datetime.timedelta(days=800)
    plan = make_plan(world, world.regions.township_a, kind=PlanKind.ENTERPRISE, enterprise_part="onsite",
                     owner_name="安澜化工", issued_on=issued)
    assert plan.drill_overdue
    drill = make_drill(world, world.regions.township_a, plans=[plan], held_on=TODAY - datetime.timedelta(days=10))
    plan.refresh_from_db()
    assert plan.drill_due == add_months(drill.held_on, 6) and not plan.drill_overdue
    void_record(drill, actor=world.users.admin, reason="重复登记")
    plan.refresh_from_db()
    assert plan.drill_due == add_months(issued, 6)


def test_a_county_rule_overrides_the_national_one_after_the_sweep(world):
    from yingji.platform.core import sweeper

    plan = make_plan(world, world.regions.township_a, kind=PlanKind.TOWNSHIP, issued_on=TODAY - datetime.timedelta(
        days=30))
    PlanCycleRule.objects.create(duty="drill", subject="township", months=12, region=world.regions.county,
                                 legal_basis="安澜县人民政府办公室关于加强基层应急预案演练的通知")
    plan.refresh_from_db()
    assert plan.drill_due == add_months(plan.issued_on, 36)  # not yet recomputed
    sweeper.run_once(timezone.now(), only=["plans.due_dates"])
    plan.refresh_from_db()
    assert plan.drill_due == add_months(plan.issued_on, 12)


def test_review_date_before_issue_date_is_refused_with_nothing_written(world, client_for, api_for):
    client = client_for(world.users.admin)
    data = {"name": "安澜县森林火灾应急预案", "kind": "special", "event_type": "forest_fire",
            "owner": world.orgs.bureau.pk, "region": world.regions.county.pk, "issued_on": "2024-05-01",
            "last_evaluated_on": "2024-04-30", "first_label": "首次发布版", "first_file": _pdf()}
    response = client.post("/plans/add/", data)
    assert response.status_code == 400
    assert "预案评估日期（2024-04-30）不能早于预案发布日期（2024-05-01）" in response.content.decode()
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()
    api = api_for(world.users.admin)  # the API refuses the same
    data.pop("first_file"), data.pop("first_label")
    response = api.post("/api/v1/plans/", data, format="json")
    assert response.status_code == 400 and "不能早于预案发布日期" in response.content.decode()
    assert not Plan.objects.exists()


def test_plan_is_created_with_its_first_version(world, client_for):
    client = client_for(world.users.admin)
    response = client.post("/plans/add/", {
        "name": "安澜县防汛防台专项应急预案", "kind": "special", "event_type": "flood", "owner": world.orgs.bureau.pk,
        "region": world.regions.county.pk, "issued_on": "2024-05-01", "first_label": "2024年版",
        "first_file": _pdf()})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    version = plan.versions.get()
    assert version.label == "2024年版" and version.file.read().startswith(b"%PDF")
    assert plan.evaluation_due == add_months(plan.issued_on, 36)
    assert client.get(plan.get_absolute_url()).status_code == 200
    download = client.get(f"/plan-versions/{version.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("预案.exe", b"MZ", "只能上传 PDF、Word"),
    ("预案.pdf", b"not a pdf", "文件内容与扩展名不符"),
    ("预案.docx", b"%PDF-1.4", "文件内容与扩展名不符"),
])
def test_bad_plan_files_are_refused(world, client_for, name, content, message):
    plan = make_plan(world, world.regions.township_a)
    response = client_for(world.users.township_a).post(f"/plans/{plan.pk}/versions/add/", {
        "label": "2025年修订版", "issued_on": TODAY.isoformat(), "reason": "law",
        "file": SimpleUploadedFile(name, content)}, follow=True)
    assert message in response.content.decode()
    assert not plan.versions.exists()


def test_an_oversized_file_is_refused(world, client_for, settings):
    from yingji.command.plans import files

    plan = make_plan(world, world.regions.township_a)
    big = PDF + b"0" * (files.MAX_DOCUMENT_BYTES + 1)
    response = client_for(world.users.township_a).post(f"/plans/{plan.pk}/versions/add/", {
        "label": "大文件版", "issued_on": TODAY.isoformat(), "reason": "law",
        "file": SimpleUploadedFile("预案.pdf", big)}, follow=True)
    assert "预案文本不能超过 20 MB" in response.content.decode()
    assert not plan.versions.exists()


def test_versions_are_rows_never_overwritten(world):
    plan = make_plan(world, world.regions.township_a)
    first = make_version(plan, label="2023年版")
    second = services.add_version(plan, actor=world.users.admin, label="2025年修订版", issued_on=TODAY,
                                  file=_pdf(), reason="law", summary="按新法修订")
    assert list(plan.versions.values_list("label", flat=True)) == ["2025年修订版", "2023年版"]
    first.summary = "改写历史"
    with pytest.raises(ValidationError, match="不能修改"):
        first.save()
    with pytest.raises(Exception, match="不能删除"):
        second.delete()
    with pytest.raises(ValidationError, match="不能早于预案首次发布日期"):
        services.add_version(plan, actor=world.users.admin, label="倒签版",
                             issued_on=plan.issued_on - datetime.timedelta(days=1), file=_pdf())
    assert plan.versions.count() == 2


def test_levels_and_actions_are_edited_with_the_plan(world, client_for):
    plan = make_plan(world, world.regions.county, kind=PlanKind.SPECIAL)
    client = client_for(world.users.admin)
    response = client.post(f"/plans/{plan.pk}/levels/", {
        "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
        "rows-0-level": "4", "rows-0-trigger": "气象部门发布台风蓝色预警",
        "rows-1-level": "1", "rows-1-trigger": "台风红色预警，预计造成特别重大损失"})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(f"/plans/{plan.pk}/actions/", {
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
        "rows-0-level": "4", "rows-0-unit": world.orgs.bureau.pk, "rows-0-action": "24小时值班，每日会商",
        "rows-0-position": "1"})
    assert response.status_code == 302
    levels = services.levels_of(plan)
    assert [lv["level"] for lv in levels] == [4, 1]
    assert levels[0]["actions"] == [{"unit": world.orgs.bureau.name, "unit_id": world.orgs.bureau.pk,
                                     "action": "24小时值班，每日会商"}]
    # a duplicate level is refused
    response = client.post(f"/plans/{plan.pk}/levels/", {
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
        "rows-0-level": "4", "rows-0-trigger": "重复"})
    assert response.status_code == 400
    assert PlanLevel.objects.filter(plan=plan).count() == 2


def test_enterprise_filing_workflow(world, client_for):
    plan = make_plan(world, world.regions.township_a, kind=PlanKind.ENTERPRISE, owner_name="安澜化工有限公司",
                     enterprise_part="comprehensive")
    assert plan.filing_state == FilingState.DRAFT
    with pytest.raises(ValidationError, match="请先上传预案文本"):
        services.submit_filing(plan, actor=world.users.township_a, authority="安澜县应急管理局")
    make_version(plan)
    services.submit_filing(plan, actor=world.users.township_a, authority="安澜县应急管理局")
    # a township office may not accept: approve belongs to the bureau
    response = client_for(world.users.township_a).post(f"/plans/{plan.pk}/accept/", {"note": ""})
    assert response.status_code == 403
    services.accept_filing(plan, actor=world.users.inspector)
    plan.refresh_from_db()
    assert plan.filing_state == FilingState.ACCEPTED and plan.filing_due > TODAY
    with pytest.raises(ValidationError, match="须填写备案编号"):
        services.file_plan(plan, actor=world.users.inspector, filing_no=" ")
    services.file_plan(plan, actor=world.users.inspector, filing_no="安应急备〔2026〕18号")
    plan.refresh_from_db()
    assert plan.filing_state == FilingState.FILED and plan.filing_no == "安应急备〔2026〕18号"
    assert [e.transition for e in plan.events.all()] == ["submit", "accept", "file"]


def test_a_government_plan_has_no_filing(world):
    plan = make_plan(world, world.regions.county, kind=PlanKind.SPECIAL)
    assert plan.filing_state == FilingState.NOT_REQUIRED
    make_version(plan)
    with pytest.raises(ValidationError, match="只有企业应急预案需要备案"):
        services.submit_filing(plan, actor=world.users.admin, authority="安澜县应急管理局")


def test_scope(world, client_for, api_for):
    mine = make_plan(world, world.regions.township_a, name="青石镇防汛预案")
    other = make_plan(world, world.regions.township_b, name="白水镇防汛预案")
    client = client_for(world.users.township_a)
    page = client.get("/plans/").content.decode()
    assert "青石镇防汛预案" in page and "白水镇防汛预案" not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/plans/{other.pk}/card/").status_code == 404
    version = make_version(other)
    assert client.get(f"/plan-versions/{version.pk}/file/").status_code == 404
    ids = [p["id"] for p in api_for(world.users.township_a).get("/api/v1/plans/").json()["results"]]
    assert ids == [mine.pk]
    assert client_for(world.users.outsider).get(mine.get_absolute_url()).status_code == 404
    assert client_for(world.users.nobody).get("/plans/").status_code == 403


def test_list_pages_and_apis_do_not_grow_with_the_records(world, client_for, api_for,
                                                          django_assert_max_num_queries):
    client, api = client_for(world.users.admin), api_for(world.users.admin)

    def add(n):
        for _i in range(n):
            plan = make_plan(world, world.regions.township_a)
            drill = make_drill(world, world.regions.township_a, plans=[plan])
            from yingji.command.plans.testing import make_finding

            make_finding(world, world.regions.township_a, drill=drill)

    add(2)
    urls = ["/plans/", "/plans/?due=drill_overdue", "/drills/", "/drillfindings/", "/"]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(60) as q:
            assert client.get(url).status_code == 200
        counts[url] = len(q.captured_queries)
    add(6)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    for url in ("/api/v1/plans/", "/api/v1/drills/", "/api/v1/drill-findings/"):
        with django_assert_max_num_queries(10):
            assert api.get(url).json()["count"] >= 8
