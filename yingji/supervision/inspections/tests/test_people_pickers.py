"""Inspectors and 督导组 members are colleagues (accounts/colleagues.py): on the page, in the API and in the
执法证 ledger import, never the system administrator, the auditor, an inactive account or another county's officer."""

import io

import pytest
from openpyxl import Workbook

from yingji.platform.core import imports
from yingji.supervision.inspections.forms import InspectionForm, InspectorCertificateForm, SupervisionVisitForm

pytestmark = pytest.mark.django_db

NEVER = {"admin", "auditor", "outsider", "nobody", "duty", "department", "leader"}


def choices(form, field):
    return {u.username for u in form.fields[field].queryset}


def test_the_inspection_form_offers_the_countys_inspectors(world):
    # a township officer: his own township's and the county bureau's, never another township's (issue 16, item 7)
    offered = choices(InspectionForm(user=world.users.township_a), "inspectors")
    assert offered == {"inspector", "inspector2", "township_a"}
    world.users.inspector2.is_active = False
    world.users.inspector2.save()
    assert choices(InspectionForm(user=world.users.inspector), "inspectors") == {
        "inspector", "township_a", "township_b"}
    assert not offered & NEVER


def test_certificates_and_teams_offer_colleagues_only(world):
    assert not choices(InspectorCertificateForm(user=world.users.admin), "user") & NEVER
    assert choices(SupervisionVisitForm(user=world.users.admin), "team") == {"inspector", "inspector2"}


def test_the_api_refuses_the_administrator_as_an_inspector(world, api_for):
    from yingji.supervision.enterprises.models import Enterprise

    e = world.sample(Enterprise)
    r = api_for(world.users.inspector).post("/api/v1/inspections/", {
        "enterprise": e.pk, "inspected_on": "2026-03-02", "kind": "special",
        "inspectors": [world.users.inspector.pk, world.users.admin.pk]}, format="json")
    assert r.status_code == 400 and "inspectors" in r.json()["errors"]


def test_the_ledger_import_refuses_a_non_colleague(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["用户名", "执法证号", "发证机关", "有效期自", "有效期至"])
    for username, n in (("admin", 1), ("auditor", 2), ("inspector", 3)):
        ws.append([username, f"3310990000000{n}", "", "", "2029-12-31"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = imports.run(imports.get("inspector-certificates"), buf, "名录库.xlsx", world.users.admin)
    assert not result.ok
    assert {(row, col) for row, col, _m in result.errors} == {(2, "用户名"), (3, "用户名")}
    assert all("不在您的管辖范围内" in m for _r, _c, m in result.errors)
