"""The inspector register (执法检查人员名录库) imported from a ledger: all rows or none, Chinese errors."""

import io

import pytest
from openpyxl import Workbook

from yingji.platform.core import imports
from yingji.supervision.inspections.models import InspectorCertificate

HEADER = ["用户名", "执法证号", "发证机关", "有效期自", "有效期至"]
pytestmark = pytest.mark.django_db


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(rows, user):
    return imports.run(imports.get("inspector-certificates"), io.BytesIO(xlsx(rows)), "名录库.xlsx", user)


def test_certificates_are_imported_for_users_in_scope(world):
    result = run([("inspector", "33109900000001", "浙江省人民政府", "2024-01-01", "2029-12-31"),
                  ("inspector2", "33109900000002", "", "", "2028-06-30")], world.users.admin)
    assert result.ok and result.created == 2
    cert = InspectorCertificate.objects.get(certificate_no="33109900000001")
    assert cert.user == world.users.inspector and cert.region == world.regions.county
    assert str(cert.valid_until) == "2029-12-31"


def test_a_bad_row_writes_nothing(world):
    result = run([("inspector", "33109900000001", "", "", "2029-12-31"),
                  ("outsider", "33109900000003", "", "", "2029-12-31"),
                  ("inspector2", "33109900000001", "", "", "2029-12-31"),
                  ("duty", "33109900000004", "", "2029-01-01", "2028-01-01"),
                  ("leader", "33109900000005", "", "", "明年")], world.users.admin)
    assert not result.ok and InspectorCertificate.objects.count() == 0, result.errors
    messages = {(row, column): msg for row, column, msg in result.errors}
    assert "不在您的管辖范围内" in messages[(3, "用户名")]
    assert "与第 2 行重复" in messages[(4, "执法证号")]
    assert "不能早于" in messages[(5, "有效期至")]
    assert "YYYY-MM-DD" in messages[(6, "有效期至")]


def test_import_page_is_for_administrators(world, client_for):
    assert client_for(world.users.admin).get("/inspectorcertificates/").status_code == 200
    assert client_for(world.users.inspector).get("/imports/inspector-certificates/").status_code == 403


def test_a_certificate_already_registered_is_refused(world):
    assert run([("inspector", "33109900000001", "", "", "2029-12-31")], world.users.admin).ok
    result = run([("inspector2", "33109900000001", "", "", "2029-12-31")], world.users.admin)
    assert not result.ok and "系统中已存在" in result.errors[0][2] and InspectorCertificate.objects.count() == 1
