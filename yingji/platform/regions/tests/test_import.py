"""Region ledgers through the import framework: .xlsx and .csv, all-or-nothing, errors as (row, column, message)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from yingji.platform.audit.models import AuditEvent, ObjectChange
from yingji.platform.core import imports
from yingji.platform.core.models import ImportJob
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

HEADER = ["区划代码", "名称", "上级区划代码"]


def xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig"):
    lines = [",".join(header)] + [",".join(str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(content, filename, user):
    return imports.run(imports.get("regions"), io.BytesIO(content), filename, user)


def counts():
    return Region.objects.count(), ObjectChange.objects.count()


# children before their parents, and a county given by its six-digit code
NEW_ROWS = [
    ("331099103201", "新村一", "331099103"),
    ("331099103202", "新村二", "331099103000"),
    ("331099103", "新镇", "331099"),
    ("331099104000", "另一镇", "331099000000"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "csv", "csv-gbk"])
def test_import_creates_regions_with_parents_from_the_same_file(world, kind):
    if kind == "xlsx":
        content, name = xlsx(NEW_ROWS), "区划.xlsx"
    else:
        content, name = csv_bytes(NEW_ROWS, encoding="gb18030" if kind == "csv-gbk" else "utf-8-sig"), "区划.csv"
    before = Region.objects.count()
    result = run(content, name, world.users.admin)
    assert result.ok, result.errors
    assert result.created == 4 and result.total == 4
    assert Region.objects.count() == before + 4
    town = Region.objects.get(code="331099103000")
    assert town.level == Level.TOWNSHIP and town.parent == world.regions.county and town.name == "新镇"
    assert town.created_by == world.users.admin
    village = Region.objects.get(code="331099103201")
    assert village.parent == town and village.level == Level.VILLAGE
    assert Region.objects.get(code="331099104000").parent == world.regions.county
    created = ObjectChange.objects.filter(action="create", object_id__in=[town.pk, village.pk],
                                          content_type__model="region")
    assert created.count() == 2 and all(c.message == "台账导入" for c in created)


@pytest.mark.django_db
def test_import_with_full_width_digits(world):
    result = run(xlsx([("３３１０９９１０３", "全角镇", "３３１０９９")]), "fw.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert Region.objects.get(code="331099103000").parent == world.regions.county


@pytest.mark.django_db
def test_import_xlsx_with_numeric_cells(world):
    result = run(xlsx([(331099103000, "数字格式镇", 331099000000)]), "n.xlsx", world.users.admin)
    assert result.ok, result.errors
    assert Region.objects.filter(code="331099103000", parent=world.regions.county).exists()


def _assert_rejected(world, content, filename, expected, user=None):
    """Nothing written; every expected (row, column, message fragment) is among the errors."""
    before = counts()
    result = run(content, filename, user or world.users.admin)
    assert not result.ok
    assert result.created == 0
    assert counts() == before
    for row, column, fragment in expected:
        assert any(r == row and c == column and fragment in m for r, c, m in result.errors), (
            f"({row}, {column!r}, {fragment!r}) not in {result.errors}")
    return result


@pytest.mark.django_db
def test_unknown_and_missing_columns(world):
    _assert_rejected(world, xlsx([("331099103000", "x")], header=["代码", "名称"]), "a.xlsx", [
        (1, "代码", "无法识别的列“代码”"),
        (1, "区划代码", "缺少必填列“区划代码”"),
    ])
    _assert_rejected(world, xlsx([("331099103000", "x", "331099", "")], header=["区划代码", "名称", "上级区划代码",
                                                                                "区划代码"]),
                     "dup-col.xlsx", [(1, "区划代码", "列“区划代码”重复")])


@pytest.mark.django_db
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(world):
    rows = [
        ("331099103000", "好镇", "331099000000"),  # valid, but the file has errors: not imported
        ("33109910", "坏代码", "331099000000"),  # row 3: 8 digits
        ("331098105000", "前缀不符", "331099000000"),  # row 4: not under its parent
        ("331099106000", "", "331099000000"),  # row 5: no name
        ("331099107201", "孤村", "331099107000"),  # row 6: parent nowhere
        ("331099103000", "重复镇", "331099000000"),  # row 7: duplicate of row 2
    ]
    result = _assert_rejected(world, xlsx(rows), "bad.xlsx", [
        (3, "区划代码", "区划代码应为 2、4、6、9、12 位数字"),
        (4, "上级区划代码", "不以上级代码前缀 331099 开头"),
        (5, "名称", "名称不能为空"),
        (6, "上级区划代码", "上级区划 331099107000 不存在"),
        (7, "区划代码", "与第 2 行重复"),
    ])
    assert [e[0] for e in result.errors] == sorted(e[0] for e in result.errors)
    assert not Region.objects.filter(code="331099103000").exists()


@pytest.mark.django_db
def test_code_already_in_database(world):
    _assert_rejected(world, xlsx([("331099103000", "新镇", "331099"), ("331099101000", "青石镇", "331099")]),
                     "exists.xlsx", [(3, "区划代码", "系统中已存在相同记录")])


@pytest.mark.django_db
def test_empty_and_headerless_files(world):
    _assert_rejected(world, xlsx([], header=None), "empty.xlsx", [(1, "", "文件是空的")])
    _assert_rejected(world, xlsx([]), "header-only.xlsx", [(2, "", "文件中没有数据行")])
    _assert_rejected(world, b"", "empty.csv", [(1, "", "文件是空的")])
    _assert_rejected(world, csv_bytes([]), "header-only.csv", [(2, "", "文件中没有数据行")])


@pytest.mark.django_db
def test_files_that_are_not_spreadsheets(world):
    _assert_rejected(world, "区划代码,名称\n这不是 Excel".encode(), "renamed.xlsx",
                     [(1, "", "文件不是有效的 Excel (.xlsx) 文件")])
    _assert_rejected(world, b"PK\x03\x04 truncated zip", "broken.xlsx", [(1, "", "文件不是有效的 Excel")])
    _assert_rejected(world, b"hello", "notes.txt", [(1, "", "只支持 .xlsx 或 .csv 文件")])
    _assert_rejected(world, b"\xff\xfe\x00\xd8\x00\xdc\xff", "binary.csv", [(1, "", "")])


@pytest.mark.django_db
def test_files_that_break_off_in_the_middle(world):
    huge = "区划代码,名称,上级区划代码\n331099103000,新镇,331099\n331099104000," + "x" * 200_000 + ",331099\n"
    _assert_rejected(world, huge.encode(), "huge.csv", [(3, "", "CSV 文件第 3 行无法读取")])
    # an .xlsx whose sheet XML is cut short
    import zipfile

    good = xlsx(NEW_ROWS)
    src, out = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b"</row>") + 6 + 40]
            dst.writestr(item, data)
    _assert_rejected(world, out.getvalue(), "cut.xlsx", [(2, "", "文件第 1 行之后已损坏")])


@pytest.mark.django_db
def test_township_user_cannot_import_outside_his_township(world):
    from django.contrib.auth.models import Permission

    user = world.users.township_a
    user.user_permissions.add(Permission.objects.get(codename="add_region"))
    _assert_rejected(world, xlsx([("331099101301", "本镇新村", "331099101000"),
                                  ("331099102301", "外镇新村", "331099102000"),
                                  ("331099108000", "新镇", "331099000000")]), "scope.xlsx", [
        (3, "区划代码", "区划 331099102301 不在您的管辖范围内"),
        (4, "区划代码", "区划 331099108000 不在您的管辖范围内"),
    ], user=user)
    result = run(xlsx([("331099101301", "本镇新村", "331099101000")]), "ok.xlsx", user)
    assert result.ok, result.errors
    assert Region.objects.get(code="331099101301").parent == world.regions.township_a


@pytest.mark.django_db
def test_template_download_matches_the_columns(world, client_for):
    response = client_for(world.users.admin).get("/imports/regions/template.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    # and the template as downloaded imports (its example row belongs to another county: refused by scope only)
    result = run(response.content, "template.xlsx", world.users.admin)
    assert all("管辖范围" in m or "不存在" in m for _r, _c, m in result.errors)


@pytest.mark.django_db
def test_web_import_runs_the_job_and_shows_its_status(world, client_for):
    c = client_for(world.users.admin)
    assert c.get("/imports/regions/").status_code == 200
    upload = SimpleUploadedFile("区划.xlsx", xlsx(NEW_ROWS),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = c.post("/imports/regions/", {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.DONE and job.created_rows == 4 and job.total_rows == 4
    page = c.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "导入成功" in html and "已导入 4 条记录" in html and 'data-status="done"' in html
    assert Region.objects.filter(code__in=[r[0].ljust(12, "0") for r in NEW_ROWS]).count() == 4
    logged = ObjectChange.objects.filter(content_type__model="region", action="create",
                                         object_id__in=Region.objects.filter(code__startswith="331099103")
                                         .values("pk"))
    assert logged.count() == 3 and all(c.user == world.users.admin and c.source == "import" for c in logged)
    event = AuditEvent.objects.get(kind="import")
    assert event.user == world.users.admin and event.detail["created"] == 4 and event.success
    # another user cannot see the job
    assert client_for(world.users.leader).get(f"/imports/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_web_import_with_errors_shows_them_and_writes_nothing(world, client_for):
    c = client_for(world.users.admin)
    before = counts()
    upload = SimpleUploadedFile("renamed.xlsx", b"just text, not a workbook")
    response = c.post("/imports/regions/", {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED and job.error_count == 1
    html = c.get(response["Location"]).content.decode()
    assert "有错误，未导入" in html and "文件不是有效的 Excel" in html
    assert counts() == before
    assert AuditEvent.objects.get(kind="import").success is False


@pytest.mark.django_db
def test_web_import_needs_the_add_permission_and_a_file(world, client_for):
    assert client_for(world.users.leader).get("/imports/regions/").status_code == 403
    assert client_for(world.users.admin).get("/imports/nothing/").status_code == 404
    response = client_for(world.users.admin).post("/imports/regions/", {})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_spec_that_skips_existing_rows_imports_only_the_new_ones(world, monkeypatch):
    """A history ledger imported again (with rows added at its end) imports only the new rows, and says how many
    it skipped; the framework's switch (ImportSpec.existing_rows), tried on the region ledger."""
    spec = imports.get("regions")
    monkeypatch.setattr(spec, "existing_rows", "skip")
    before = Region.objects.count()
    result = imports.run(spec, io.BytesIO(xlsx([("331099103000", "新镇", "331099"),
                                                ("331099101000", "青石镇", "331099")])), "again.xlsx", world.users.admin)
    assert result.ok and (result.created, result.skipped) == (1, 1)
    assert Region.objects.count() == before + 1
    again = imports.run(spec, io.BytesIO(xlsx([("331099103000", "新镇", "331099")])), "again.xlsx", world.users.admin)
    assert again.ok and (again.created, again.skipped) == (0, 1)
    assert Region.objects.count() == before + 1
