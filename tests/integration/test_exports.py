"""The one export path (core/export.py, core/exporting.py, docs/exports.md): every ledger's export is its table
(rows, columns, masked values), cells are typed, text is never a formula, control characters never break a file,
and a large export is a background job only its owner can download.

It lives in tests/integration because it exports real ledgers of the supervision domain, which the platform's own
tests may not import (the layers contract).
"""

import datetime
import html
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from django_tables2 import RequestConfig
from openpyxl import load_workbook

from yingji.platform.audit.models import AuditEvent
from yingji.platform.core import excel
from yingji.platform.core.models import ExportJob
from yingji.platform.core.services_for_tests import fork_worker, worker_database
from yingji.platform.core.testing import iter_url_patterns, sample_factories
from yingji.platform.core.views import ObjectListView


def workbook(response):
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def data_rows(wb):
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    return rows[0], rows[1:]


# --- every ledger's export is its table --------------------------------------------------------------------------------
def _list_views():
    seen = {}
    for route, name, callback in iter_url_patterns():
        view = getattr(callback, "view_class", None)
        if view is None or not issubclass(view, ObjectListView) or "<" in route or view.table_class is None:
            continue
        if view.model in sample_factories:
            seen.setdefault(f"{view.model._meta.label}:{name}", ("/" + route, view))
    return sorted(seen.items())


LIST_VIEWS = _list_views()


def _old_value(value):
    """What django-tables2's as_values gave, as text a person reads (HTML removed)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = html.unescape(strip_tags(value)).strip()
        return None if text in ("", "—") else text  # the page's mark of an empty cell
    return value


def _same(old, new):
    old = _old_value(old)
    if old is None:
        return new in (None, "")
    if isinstance(new, datetime.datetime):
        if isinstance(old, str):  # a DateColumn's ISO text is now a date cell
            return old in (new.date().isoformat(), new.isoformat(sep=" "), new.strftime("%Y-%m-%d %H:%M"))
        if isinstance(old, datetime.datetime):
            return abs(old.replace(tzinfo=None) - new) < datetime.timedelta(seconds=1)
        return isinstance(old, datetime.date) and old == new.date()
    if isinstance(new, (int, float)) and not isinstance(new, bool):
        try:
            return abs(float(old) - float(new)) < 1e-6
        except (TypeError, ValueError):
            return False
    if isinstance(old, bool):
        return new == ("是" if old else "否")
    if isinstance(old, str) and old.startswith("<pre"):
        return True
    return str(old).strip() == str(new).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("key", [k for k, _v in LIST_VIEWS])
def test_every_ledger_export_is_its_table(key, world, client_for, rf):
    path, view = dict(LIST_VIEWS)[key]
    world.sample(view.model, world.regions.township_a)
    world.sample(view.model, world.regions.other_township)
    for user in (world.users.admin, world.users.auditor):
        client = client_for(user)
        response = client.get(path, {"_export": "xlsx"})
        if response.status_code in (403, 404):
            continue
        header, rows = data_rows(workbook(response))
        # the table as the list page builds it, through django-tables2's own as_values
        request = rf.get(path)
        request.user = user
        request.htmx = False
        qs = view().base_queryset().restrict(user, "view")
        filterset = view.filterset_class({}, queryset=qs, request=request)
        table = view.table_class(filterset.qs, request=request)
        RequestConfig(request, paginate=False).configure(table)
        values = table.as_values(exclude_columns=getattr(getattr(view.table_class, "Meta", None), "export_exclude",
                                                         ()))
        old_header = next(values)
        old_rows = list(values)
        assert header == [str(h) for h in old_header], key
        assert len(rows) == len(old_rows), key
        differ = []
        for new, old in zip(rows, old_rows, strict=True):  # in the list's order
            new = new + [None] * (len(header) - len(new))
            differ += [(h, o, n) for h, o, n in zip(header, old, new, strict=True) if not _same(o, n)]
        assert not differ, (key, user.username, differ)
    # the export reads every row in the same queries: a value method reading a field the export did not load (one
    # query per row) fails here
    admin = client_for(world.users.admin)
    workbook(admin.get(path, {"_export": "xlsx"}))  # the first request fills the caches (content types, session)
    with CaptureQueriesContext(connection) as two:
        workbook(admin.get(path, {"_export": "xlsx"}))
    world.sample(view.model, world.regions.township_b)
    with CaptureQueriesContext(connection) as three:
        workbook(admin.get(path, {"_export": "xlsx"}))
    assert len(three) == len(two), (key, [q["sql"][:200] for q in three.captured_queries])


# --- typed cells, the workbook a clerk expects -------------------------------------------------------------------------
@pytest.mark.django_db
def test_hazard_export_has_typed_cells_a_frozen_header_an_autofilter_and_a_notes_sheet(world, client_for):
    from yingji.supervision.hazards.models import Hazard

    hazard = world.sample(Hazard, world.regions.township_a)
    response = client_for(world.users.admin).get(reverse("hazards:hazard_list"), {"_export": "xlsx",
                                                                                  "sort": "found_on"})
    wb = workbook(response)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    found = ws.cell(row=2, column=header.index("发现日期") + 1)
    assert isinstance(found.value, datetime.datetime) and found.value.date() == hazard.found_on
    assert found.number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}2"
    assert ws[1][0].font.b and ws.title == "隐患"
    notes = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
    assert notes["行数"] == "1" and "admin" in notes["导出人"] and "排序" in notes["筛选条件"]


def test_the_writer_types_numbers_dates_booleans_and_keeps_text_text(tmp_path):
    path = tmp_path / "t.xlsx"
    excel.write_ledger(path, ["n", "amount", "day", "at", "flag", "text"], [
        [3, Decimal("463.43"), datetime.date(2026, 11, 27), datetime.datetime(2026, 11, 27, 9, 30), True, "-5 度"],
    ])
    ws = load_workbook(path).worksheets[0]
    n, amount, day, at, flag, text = ws[2]
    assert n.value == 3 and n.data_type == "n"
    assert amount.value == 463.43 and amount.number_format == "#,##0.00"
    assert day.value == datetime.datetime(2026, 11, 27) and day.number_format == "yyyy-mm-dd"
    assert at.value == datetime.datetime(2026, 11, 27, 9, 30) and at.number_format == "yyyy-mm-dd hh:mm"
    assert flag.value == "是"
    assert text.value == "-5 度" and text.data_type == "s" and text.quotePrefix


# --- issue 16, items 2 and 3: formula injection, control characters -----------------------------------------------------
HOSTILE = '=HYPERLINK("http://evil.example/x","查看附件")'


@pytest.mark.django_db
def test_a_formula_posted_as_text_is_exported_as_text_never_a_formula(world, client_for):
    from yingji.supervision.hazards.models import Hazard

    hazard = world.sample(Hazard, world.regions.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(description=HOSTILE)
    client = client_for(world.users.admin)
    wb = workbook(client.get(reverse("hazards:hazard_list"), {"_export": "xlsx"}))
    header, rows = data_rows(wb)
    cell = wb.worksheets[0].cell(row=2, column=header.index("隐患描述") + 1)
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix  # text, shown as typed
    # the CSV: a leading quote, as the OWASP CSV-injection guidance says
    response = client.get(reverse("hazards:hazard_list"), {"_export": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf") and "'=HYPERLINK(" in body
    for lead in ("+", "-", "@", "\t", "\r"):
        assert excel.safe_text(lead + "1+1") == "'" + lead + "1+1"


@pytest.mark.django_db
def test_control_characters_in_stored_text_never_break_an_export(world, client_for):
    from yingji.supervision.hazards.models import Hazard

    hazard = world.sample(Hazard, world.regions.township_a)
    Hazard.objects.filter(pk=hazard.pk).update(description="罐区\x0b阀门\x1b泄漏")
    client = client_for(world.users.admin)
    _header, rows = data_rows(workbook(client.get(reverse("hazards:hazard_list"), {"_export": "xlsx"})))
    assert "罐区阀门泄漏" in rows[0]
    # the auditor's change-log export holds the same text in its change rows
    response = client_for(world.users.auditor).get(reverse("audit:objectchange_list"), {"_export": "xlsx"})
    _header, rows = data_rows(workbook(response))
    assert rows


# --- background jobs --------------------------------------------------------------------------------------------------
@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.YINGJI_EXPORT_SYNC_ROWS = 2
    settings.YINGJI_EXPORT_DIR = str(tmp_path / "exports")
    return settings


@pytest.mark.django_db
def test_above_the_threshold_the_export_is_a_job_with_progress_only_its_owner_can_download(
        world, client_for, small_threshold, django_capture_on_commit_callbacks):
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    for i in range(3):
        Region.objects.create(code=f"33109910{5 + i}000", name=f"新镇{i}", level=Level.TOWNSHIP,
                              parent=world.regions.county)
    admin = client_for(world.users.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.get("/regions/", {"level": "4", "_export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:export_job", args=[job.pk])
    assert job.status == "done" and job.written_rows == job.total_rows == 5 and job.filters == {"level": "4"}
    page = admin.get(reverse("core:export_job", args=[job.pk]))
    assert "5 / 5" in page.content.decode() and "export-download" in page.content.decode()
    assert reverse("core:export_job", args=[job.pk]) in admin.get(reverse("core:export_jobs")).content.decode()
    header, rows = data_rows(workbook(admin.get(reverse("core:export_download", args=[job.pk]))))
    assert len(rows) == 5 and header[0] == "区划代码"
    event = AuditEvent.objects.get(kind="export")
    assert event.user == world.users.admin and event.detail["rows"] == 5 and event.detail["job"] == job.pk
    # nobody else may download it, or see it
    for other in (world.users.leader, world.users.outsider):
        assert client_for(other).get(reverse("core:export_download", args=[job.pk])).status_code == 404
        assert client_for(other).get(reverse("core:export_job", args=[job.pk])).status_code == 404
    # the scope is the user's: a township user's job holds only his township
    township = client_for(world.users.township_a)
    with django_capture_on_commit_callbacks(execute=True):
        township.get("/regions/", {"_export": "xlsx"})
    job_b = ExportJob.objects.filter(created_by=world.users.township_a).first()
    if job_b is not None:  # 2 rows: under the threshold of 2 it comes back directly
        _h, rows = data_rows(workbook(township.get(reverse("core:export_download", args=[job_b.pk]))))
        assert {r[0] for r in rows} <= {"331099101000", "331099101201"}


@pytest.mark.django_db
def test_a_cancelled_job_writes_nothing_and_expired_files_are_removed(world, client_for, small_threshold):
    import datetime as dt

    from django.utils import timezone

    from yingji.platform.core import exporting

    job = ExportJob.objects.create(path="/regions/", query="", model="regions.Region", title="行政区划",
                                   total_rows=3, created_by=world.users.admin)
    admin = client_for(world.users.admin)
    assert admin.post(reverse("core:export_cancel", args=[job.pk])).status_code == 302
    exporting.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "cancelled" and not job.file
    job2 = ExportJob.objects.create(path="/regions/", query="", model="regions.Region", title="行政区划",
                                    total_rows=3, created_by=world.users.admin)
    exporting.run_job(job2.pk)
    job2.refresh_from_db()
    path = exporting.job_path(job2)
    assert job2.status == "done" and path.exists()
    exporting.sweep(job2.expires_at + dt.timedelta(seconds=1))
    job2.refresh_from_db()
    assert job2.status == "expired" and not path.exists()
    assert admin.get(reverse("core:export_download", args=[job2.pk])).status_code == 404
    # a job whose worker died (no progress for minutes) is retried once, then marked failed with a message
    dead = ExportJob.objects.create(path="/regions/", query="", model="regions.Region", title="行政区划",
                                    status="running", attempts=2, created_by=world.users.admin,
                                    heartbeat_at=timezone.now() - dt.timedelta(minutes=30))
    exporting.sweep()
    dead.refresh_from_db()
    assert dead.status == "failed" and "中断" in dead.message


# --- the API: start, poll, download, cancel ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_api_starts_an_export_of_a_list_polls_it_and_only_the_owner_downloads_it(
        world, api_for, django_capture_on_commit_callbacks, small_threshold):
    from yingji.supervision.hazards.models import Hazard

    mine = world.sample(Hazard, world.regions.township_a)
    world.sample(Hazard, world.regions.other_township)
    api = api_for(world.users.township_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/v1/exports/", {"list": "/hazards/?sort=found_on&page=3", "format": "xlsx"}, format="json")
    assert r.status_code == 201, r.content
    job = r.json()
    assert r["Location"] == f"/api/v1/exports/{job['id']}/" and job["query"] == "sort=found_on"
    polled = api.get(f"/api/v1/exports/{job['id']}/").json()
    assert polled["status"] == "done" and polled["percent"] == 100 and polled["written_rows"] == 1
    assert polled["download_url"] == f"/api/v1/exports/{job['id']}/download/"
    header, rows = data_rows(workbook(api.get(polled["download_url"])))
    assert len(rows) == 1 and rows[0][header.index("隐患描述")] == mine.description  # his township's hazard only
    assert [j["id"] for j in api.get("/api/v1/exports/").json()["results"]] == [job["id"]]
    # nobody else sees or downloads it
    for other in (world.users.admin, world.users.township_b):
        assert api_for(other).get(f"/api/v1/exports/{job['id']}/").status_code == 404
        assert api_for(other).get(polled["download_url"]).status_code == 404
        assert api_for(other).post(f"/api/v1/exports/{job['id']}/cancel/").status_code == 404
    # a list the user may not see, a page that is no list, an unknown format: a Chinese error, no job
    before = ExportJob.objects.count()
    for user, body in ((world.users.nobody, {"list": "/hazards/"}), (world.users.township_a, {"list": "/no/such/"}),
                       (world.users.township_a, {"list": "/hazards/", "format": "pdf"}), (world.users.township_a, {})):
        r = api_for(user).post("/api/v1/exports/", body, format="json")
        assert r.status_code == 400 and r.json()["message"] and r.json()["errors"], (body, r.content)
    assert ExportJob.objects.count() == before
    # cancel: a pending job becomes cancelled and is never written
    r = api.post("/api/v1/exports/", {"list": "/hazards/"}, format="json")  # on_commit not run: stays pending
    cancelled = api.post(f"/api/v1/exports/{r.json()['id']}/cancel/").json()
    assert cancelled["status"] == "cancelled" and cancelled["download_url"] is None


# --- GUARANTEE: a worker killed mid-export never leaves a job running forever ------------------------------------------
def _job_row(dbfile, pk):
    import sqlite3

    from django.db import connections

    if dbfile:
        with sqlite3.connect(dbfile, timeout=30) as db:
            db.row_factory = sqlite3.Row
            return dict(db.execute("SELECT * FROM core_exportjob WHERE id = ?", (pk,)).fetchone())
    connections["default"].close()
    return ExportJob.objects.filter(pk=pk).values()[0]


def _kill_when_writing(pid, dbfile, pk, attempt=1, timeout=60):
    """SIGKILL the worker `pid` once its attempt number `attempt` of the job has reported rows written."""
    import os
    import signal
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = _job_row(dbfile, pk)
        if row["status"] == "running" and row["attempts"] == attempt and row["written_rows"] > 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return row
        time.sleep(0.01)
    raise AssertionError(f"the export never started writing: {row}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_export_is_retried_once_then_failed_never_left_running(world, tmp_path, settings):
    import datetime as dt
    import os

    from django.utils import timezone

    from yingji.platform.core import exporting
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    settings.YINGJI_EXPORT_DIR = str(tmp_path / "exports")
    n = 5_000  # enough rows that the worker reports progress (every 2,000 rows) before it is killed
    Region.objects.bulk_create([Region(code=f"3310998{i:05d}", name=f"测试村{i}", level=Level.VILLAGE,
                                       parent=world.regions.township_a) for i in range(n)], batch_size=2000)
    jobs = [ExportJob.objects.create(path="/regions/", query="", model="regions.Region", title="行政区划",
                                     total_rows=n, created_by=world.users.admin) for _ in range(2)]
    dbfile = worker_database(tmp_path, "exports.sqlite3")
    later = timezone.now() + exporting.STALE_AFTER + dt.timedelta(minutes=1)

    def sweep_and_run_retries():  # the sweeper a few minutes later; the task backend runs the retried job at once
        exporting.sweep(now=later)

    # job 1: killed once while writing, retried by the sweep, finished with every row
    first = jobs[0].pk
    killed = _kill_when_writing(fork_worker(dbfile, lambda: exporting.run_job(first)), dbfile, first)
    assert 0 < killed["written_rows"] < killed["total_rows"]
    assert _job_row(dbfile, first)["status"] == "running"  # what the dead worker left
    os.waitpid(fork_worker(dbfile, sweep_and_run_retries), 0)
    done = _job_row(dbfile, first)
    assert done["status"] == "done" and done["attempts"] == 2, done
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "exports" / done["file"], read_only=True).worksheets[0]
    assert sum(1 for _r in ws.iter_rows(values_only=True)) - 1 == done["written_rows"] >= n

    # job 2: killed, retried, killed again while the retry writes: failed with a clear message, not running forever
    second = jobs[1].pk
    _kill_when_writing(fork_worker(dbfile, lambda: exporting.run_job(second)), dbfile, second)
    _kill_when_writing(fork_worker(dbfile, sweep_and_run_retries), dbfile, second, attempt=2)
    os.waitpid(fork_worker(dbfile, sweep_and_run_retries), 0)
    failed = _job_row(dbfile, second)
    assert failed["status"] == "failed" and "中断" in failed["message"] and not failed["file"], failed
    assert os.listdir(tmp_path / "exports") == [done["file"]]  # nothing half-written left behind
