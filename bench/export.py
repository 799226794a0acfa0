"""Ledger exports (导出Excel) on SQLite: the hazard ledger and the organisations list, beside a bare openpyxl
write-only workbook writing the same values (already in memory) in the same run.

A fresh SQLite file (configured as in production) gets one county of 20 townships × 25 villages and, from a fixed
seed through the application's bulk loader (yingji/demo/bulk.py), 200,000 hazards (× --scale) over 2,000
enterprises, plus 10,000 organisations (Sahana Eden's 10,000-organisation export, side by side in issue 18).

Figures:
  export.hazards.xlsx        the hazard ledger's export path (core/exporting.write: the table's columns compiled
                             once, one pass over the queryset, typed cells, the 说明 sheet) for the first 100,000
                             rows (as the county's 局领导), in rows/s, beside openpyxl write-only writing the same
                             values; target >= 5,000 rows/s and >= 0.5 of the baseline
  export.hazards.page.10k    GET /hazards/?found_after=…&_export=xlsx for about 10,000 rows through the
                             whole Django stack (the test Client), seconds; target <= 2.5 s and >= 0.5 of openpyxl
  export.organisations.10k   GET /organisations/?_export=xlsx of 10,000 organisations, seconds (Sahana Eden: 1.7 s)
  export.memory              peak RSS of a forked process doing only the export, at 10,000, 100,000 and 200,000 rows
                             (constant memory: the 200,000-row figure within 1.5× of the 10,000-row one)
"""

import os
import random
import resource
import tempfile
import time
from pathlib import Path

from _common import Figure, maybe_profile, migrate, setup_django, stopwatch

ORDER = 15
DESCRIPTION = "hazard ledger and organisations exports (.xlsx) on SQLite vs bare openpyxl write-only"

HAZARDS, ENTERPRISES, ORGANISATIONS = 200_000, 2_000, 10_000
SEED = 20261204


def _n(base, scale):
    return max(1, int(base * scale))


def run(args):
    tmp = Path(tempfile.mkdtemp(prefix="yingji-bench-export-"))
    setup_django(YINGJI_DATA_DIR=tmp, YINGJI_MEDIA_ROOT=tmp / "media")
    try:
        yield from _measure(args, tmp)
    finally:
        from django.db import connections

        connections.close_all()
        if not getattr(args, "keep", False):
            for p in sorted(tmp.rglob("*"), reverse=True):
                p.unlink() if p.is_file() else p.rmdir()
            tmp.rmdir()
        else:
            print(f"   kept {tmp}")


def _measure(args, tmp):
    from django.conf import settings

    with stopwatch() as t:
        migrate()
    yield f"fresh SQLite {settings.DATABASES['default']['NAME']} migrated in {t['seconds']:.1f} s"
    county, leader = _populate(args.scale)
    yield from _hazard_path(args, county, leader, tmp)
    yield from _list_pages(args, leader)


def _populate(scale):
    from django.contrib.auth.models import Group

    from yingji.demo import bulk
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation, Role, User
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    rnd = random.Random(SEED)
    province = Region.objects.create(code="990000000000", name="基准省", level=Level.PROVINCE)
    city = Region.objects.create(code="990100000000", name="基准市", level=Level.CITY, parent=province)
    townships = [(f"{100 + t:03d}", f"{t}镇") for t in range(1, 21)]
    county = bulk.build_county(city, "990101", "基准县", townships, 25, rnd)
    with stopwatch() as t:
        counts = bulk.load([county], bulk.Volumes(enterprises=ENTERPRISES, hazards=_n(HAZARDS, scale), inspections=1,
                                                  cases=1, measures=1, accidents=1), seed=SEED)
        villages = [v for vs in county.villages.values() for v in vs]
        Organisation.objects.bulk_create([
            Organisation(name=f"{villages[i % len(villages)].name}第{i // len(villages) + 1}单位",
                         kind=[OrgKind.OTHER, OrgKind.RESCUE][i % 2], region=villages[i % len(villages)],
                         phone=f"0576-{8000000 + i:07d}") for i in range(ORGANISATIONS)], batch_size=5000)
        bulk.analyze()
    print(f"   loaded {counts['hazards']:,} hazards, {counts['enterprises']:,} enterprises and "
          f"{ORGANISATIONS:,} organisations in {t['seconds']:.0f} s")
    leader = User.objects.create(username="bench-leader", full_name="基准局领导", region=county.region)
    leader.groups.add(Group.objects.get(pk=Role.objects.get(code="leader").group_id))
    return county, leader


def _table_for(user, path, query):
    """The list's configured table, as the background job rebuilds it (core/exporting.rebuild)."""
    from yingji.platform.core import exporting
    from yingji.platform.core.models import ExportJob

    job = ExportJob(path=path, query=query, format="xlsx", created_by=user)
    capture, opts, request = exporting.rebuild(job)
    return capture, opts, request


def _ours(user, path, query, target, limit=None):
    from django.test import override_settings
    from django.utils import timezone

    from yingji.platform.core import exporting

    with override_settings(YINGJI_EXPORT_MAX_ROWS=limit or 10**9):
        capture, opts, request = _table_for(user, path, query)
        total = exporting.count(capture.table)
        return exporting.write(capture.table, target, fmt="xlsx", opts=opts, user=user, filterset=capture.filterset,
                               params=request.GET, total=total, started=timezone.now())


def _values(user, path, query, limit):
    """The same rows' values in memory (for the baseline), from the same compiled columns."""
    from yingji.platform.core.export import export_columns, iter_records, iter_rows, prepared_queryset

    capture, _opts, _request = _table_for(user, path, query)
    columns = export_columns(capture.table)
    qs = prepared_queryset(capture.table.data.data, columns)[:limit]
    return [c.header for c in columns], list(iter_rows(columns, iter_records(qs)))


def baseline(headers, rows, target):
    """openpyxl write-only, the same values, nothing else (its own date format for dates)."""
    from openpyxl import Workbook

    from yingji.platform.core.excel import plain

    rows = [[plain(v) for v in row] for row in rows]  # 是/否, local times: what the cells hold, prepared beforehand
    with stopwatch() as t:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(headers)
        for row in rows:
            ws.append(row)
        wb.save(target)
    return t["seconds"]


def _peak_rss_of(fn):
    """Run fn() in a forked child and return (its result, the child's peak RSS in MB)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: only the export
        os.close(r)
        try:
            from django.db import connections

            for conn in connections.all():
                conn.close()  # a fresh connection of its own
            result = fn()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            os.write(w, f"{result} {peak}".encode())
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 1024):
        data += chunk
    os.waitpid(pid, 0)
    result, peak = data.decode().split()
    return int(result), float(peak)


def _hazard_path(args, county, leader, tmp):
    from django.urls import reverse

    path, query = reverse("hazards:hazard_list"), ""
    n = min(100_000, _n(HAZARDS, args.scale))
    with maybe_profile(args.profile, "the hazard export"), stopwatch() as t:
        written = _ours(leader, path, query, tmp / "ours.xlsx", limit=n)
    assert written == n, (written, n)
    headers, rows = _values(leader, path, query, n)
    base = baseline(headers, rows, tmp / "base.xlsx")
    del rows
    yield Figure("export.hazards.xlsx", n / t["seconds"], n / base, "rows/s", "openpyxl write-only, same values",
                 f"{n:,} rows × {len(headers)} columns in {t['seconds']:.1f} s wall, {t['cpu']:.1f} s CPU; "
                 f"openpyxl {base:.1f} s; target >= 5,000 rows/s and >= 0.5")

    peaks = []
    for rows_n in (10_000, 100_000, 200_000):
        if rows_n > _n(HAZARDS, args.scale):
            break
        written, peak = _peak_rss_of(lambda rows_n=rows_n: _ours(leader, path, query, tmp / "mem.xlsx",
                                                                 limit=rows_n))
        peaks.append((written, peak))
    if peaks:
        first = peaks[0][1]
        yield "export.memory: peak RSS of the exporting process " + ", ".join(
            f"{w:,} rows {p:.0f} MB ({p / first:.2f}×)" for w, p in peaks) + " (target: within 1.5× of 10,000 rows)"


def _list_pages(args, leader):
    from django.test import Client, override_settings
    from django.urls import reverse

    from yingji.supervision.hazards.models import Hazard

    hazards, organisations = reverse("hazards:hazard_list"), reverse("accounts:organisation_list")
    client = Client()
    client.force_login(leader)
    # a filter that leaves about 10,000 rows: the most recent ones by 发现日期
    dates = Hazard.objects.restrict(leader).active().order_by("-found_on").values_list("found_on", flat=True)
    since = dates[min(9_999, dates.count() - 1)]
    url = f"{hazards}?found_after={since.isoformat()}&_export=xlsx"
    with override_settings(YINGJI_EXPORT_SYNC_ROWS=20_000):
        client.get(url)  # warm-up
        with stopwatch() as t:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        body = b"".join(response.streaming_content) if response.streaming else response.content
    from io import BytesIO

    from openpyxl import load_workbook

    rows_n = load_workbook(BytesIO(body), read_only=True).worksheets[0].max_row
    if rows_n is None:
        rows_n = sum(1 for _r in load_workbook(BytesIO(body), read_only=True).worksheets[0].iter_rows()) - 1
    headers, rows = _values(leader, hazards, f"found_after={since.isoformat()}", 10**9)
    rows_n = len(rows)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        base = baseline(headers, rows, f.name)
    yield Figure("export.hazards.page.10k", t["seconds"], base, "s", "openpyxl write-only, same values",
                 f"{rows_n:,} rows through GET …?_export=xlsx, {len(body) / 1e6:.1f} MB; ratio = ours/baseline time "
                 f"(target <= 2.5 s and baseline/ours >= 0.5)")

    url = f"{organisations}?_export=xlsx"
    with override_settings(YINGJI_EXPORT_SYNC_ROWS=20_000):
        client.get(url)
        with stopwatch() as t:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
    headers, rows = _values(leader, organisations, "", 10**9)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        base = baseline(headers, rows, f.name)
    yield Figure("export.organisations.10k", t["seconds"], base, "s", "openpyxl write-only, same values",
                 f"{len(rows):,} organisations × {len(headers)} columns (Sahana Eden, issue 18: 1.7 s for 10,000)")
    time.sleep(0)
