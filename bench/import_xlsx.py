"""Region ledger import from .xlsx on SQLite, beside openpyxl merely reading the same file.

A province-like ledger is generated: 100,000 villages (× --scale) under generated cities, counties and townships,
valid 12-digit 统计用区划代码, each parent on an earlier row. It is imported by a province-level 系统管理员 through
the import framework (yingji.platform.core.imports.run with the "regions" ImportSpec: every row validated by the
import form, all rows in one transaction, the audit trail written) into a fresh, migrated SQLite file configured as
in production (WAL, IMMEDIATE). The baseline is openpyxl reading the same file (read_only, values_only), the
issue's baseline; since the import reads with python-calamine where it reads the same values, a second line gives
the import beside calamine reading the same file.
"""

import math
import tempfile
from pathlib import Path

from _common import Figure, maybe_profile, migrate, setup_django, stopwatch

ORDER = 10
DESCRIPTION = "100,000-village region ledger (.xlsx) imported on SQLite vs openpyxl reading it"

VILLAGES = 100_000
PER_TOWNSHIP = 50
TOWNSHIPS_PER_COUNTY = 20
PROVINCE = ("990000000000", "基准省")
LIMIT_SECONDS = 60  # the issue: 100,000 rows in under 60 s on SQLite


def ledger_rows(villages):
    """(code, name, parent code) rows in ledger order: each parent before its children."""
    n_town = math.ceil(villages / PER_TOWNSHIP)
    n_county = math.ceil(n_town / TOWNSHIPS_PER_COUNTY)
    counties_per_city = max(20, math.ceil(n_county / 99))
    if counties_per_city > 99:
        raise SystemExit("--scale too large for one province's code space")
    province = PROVINCE[0][:2]
    left = villages
    county_no = 0
    for city_no in range(1, math.ceil(n_county / counties_per_city) + 1):
        city = f"{province}{city_no:02d}"
        yield city.ljust(12, "0"), f"基准{city_no}市", PROVINCE[0]
        for c in range(1, counties_per_city + 1):
            if county_no >= n_county:
                break
            county_no += 1
            county = f"{city}{c:02d}"
            yield county.ljust(12, "0"), f"基准{city_no}市{c}县", city.ljust(12, "0")
            for t in range(1, TOWNSHIPS_PER_COUNTY + 1):
                if left <= 0:
                    break
                town = f"{county}{100 + t:03d}"
                yield town.ljust(12, "0"), f"第{c}县{t}镇", county.ljust(12, "0")
                for v in range(1, min(PER_TOWNSHIP, left) + 1):
                    yield f"{town}{200 + v:03d}", f"{t}镇{v}村", town.ljust(12, "0")
                left -= min(PER_TOWNSHIP, left)


def write_ledger(path, villages):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("行政区划")
    ws.append(["区划代码", "名称", "上级区划代码"])
    n = 0
    for row in ledger_rows(villages):
        ws.append(row)
        n += 1
    wb.save(path)
    return n


def read_only_baseline(path):
    from openpyxl import load_workbook

    with stopwatch() as t:
        wb = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for _row in wb.worksheets[0].iter_rows(min_row=2, values_only=True))
        wb.close()
    return n, t["seconds"], t["cpu"]


def calamine_baseline(path):
    """python-calamine reading the same file, the reader the import uses where it reads what openpyxl reads
    (yingji/platform/core/excel.py): the floor of the import's own reading."""
    from python_calamine import CalamineWorkbook

    with stopwatch() as t:
        wb = CalamineWorkbook.from_path(str(path))
        n = len(wb.get_sheet_by_index(0).to_python(skip_empty_area=False)) - 1
        wb.close()
    return n, t["seconds"], t["cpu"]


def run(args):
    tmp = Path(tempfile.mkdtemp(prefix="yingji-bench-import-"))
    setup_django(YINGJI_DATA_DIR=tmp, YINGJI_MEDIA_ROOT=tmp / "media")
    from django.conf import settings

    with stopwatch() as t:
        migrate()
    yield f"fresh SQLite {settings.DATABASES['default']['NAME']} migrated in {t['seconds']:.1f} s"

    from django.contrib.auth.models import Group

    from yingji.platform.accounts.models import Role, User
    from yingji.platform.audit.context import acting
    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.core import imports
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    province = Region.objects.create(code=PROVINCE[0], name=PROVINCE[1], level=Level.PROVINCE)
    admin = User.objects.create(username="bench-admin", full_name="基准管理员", region=province)
    admin.groups.add(Group.objects.get(pk=Role.objects.get(code="sysadmin").group_id))

    villages = max(1, int(VILLAGES * args.scale))
    path = tmp / "regions.xlsx"
    with stopwatch() as t:
        rows = write_ledger(path, villages)
    yield (f"ledger: {rows:,} rows ({villages:,} villages and their parents), "
           f"{path.stat().st_size / 1e6:.1f} MB, written in {t['seconds']:.1f} s")

    read_rows, read_seconds, read_cpu = read_only_baseline(path)
    assert read_rows == rows, (read_rows, rows)
    fast_rows, fast_seconds, fast_cpu = calamine_baseline(path)
    assert fast_rows == rows, (fast_rows, rows)

    spec = imports.get("regions")
    before = Region.objects.count()  # the province, and any region a migration seeds (e.g. 河南省 for the rules)
    with maybe_profile(args.profile, "the region import"), stopwatch() as t, acting(admin, source="import"):
        with open(path, "rb") as f:
            result = imports.run(spec, f, path.name, admin)
    seconds, cpu = t["seconds"], t["cpu"]
    if not result.ok:
        raise SystemExit(f"import rejected: {result.error_count} errors, first {result.errors[:5]}")
    created = Region.objects.count() - before
    logged = ObjectChange.objects.count()
    assert result.created == rows == created, (result.created, rows, created)

    limit = LIMIT_SECONDS * max(1.0, args.scale)
    yield Figure("import.regions.xlsx.sqlite", rows / seconds, read_rows / read_seconds, "rows/s",
                 "openpyxl read_only values_only, same file",
                 f"{rows:,} rows in {seconds:.1f} s wall, {cpu:.1f} s CPU; openpyxl read {read_seconds:.1f} s wall, "
                 f"{read_cpu:.1f} s CPU")
    yield Figure("import.regions.vs.calamine.read", rows / seconds, rows / fast_seconds, "rows/s",
                 "python-calamine reading the same file (the import's reader)",
                 f"calamine read {fast_seconds:.2f} s wall, {fast_cpu:.2f} s CPU")
    wall_ok, cpu_ok = ("under" if seconds < limit else "OVER"), ("under" if cpu < limit else "OVER")
    yield (f"limit {limit:.0f} s: wall {wall_ok}, CPU {cpu_ok} (on a busy machine the wall time includes waiting "
           f"for a CPU; the CPU time is this process's own work)")
    yield f"{created:,} regions created, {logged:,} audit rows written, in one transaction"
    if not args.keep:
        from django.db import connections

        connections.close_all()
        for p in sorted(tmp.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        tmp.rmdir()
    else:
        yield f"kept {tmp}"

