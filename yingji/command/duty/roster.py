"""The month's roster as a grid (days × posts), for the page and the wall-poster Excel (值班表)."""

import calendar
import datetime
import io
import re

from django.utils import timezone
from django.utils.dates import WEEKDAYS  # 星期一 … 星期日 in Chinese, Monday … Sunday in English
from django.utils.translation import gettext as _

from yingji.platform.core.privacy import mask_phone

from .models import DutyPost, Shift, person_name

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value):
    """Text as a cell may hold it (no XML-illegal control characters)."""
    return ILLEGAL.sub("", value)[:32767]


def sheet_name(title):
    return re.sub(r"[\[\]:*?/\\]", "_", str(title))[:31]


def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    return first, last, timezone.make_aware(datetime.datetime.combine(first, datetime.time()), tz), \
        timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time()), tz)


def month_grid(user, region, year, month):
    """(posts, rows): rows are (date, 星期, [[shift, …] per post]) of the shifts starting that day."""
    first, last, lo, hi = month_bounds(year, month)
    posts = list(DutyPost.objects.restrict(user, "view").filter(region=region, voided_at__isnull=True)
                 .order_by("order", "id"))
    shifts = (Shift.objects.restrict(user, "view").active().filter(post__in=posts, start__gte=lo, start__lt=hi)
              .select_related("person", "post").order_by("start"))
    by_day = {}
    for s in shifts:
        by_day.setdefault((timezone.localdate(s.start), s.post_id), []).append(s)
    rows = []
    day = first
    while day <= last:
        rows.append((day, str(WEEKDAYS[day.weekday()]),
                     [by_day.get((day, p.pk), []) for p in posts]))
        day += datetime.timedelta(days=1)
    return posts, rows


def cell_text(shifts, *, show_phone):
    parts = []
    for s in shifts:
        text = person_name(s.person)
        if s.post.shift_hours < 24:
            text += f"（{timezone.localtime(s.start):%H:%M}）"
        if s.person.phone:
            text += " " + (s.person.phone if show_phone else mask_phone(s.person.phone))
        parts.append(text)
    return "\n".join(parts)


def poster_xlsx(user, region, year, month, organisation=""):
    """The wall poster: title, duty phones, one row per day, one column per post; phones masked unless the user
    may see personal data (core.privacy)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    posts, rows = month_grid(user, region, year, month)
    show_phone = user.has_perm("accounts.view_personal_data")
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(_("%(y)d年%(m)d月值班表") % {"y": year, "m": month})
    width = 2 + len(posts)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    title = _("%(org)s%(y)d年%(m)d月份值班表") % {"org": organisation or region.name, "y": year, "m": month}
    ws.cell(row=1, column=1, value=clean_text(title)).font = Font(size=18, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).alignment = center
    phones = "　".join(f"{p.label}：{p.phone}" for p in posts if p.phone)
    handover = posts[0].handover_time.strftime("%H:%M") if posts else ""
    ws.cell(row=2, column=1, value=clean_text(_("值班电话：%(p)s　交接班时间：每日%(t)s") % {
        "p": phones or "—", "t": handover}))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(row=2, column=1).alignment = center
    header = [_("日期"), _("星期"), *[p.label for p in posts]]
    for col, text in enumerate(header, 1):
        c = ws.cell(row=3, column=col, value=str(text))
        c.font, c.alignment, c.border = Font(bold=True), center, border
    for r, (day, weekday, cells) in enumerate(rows, 4):
        values = [f"{day.month}月{day.day}日", weekday, *[cell_text(c, show_phone=show_phone) for c in cells]]
        for col, value in enumerate(values, 1):
            c = ws.cell(row=r, column=col, value=clean_text(value))
            c.alignment, c.border = center, border
            if day.weekday() >= 5:
                c.font = Font(bold=True)
    note_row = 4 + len(rows)
    ws.cell(row=note_row, column=1, value=clean_text(_(
        "注：1. 值班人员须24小时在岗在位，手机保持畅通；2. 换班、替班须经带班领导同意并在系统中登记；"
        "3. 遇突发事件立即报告带班领导，并按规定时限报送信息。")))
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    ws.cell(row=note_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[note_row].height = 36
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 10, 8
    for i in range(len(posts)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 22
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
