"""Journeys through the real UI in headless Chromium: log in, navigate, filter, export, and the region scope.

Each test builds the personas itself (the live server needs a transactional database, so the `world` fixture's
rolled-back transaction does not apply) and drives the pages only as a person would: the login form, the left
navigation, the filter form, the 导出Excel button.
"""

import io
import re

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV_GROUPS = ["监督管理", "监测预警", "指挥救援", "防灾减灾", "统计分析", "系统管理"]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def cell_text(value):
    """One cell as the page shows it: empty values are the table's "—"."""
    if value is None or value == "":
        return "—"
    return str(value).strip()


def table_rows(page):
    """[[cell text, ...], ...] of the list page's table body (empty when it shows "没有符合条件的记录")."""
    rows = page.locator("#object-table table tbody tr")
    out = []
    for i in range(rows.count()):
        cells = [cell_text(t) for t in rows.nth(i).locator("td").all_inner_texts()]
        if len(cells) == 1 and "没有符合条件的记录" in cells[0]:
            continue
        out.append(cells)
    return out


def table_header(page):
    return [t.strip() for t in page.locator("#object-table table thead th").all_inner_texts()]


def names(rows, header, column="名称"):
    i = header.index(column)
    return sorted(r[i] for r in rows)


def download_xlsx(page):
    """Click 导出Excel, capture the download, return (file name, [header, *rows]) with cells as the page shows them."""
    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    download = info.value
    assert download.failure() is None, download.failure()
    data = open(download.path(), "rb").read()
    wb = load_workbook(io.BytesIO(data), read_only=True)
    ws = wb.worksheets[0]
    rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    width = len(rows[0]) if rows else 0  # a streamed sheet leaves trailing empty cells out: pad to the header
    return download.suggested_filename, [r + ["—"] * (width - len(r)) for r in rows]


def open_from_navigation(page, group, label, heading=None):
    """Click `label` under `group` in the left navigation and wait for its list page (titled `heading`)."""
    nav = page.locator("#yj-nav")
    expect(nav.locator(".yj-nav-group", has_text=group)).to_be_visible()
    nav.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading or label)
    expect(nav.get_by_role("link", name=label, exact=True)).to_have_class(re.compile(r"\bactive\b"))


def filter_list(page, **fields):
    """Fill the filter form by field label ({"级别": "乡级", "搜索": "青石"}) and press 筛选."""
    form = page.locator("form.yj-filter")
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name="筛选").click()


def test_leader_filters_regions_and_exports_exactly_the_filtered_rows(live_server, page, login, screenshot):
    from yingji.platform.core.testing import build_world

    world = build_world()
    login(world.users.leader)

    # the left navigation: the bureau's groups in their fixed order, 系统管理 last
    groups = [t.strip() for t in page.locator("#yj-nav .yj-nav-group").all_inner_texts()]
    assert "系统管理" in groups
    assert groups == [g for g in NAV_GROUPS if g in groups], groups
    assert groups[-1] == "系统管理"

    open_from_navigation(page, "系统管理", "行政区划")
    header = table_header(page)
    assert header[:4] == ["区划代码", "名称", "级别", "上级区划"], header
    # the county leader sees his county and everything under it, nothing above or beside it
    assert names(table_rows(page), header) == sorted(["安澜县", "青石镇", "白水镇", "东岙村", "西岭村"])
    expect(page.locator("#object-table")).to_contain_text("共 5 条")

    # 级别 = 乡级: the two townships; the page's address keeps the filter (a bookmark or reload shows the same)
    filter_list(page, 级别="乡级")
    expect(page.locator("#object-table")).to_contain_text("共 2 条")
    assert re.search(r"[?&]level=4\b", page.url), page.url
    rows = table_rows(page)
    assert names(rows, header) == ["白水镇", "青石镇"]
    assert {r[header.index("级别")] for r in rows} == {"乡级"}
    screenshot("regions-filtered-leader")

    filename, sheet = download_xlsx(page)
    assert filename.endswith(".xlsx") and "行政区划" in filename, filename
    assert sheet[0] == header
    assert sheet[1:] == rows

    # narrow further with the search box: 青石 among the townships
    filter_list(page, 搜索="青石")
    expect(page.locator("#object-table")).to_contain_text("共 1 条")
    rows = table_rows(page)
    assert names(rows, header) == ["青石镇"]
    assert rows[0][header.index("区划代码")] == "331099101000"
    _filename, sheet = download_xlsx(page)
    assert sheet[1:] == rows

    # the export is in the security audit trail with the filters used
    from yingji.platform.audit.models import AuditEvent

    exports = list(AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).order_by("pk"))
    assert [e.detail["rows"] for e in exports] == [2, 1]
    assert exports[-1].detail["filters"].get("q") == "青石"
    assert not page.js_errors, page.js_errors


def test_township_officer_sees_only_his_township(live_server, page, login, screenshot):
    from yingji.platform.core.testing import build_world
    from yingji.supervision.enterprises.models import Enterprise

    world = build_world()
    r = world.regions
    for name, region in [("青石化工有限公司", r.township_a), ("东岙五金厂", r.village_a),
                         ("白水建材有限公司", r.township_b), ("邻县机械厂", r.other_township)]:
        world.sample(Enterprise, region, name=name)
    login(world.users.township_a)
    expect(page.locator(".yj-topbar")).to_contain_text("青石镇")

    open_from_navigation(page, "系统管理", "行政区划")
    header = table_header(page)
    assert names(table_rows(page), header) == ["东岙村", "青石镇"]
    # nothing of the neighbouring township or county anywhere on the page, the 上级区划 filter choices included
    # (安澜县 does appear: it is the 上级区划 of his township)
    main = page.locator("main")
    for elsewhere in ("白水镇", "西岭村", "邻县"):
        expect(main).not_to_contain_text(elsewhere)
    screenshot("regions-township")

    # searching for the neighbouring township finds nothing, rather than leaking it
    filter_list(page, 搜索="白水")
    expect(page.locator("#object-table")).to_contain_text("没有符合条件的记录")
    assert table_rows(page) == []

    # the export holds his own rows only
    filter_list(page, 搜索="")
    expect(page.locator("#object-table")).to_contain_text("共 2 条")
    _filename, sheet = download_xlsx(page)
    assert names(sheet[1:], sheet[0]) == ["东岙村", "青石镇"]

    # 单位: his own township office only
    open_from_navigation(page, "系统管理", "单位")
    expect(page.locator("#object-table")).to_contain_text("青石镇应急办")
    expect(page.locator("#object-table")).not_to_contain_text("白水镇应急办")
    expect(page.locator("#object-table")).not_to_contain_text("安澜县应急管理局")

    # 企业档案: the enterprises of his township and its villages, in the list and in the export
    open_from_navigation(page, "监督管理", "企业档案")
    header = table_header(page)
    assert names(table_rows(page), header, "企业名称") == ["东岙五金厂", "青石化工有限公司"]
    for elsewhere in ("白水建材有限公司", "邻县机械厂"):
        expect(page.locator("main")).not_to_contain_text(elsewhere)
    screenshot("enterprises-township")
    _filename, sheet = download_xlsx(page)
    assert names(sheet[1:], sheet[0], "企业名称") == ["东岙五金厂", "青石化工有限公司"]

    # typing another township's address gives 未找到, not the record
    response = page.goto(f"{live_server.url}{world.regions.township_b.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("未找到")
    expect(page.locator("main")).not_to_contain_text("白水镇")
    assert not page.js_errors, page.js_errors
