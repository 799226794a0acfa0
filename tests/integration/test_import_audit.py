"""Rows created by a ledger import are in the audit trail like rows created one by one (both databases)."""

import io

from openpyxl import Workbook

from yingji.platform.audit.context import acting
from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import imports
from yingji.platform.regions.models import Region


def test_imported_rows_have_their_creation_logged(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称", "上级区划代码"])
    ws.append(["331099101230", "新桥村", "331099101000"])
    ws.append(["331099101231", "老街社区", "331099101000"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with acting(world.users.admin, ip="10.1.2.3", source="import"):
        result = imports.run(imports.get("regions"), buf, "v.xlsx", world.users.admin)
    assert result.ok and result.created == 2
    region = Region.objects.get(code="331099101230")
    change = ObjectChange.objects.get(object_id=region.pk, content_type__model="region")
    assert change.action == ObjectChange.Action.CREATE
    assert change.user == world.users.admin and change.user_name == str(world.users.admin)
    assert change.ip == "10.1.2.3" and change.source == "import" and change.request_id is not None
    assert change.region_id == region.pk
    assert change.prechange is None
    assert change.postchange["code"] == "331099101230" and change.postchange["name"] == "新桥村"
    assert "name" in change.changed_fields
    assert change.message == "台账导入"
    assert change.time is not None
    # the record page shows it as its creation
    assert [c.action for c in ObjectChange.objects.filter(object_id=region.pk, content_type__model="region")] == [
        "create"]
