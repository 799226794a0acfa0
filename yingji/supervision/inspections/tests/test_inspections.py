"""Inspection records: the two-inspector rule, documents, photos, checklists, scope and query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.shared import Cm

from yingji.platform.audit.models import AuditEvent
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.models import ChecklistAnswer, Inspection, InspectionPhoto
from yingji.supervision.inspections.testing import PNG_BYTES, make_checklist, make_inspection

from .helpers import certify

pytestmark = pytest.mark.django_db


def _form(world, enterprise, **kw):
    data = {"enterprise": enterprise.pk, "inspected_on": (datetime.date.today() - datetime.timedelta(days=1))
            .isoformat(), "kind": "enforcement", "inspectors": [world.users.inspector.pk, world.users.inspector2.pk],
            "findings": "消防通道堵塞"}
    data.update(kw)
    return data


def test_enforcement_inspection_needs_two_inspectors(world, client_for):
    enterprise = make_enterprise(world, world.regions.township_a)
    client = client_for(world.users.inspector)
    response = client.post("/inspections/add/", _form(world, enterprise, inspectors=[world.users.inspector.pk]))
    assert response.status_code == 400
    assert "至少 2 名" in response.content.decode() and not Inspection.objects.exists()
    # each with a 行政执法证 valid on the day (issue 16, item 7)
    certify(world, world.users.inspector)
    response = client.post("/inspections/add/", _form(world, enterprise))
    assert response.status_code == 400
    assert "有效的行政执法证，以下人员没有：inspector2" in response.content.decode()
    assert not Inspection.objects.exists()
    certify(world, world.users.inspector2)
    response = client.post("/inspections/add/", _form(world, enterprise))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.region == enterprise.region and inspection.created_by == world.users.inspector
    assert set(inspection.inspectors.all()) == {world.users.inspector, world.users.inspector2}
    # a 督导检查 may be made by one person
    response = client.post("/inspections/add/", _form(world, enterprise, kind="supervision",
                                                       inspectors=[world.users.inspector.pk]))
    assert response.status_code == 302


def test_api_enforces_the_two_inspector_rule_and_sets_the_region(world, api_for):
    enterprise = make_enterprise(world, world.regions.village_a)
    api = api_for(world.users.inspector)
    body = {"enterprise": enterprise.pk, "inspected_on": "2026-01-05", "kind": "enforcement",
            "inspectors": [world.users.inspector.pk]}
    response = api.post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400 and "至少 2 名" in response.json()["message"]
    body["inspectors"].append(world.users.inspector2.pk)
    response = api.post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400 and "有效的行政执法证" in response.json()["message"]
    certify(world, world.users.inspector, world.users.inspector2)
    response = api.post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["region"] == world.regions.village_a.pk
    inspection = Inspection.objects.get()
    response = api.patch(f"/api/v1/inspections/{inspection.pk}/", {"inspectors": [world.users.inspector.pk]},
                         format="json")
    assert response.status_code == 400


def test_bad_dates_are_refused(world, client_for):
    enterprise = make_enterprise(world, world.regions.township_a)
    client = client_for(world.users.inspector)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post("/inspections/add/", _form(world, enterprise, inspected_on=future))
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    response = client.post("/inspections/add/", _form(world, enterprise, order_items="整改消防通道",
                                                      rectify_deadline="2000-01-01"))
    assert response.status_code == 400 and "整改期限不能早于检查日期" in response.content.decode()
    response = client.post("/inspections/add/", _form(world, enterprise, order_items="整改消防通道"))
    assert response.status_code == 400 and "须填写整改期限" in response.content.decode()
    assert not Inspection.objects.exists()


def _docx_text(content):
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return doc, "\n".join(parts)


def test_documents_are_filled_from_the_record_and_downloads_are_audited(world, client_for):
    certify(world, world.users.inspector)
    inspection = make_inspection(world, world.regions.township_a, inspected_on=datetime.date(2026, 3, 9),
                                 rectify_deadline=datetime.date(2026, 4, 8), document_no="安澜应急检〔2026〕12号")
    client = client_for(world.users.inspector)
    response = client.get(f"/inspections/{inspection.pk}/record.docx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc, text = _docx_text(response.content)
    assert abs(doc.sections[0].page_width - Cm(21)) < Cm(0.1) and abs(doc.sections[0].page_height - Cm(29.7)) < Cm(0.1)
    assert "现场检查记录" in text and inspection.enterprise.name in text and inspection.enterprise.credit_code in text
    assert "2026年3月9日" in text and "inspector" in text and "inspector2" in text
    assert "执法证号" in text and "可燃气体报警装置未定期检定" in text and "安澜应急检〔2026〕12号" in text
    response = client.get(f"/inspections/{inspection.pk}/order.docx")
    _doc, text = _docx_text(response.content)
    assert "责令限期整改指令书" in text and "1. 可燃气体报警装置送检" in text and "2. 特种作业人员取证后上岗" in text
    assert "2026年4月8日前整改完毕" in text and inspection.enterprise.name in text
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=world.users.inspector)
    assert sorted(e.detail["document"] for e in events) == ["现场检查记录", "责令限期整改指令书"]


def test_order_document_needs_order_items(world, client_for):
    inspection = make_inspection(world, world.regions.township_a, order_items="", rectify_deadline=None)
    response = client_for(world.users.inspector).get(f"/inspections/{inspection.pk}/order.docx")
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_photos_accept_jpg_and_png_only(world, client_for):
    inspection = make_inspection(world, world.regions.township_a)
    client = client_for(world.users.inspector)
    url = f"/inspections/{inspection.pk}/photos/"
    client.post(url, {"file": SimpleUploadedFile("现场.png", PNG_BYTES, content_type="image/png"), "caption": "储罐"})
    client.post(url, {"file": SimpleUploadedFile("x.gif", b"GIF89a....", content_type="image/gif")})
    client.post(url, {"file": SimpleUploadedFile("fake.jpg", b"<script>", content_type="image/jpeg")})
    client.post(url, {"file": SimpleUploadedFile("y.png", PNG_BYTES, content_type="text/html")})
    photo = InspectionPhoto.objects.get()
    assert photo.caption == "储罐" and photo.uploaded_by == world.users.inspector
    response = client.get(f"/inspection-photos/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert client_for(world.users.township_b).get(f"/inspection-photos/{photo.pk}/").status_code == 404


def test_checklist_answers(world, client_for):
    template = make_checklist(world, world.regions.county)
    inspection = make_inspection(world, world.regions.township_a, checklist=template,
                                 document_no="安澜应急检〔2026〕13号")
    items = list(template.items.all())
    client = client_for(world.users.inspector)
    page = client.get(f"/inspections/{inspection.pk}/checklist/").content.decode()
    assert items[0].text in page
    response = client.post(f"/inspections/{inspection.pk}/checklist/", {
        f"item{items[0].pk}-result": "compliant", f"item{items[1].pk}-result": "noncompliant",
        f"item{items[1].pk}-note": "未备案", f"item{items[2].pk}-result": ""})
    assert response.status_code == 302
    answers = {a.item_id: a for a in ChecklistAnswer.objects.filter(inspection=inspection)}
    assert answers[items[0].pk].result == "compliant" and answers[items[1].pk].note == "未备案"
    assert items[2].pk not in answers
    _doc, text = _docx_text(client.get(f"/inspections/{inspection.pk}/record.docx").content)
    assert "不符合" in text and "未备案" in text


def test_checklist_must_fit_the_sector(world, client_for):
    template = make_checklist(world, world.regions.county, sector="gas")
    enterprise = make_enterprise(world, world.regions.township_a)
    response = client_for(world.users.inspector).post("/inspections/add/",
                                                      _form(world, enterprise, checklist=template.pk))
    assert response.status_code == 400 and "适用行业" in response.content.decode()


def test_township_officer_sees_and_records_only_his_township(world, client_for, api_for):
    ours = make_inspection(world, world.regions.township_a)
    theirs = make_inspection(world, world.regions.township_b)
    client = client_for(world.users.township_a)
    page = client.get("/inspections/").content.decode()
    assert ours.enterprise.name in page and theirs.enterprise.name not in page
    assert client.get(f"/inspections/{theirs.pk}/").status_code == 404
    assert client.get(f"/inspections/{ours.pk}/").status_code == 200
    ids = [r["id"] for r in api_for(world.users.township_a).get("/api/v1/inspections/").json()["results"]]
    assert ids == [ours.pk]
    # he may record a 督导检查 in his township, not in another one
    mine = make_enterprise(world, world.regions.township_a)
    other = make_enterprise(world, world.regions.township_b)
    data = _form(world, mine, kind="supervision", inspectors=[world.users.township_a.pk])
    assert client.post("/inspections/add/", data).status_code == 302
    data = _form(world, other, kind="supervision", inspectors=[world.users.township_a.pk])
    assert client.post("/inspections/add/", data).status_code == 400
    # an outsider (another county) finds nothing
    outsider = client_for(world.users.outsider)
    assert outsider.get(f"/inspections/{ours.pk}/").status_code == 404
    assert outsider.get(f"/inspections/{ours.pk}/record.docx").status_code == 404
    assert api_for(world.users.outsider).get(f"/api/v1/inspections/{ours.pk}/").status_code == 404


def test_auditor_views_but_cannot_add(world, client_for):
    inspection = make_inspection(world, world.regions.township_a)
    client = client_for(world.users.auditor)
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 200
    assert client.get("/inspections/add/").status_code == 403


def test_list_page_and_api_query_counts_do_not_grow_with_rows(world, client_for, api_for,
                                                              django_assert_max_num_queries):
    for _ in range(3):
        make_inspection(world, world.regions.township_a)
    client, api = client_for(world.users.leader), api_for(world.users.leader)
    client.get("/inspections/")
    api.get("/api/v1/inspections/")
    with django_assert_max_num_queries(16):
        assert client.get("/inspections/").status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/inspections/").status_code == 200
    for _ in range(12):
        make_inspection(world, world.regions.township_b)
    with django_assert_max_num_queries(16):
        assert client.get("/inspections/").status_code == 200
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/inspections/")
    assert response.json()["count"] == 15
    with django_assert_max_num_queries(16):
        assert client.get("/inspections/?_export=xlsx").status_code == 200


def test_phone_form_is_a_single_column(world, client_for):
    page = client_for(world.users.inspector).get("/inspections/add/").content.decode()
    assert "yj-field-form" in page and "col-md-6" not in page and 'capture' not in page


def test_leader_reviews_a_record_he_did_not_take_part_in(world, client_for):
    inspection = make_inspection(world, world.regions.township_a)
    assert client_for(world.users.inspector).post(f"/inspections/{inspection.pk}/review/").status_code == 403
    own = make_inspection(world, world.regions.township_a, inspectors=[world.users.leader, world.users.inspector])
    client = client_for(world.users.leader)
    client.post(f"/inspections/{own.pk}/review/")
    own.refresh_from_db()
    assert own.reviewed_at is None
    assert client.post(f"/inspections/{inspection.pk}/review/").status_code == 302
    inspection.refresh_from_db()
    assert inspection.reviewed_by == world.users.leader and inspection.reviewed_at is not None
    from yingji.platform.audit.models import ObjectChange

    assert ObjectChange.objects.filter(object_id=inspection.pk, action="transition", message="审核").exists()
