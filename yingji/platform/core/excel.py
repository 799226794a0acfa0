"""Reading and writing .xlsx (and .csv) ledgers with openpyxl."""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException


class SheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, empty, wrong header)."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.row = row


def write_xlsx(headers, rows, *, sheet_title=None, notes=None):
    """An .xlsx (bytes) with a bold header row; `notes` adds a 说明 sheet of (title, text) lines."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=(sheet_title or _("数据"))[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=str(h))
        c.font = bold
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell(v) for v in row])
    if notes:
        ns = wb.create_sheet(title=_("说明"))
        for line in notes:
            ns.append([str(x) for x in line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(value):
    if value is None:
        return None
    if isinstance(value, (int, float, datetime.date, datetime.datetime)):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return str(value)


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

    def rows():
        number = 1
        try:
            for number, values in enumerate(it, start=2):
                if values is None or all(v in (None, "") for v in values):
                    continue
                yield number, list(values)
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
