"""The durable queue: an import enqueued by the web is run by `yingji worker` from the database (not in-process)."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import Workbook

from yingji.platform.core.models import ImportJob
from yingji.platform.regions.models import Region

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ledger(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称", "上级区划代码"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "villages.xlsx"
    return buf


@pytest.mark.django_db(transaction=True)
def test_import_waits_in_the_queue_until_a_worker_runs_it(world, client_for):
    from django_tasks_db.models import DBTaskResult

    rows = [[f"331099101{n:03d}", f"新村{n}", "331099101000"] for n in range(210, 240)]
    with override_settings(TASKS=DB_TASKS):
        response = client_for(world.users.admin).post("/imports/regions/", {"file": _ledger(rows)})
        assert response.status_code == 302
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.PENDING
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        assert not Region.objects.filter(code="331099101210").exists()

        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.created_rows == 30
    assert Region.objects.filter(code__startswith="331099101", level=5).count() == 31  # 30 new + village_a
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
