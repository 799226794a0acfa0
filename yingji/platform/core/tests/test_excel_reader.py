"""The fast .xlsx reader (python-calamine) reads what openpyxl reads, or leaves the file to openpyxl
(yingji/platform/core/excel.py, _read_with_calamine)."""

import datetime
import io
import re
import zipfile
from unittest import mock

import pytest
from openpyxl import Workbook

from yingji.platform.core import excel


def _xlsx(rows, formats=()):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cell, fmt in formats:
        ws[cell].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read(data, reader=None):
    if reader == "openpyxl":
        with mock.patch.object(excel, "_read_with_calamine", lambda f: None):
            return _read(data)
    header, rows = excel.read_rows(io.BytesIO(data), "t.xlsx")
    return header, list(rows)


def _fast(data):
    return excel._read_with_calamine(io.BytesIO(data)) is not None


def test_calamine_reads_every_kind_of_cell_as_openpyxl_does():
    when = datetime.datetime(2025, 5, 6, 7, 8, 9)
    data = _xlsx([
        ["名称", "数量", " 备注 ", None, "电话"],
        [1, 1.5, " 两端有空格 ", None, 13800000000],
        [datetime.date(2026, 1, 31), datetime.datetime(2026, 1, 31, 12, 30, 15, 123000), datetime.time(12, 30)],
        [True, False, 0.1 + 0.2, -0.0, "=1+2"],
        [None, None],  # an empty row: skipped, the row numbers stay the sheet's
        ["全角　文字", 0, -7, 123456789012345],
        [when, when, when, 3.25, 3.25, when],
    ], formats=[("A7", "yyyy/m/d;@"), ("B7", 'yyyy"年"m"月"d"日"'), ("C7", "yyyy-mm-dd hh:mm:ss"),
                ("D7", "0.00"), ("E7", "@"), ("F7", "[$-804]yyyy/mm/dd")])
    assert _fast(data)
    fast, slow = _read(data), _read(data, "openpyxl")
    assert fast == slow
    assert [n for n, _v in fast[1]] == [2, 3, 4, 6, 7]


@pytest.mark.parametrize("case", ["error cell", "huge number", "duration", "before March 1900", "1904 dates",
                                  "East-Asian built-in date format", "a format with a colour"])
def test_a_file_calamine_could_read_otherwise_is_read_by_openpyxl(case):
    rows = [["代码"], ["a"], [{
        "error cell": "#N/A", "huge number": 2 ** 60, "duration": datetime.timedelta(hours=30),
        "before March 1900": datetime.datetime(1900, 1, 5), "1904 dates": 12.5,
        "East-Asian built-in date format": 46053, "a format with a colour": 46053}[case]]]
    formats = [("A3", "yyyy/mm/dd")] if case in ("1904 dates", "East-Asian built-in date format") else []
    if case == "a format with a colour":
        formats = [("A3", "[Red]yyyy/mm/dd")]
    data = _xlsx(rows, formats)
    if case in ("1904 dates", "East-Asian built-in date format"):
        data = _rewrite(data, case)
    assert not _fast(data)
    assert _read(data) == _read(data, "openpyxl")
    if case == "error cell":
        assert _read(data)[1][-1] == (3, ["#N/A"])  # the text, which the row's validation then refuses
    if case == "East-Asian built-in date format":
        assert _read(data)[1][-1] == (3, [46053])  # openpyxl knows no format 31: a number, as before


def _rewrite(data, case):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            part = src.read(name)
            if case == "1904 dates" and name == "xl/workbook.xml":
                part = part.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')
            if case == "East-Asian built-in date format" and name == "xl/styles.xml":
                part = re.sub(rb'(<xf numFmtId=")16[4-9]', rb"\g<1>31", part)  # yyyy"年"m"月"d"日" in zh-CN
            dst.writestr(name, part)
    return out.getvalue()


def test_an_empty_or_damaged_file_gives_the_same_chinese_error():
    empty = _xlsx([])
    with pytest.raises(excel.SheetError, match="文件是空的"):
        _read(empty)
    with pytest.raises(excel.SheetError, match="不是有效的 Excel"):
        _read(b"PK\x03\x04 not really a zip")
