"""Reading and writing .xlsx (and .csv) ledgers with openpyxl (write-only mode for exports: constant memory).

Exports write typed cells (docs/exports.md): dates and date-times as dates with a date format, integers and
amounts as numbers, booleans as 是/否, and text as text — never a live formula (a text beginning with =, +, -, @,
tab or CR is a text cell with Excel's quote prefix in .xlsx and begins with a single quote in .csv, per the OWASP
CSV-injection guidance), with the control characters XML cannot hold removed, so stored data never breaks an export.
"""

import csv
import datetime
import io
import math
import re
import unicodedata
import zipfile
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException


class SheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, empty, wrong header)."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.row = row


def write_xlsx(headers, rows, *, sheet_title=None, notes=None):
    """An .xlsx (bytes) with a bold, frozen header row and typed cells; `notes` adds a 说明 sheet of (title, text)."""
    buf = io.BytesIO()
    write_ledger(buf, headers, rows, sheet_title=sheet_title, notes=notes)
    return buf.getvalue()


# --- the export writer -------------------------------------------------------------------------------------------------
# Characters XML 1.0 cannot hold (openpyxl refuses them with IllegalCharacterError): dropped on write, so an export
# never fails on what is stored. Tab, LF and CR are legal.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# OWASP CSV injection: a cell beginning with one of these may be read as a formula by a spreadsheet
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32767  # Excel's limit of characters in a cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DECIMAL_FORMAT = "#,##0.00"
WIDTH_SAMPLE = 200  # rows read before the column widths are chosen


def clean_text(value):
    """Text as a cell may hold it: no XML-illegal control characters, at most 32,767 characters."""
    if ILLEGAL_XML.search(value):
        value = ILLEGAL_XML.sub("", value)
    return value[:MAX_CELL]


def safe_text(value):
    """Text for a CSV field: cleaned, and one that a spreadsheet could take for a formula (leading =, +, -, @, tab,
    CR) prefixed with a single quote, as the OWASP CSV-injection guidance says."""
    value = clean_text(value)
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def plain(value):
    """A value as a cell holds it: None, bool (是/否), number, naive local date/datetime, or text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return value
    return clean_text(str(value))


def display_width(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    first = text.split("\n", 1)[0][:80]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in first)


def sheet_name(title):
    name = re.sub(r"[\[\]:*?/\\]", "_", str(title or _("数据"))).strip("'")[:31]
    return name or str(_("数据"))


class _CellMaker:
    """Typed cells of a write-only sheet, made quickly.

    A row is written out as soon as it is appended, so each column keeps one styled cell per kind (date, datetime,
    decimal) and only its value changes from row to row. Text never becomes a formula: openpyxl turns a string that
    begins with "=" into one, so such text (and text beginning with +, -, @, tab or CR) is written as a text cell
    with Excel's quote prefix (shown as typed, kept as text when edited)."""

    def __init__(self, ws, ncols):
        self.ws = ws
        self.styled = [dict() for _n in range(ncols)]

    def _styled(self, col, kind):
        cell = self.styled[col].get(kind)
        if cell is None:
            cell = WriteOnlyCell(self.ws)
            cell.number_format = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "decimal": DECIMAL_FORMAT}[kind]
            self.styled[col][kind] = cell
        return cell

    def row(self, values):
        out = []
        for col, value in enumerate(values):
            value = plain(value)
            if value is None:
                out.append(None)
            elif isinstance(value, str):
                if value and value[0] in "=+-@\t\r":
                    cell = WriteOnlyCell(self.ws)
                    cell._value = value
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    out.append(cell)
                else:
                    out.append(value)
            elif isinstance(value, datetime.datetime):
                cell = self._styled(col, "datetime")
                cell._value = value
                cell.data_type = "d"
                out.append(cell)
            elif isinstance(value, datetime.date):
                cell = self._styled(col, "date")
                cell._value = value
                cell.data_type = "d"
                out.append(cell)
            elif isinstance(value, Decimal):
                cell = self._styled(col, "decimal")
                cell._value = value
                cell.data_type = "n"
                out.append(cell)
            else:
                out.append(value)
        return out


def write_ledger(target, headers, rows, *, sheet_title=None, notes=None, progress=None, every=1000):
    """Write an .xlsx ledger to `target` (a path or a binary file) in constant memory and return the row count.

    `rows` is an iterable of value lists (any Python values; see `plain`). The sheet has a bold, frozen header
    row, an autofilter over the data and column widths fitted to the header and the first rows; `notes` (a list of
    (title, text), or a callable rows -> that list, called after the last row) is a 说明 sheet. `progress(n)` is
    called every `every` rows (it may raise to stop the export)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name(sheet_title))
    ncols = len(headers)
    it = iter(rows)
    sample = []
    for row in it:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE:
            break
    for i, header in enumerate(headers):
        width = max([display_width(str(header))] + [display_width(plain(r[i])) for r in sample])
        ws.column_dimensions[get_column_letter(i + 1)].width = max(6, min(60, width + 2))
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=clean_text(str(h)))
        c.font = bold
        c.fill = fill
        header_cells.append(c)
    ws.append(header_cells)
    maker = _CellMaker(ws, ncols)
    n = 0
    for source in (sample, it):
        for row in source:
            ws.append(maker.row(row))
            n += 1
            if progress is not None and n % every == 0:
                progress(n)
    if ncols:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{n + 1}"
    if callable(notes):
        notes = notes(n)
    if notes:
        ns = wb.create_sheet(title=str(_("说明")))
        ns.column_dimensions["A"].width = 14
        ns.column_dimensions["B"].width = 80
        for line in notes:
            ns.append([clean_text(str(x)) for x in line])
    wb.save(target)
    if progress is not None:
        progress(n)
    return n


def write_csv(target, headers, rows, *, encoding="utf-8-sig", progress=None, every=1000):
    """A CSV ledger (text stream `target`): UTF-8 with BOM by default so Excel reads Chinese, or GB18030; dates as
    2026-11-27 (and local 2026-11-27 09:30), 是/否, formula-like text quoted per OWASP. Returns the row count."""
    writer = csv.writer(target)
    writer.writerow([safe_text(str(h)) for h in headers])
    n = 0
    for row in rows:
        out = []
        for value in row:
            value = plain(value)
            if value is None:
                out.append("")
            elif isinstance(value, str):
                out.append(safe_text(value))
            elif isinstance(value, datetime.datetime):
                out.append(value.strftime("%Y-%m-%d %H:%M"))
            elif isinstance(value, datetime.date):
                out.append(value.isoformat())
            else:
                out.append(value)
        writer.writerow(out)
        n += 1
        if progress is not None and n % every == 0:
            progress(n)
    if progress is not None:
        progress(n)
    return n


def read_rows(fileobj, filename):
    """(header, iterator of (row number, [values])) from an .xlsx or .csv upload; raises SheetError."""
    name = (filename or "").lower()
    if name.endswith(".csv"):
        return _read_csv(fileobj)
    if not name.endswith((".xlsx", ".xlsm")):
        raise SheetError(_("只支持 .xlsx 或 .csv 文件，收到的是：%(name)s") % {"name": filename})
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetError(_("文件不是有效的 Excel (.xlsx) 文件，请用模板填写后另存为 .xlsx"))
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = next(it, None)
    if header is None or not any(v not in (None, "") for v in header):
        raise SheetError(_("文件是空的：第 1 行应为表头"))

    width = len(header)

    def rows():
        number = 1
        try:
            for number, values in enumerate(it, start=2):
                if values is None or all(v in (None, "") for v in values):
                    continue
                values = list(values)
                if len(values) < width:  # a sheet without a <dimension> (write-only writers) leaves trailing blanks out
                    values += [None] * (width - len(values))
                yield number, values
        except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, SyntaxError) as e:
            # a damaged sheet (XML errors are SyntaxErrors) found while reading on
            raise SheetError(_("文件第 %(n)d 行之后已损坏，无法读取（%(e)s）") % {"n": number, "e": type(e).__name__},
                             row=number + 1)
        finally:
            wb.close()

    return [str(h).strip() if h is not None else "" for h in header], rows()


def _read_csv(fileobj):
    raw = fileobj.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("无法识别 CSV 文件的编码，请使用 UTF-8 或 GBK"))
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise SheetError(_("CSV 文件第 1 行无法读取：%(e)s") % {"e": e}, row=1)
    if not header or not any(h.strip() for h in header):
        raise SheetError(_("文件是空的：第 1 行应为表头"))

    def rows():
        try:
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                yield number, values
        except csv.Error as e:  # e.g. a cell longer than the csv module allows
            raise SheetError(_("CSV 文件第 %(n)d 行无法读取：%(e)s") % {"n": reader.line_num, "e": e},
                             row=reader.line_num)

    return [h.strip() for h in header], rows()


def count_rows(fileobj, filename):
    """Data rows of an upload without validating them (for the progress bar)."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        try:
            wb = load_workbook(fileobj, read_only=True)
            n = max((wb.worksheets[0].max_row or 1) - 1, 0)
            wb.close()
            return n
        except Exception:
            return 0
    return 0
