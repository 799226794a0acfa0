"""节假日安排: the seeded notices, the working-day arithmetic, the pages (who may change), bad input, the import."""

import datetime
import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import imports
from yingji.platform.workdays import services, views
from yingji.platform.workdays.choices import DayKind
from yingji.platform.workdays.models import CalendarDay
from yingji.platform.workdays.services import Snapshot

D = datetime.date


# -- arithmetic, on a snapshot (no database) ------------------------------------------------------------------------

CAL = Snapshot({D(2026, 2, 14): DayKind.WORKDAY, **{D(2026, 2, 15) + datetime.timedelta(days=i): DayKind.HOLIDAY
                                                    for i in range(9)}, D(2026, 2, 28): DayKind.WORKDAY})


def test_a_holiday_is_not_a_working_day_and_an_adjusted_saturday_is():
    assert CAL.is_working_day(D(2026, 2, 14))  # Saturday, 调休上班
    assert not CAL.is_working_day(D(2026, 2, 16))  # Monday, 春节
    assert not CAL.is_working_day(D(2026, 2, 21))  # Saturday inside the holiday
    assert CAL.is_working_day(D(2026, 2, 24))
    assert not CAL.is_working_day(D(2026, 3, 7))  # an ordinary Saturday


def test_adding_and_counting_working_days():
    assert CAL.add(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert CAL.add(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert CAL.add(D(2026, 2, 18), 1) == D(2026, 2, 24)  # counted from a day off
    assert CAL.between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert CAL.between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert CAL.between(D(2026, 2, 16), D(2026, 2, 16)) == 0
    for n in range(0, 30):
        assert CAL.between(D(2026, 2, 10), CAL.add(D(2026, 2, 10), n)) == n


def test_years_without_days_are_named():
    assert CAL.missing_years(D(2025, 12, 30), D(2026, 1, 5)) == [2025]
    assert CAL.missing_years(D(2026, 1, 5), D(2025, 12, 30)) == [2025]
    assert CAL.missing_years(D(2026, 3, 1), D(2026, 3, 9)) == []
    # a year with no day falls back to Monday–Friday
    assert Snapshot({}).add(D(2027, 1, 1), 1) == D(2027, 1, 4)


# -- the seed -------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_2025_and_2026_notices_are_seeded():
    days = {d.date: d for d in CalendarDay.objects.all()}
    status = services.year_status([2025, 2026, 2027])
    assert status == {2025: (28, 5), 2026: (33, 6), 2027: (0, 0)}
    assert days[D(2025, 10, 8)].holiday == "国庆节、中秋节" and days[D(2025, 10, 8)].kind == DayKind.HOLIDAY
    assert "国办发明电〔2024〕12号" in days[D(2025, 10, 11)].basis
    assert "国办发明电〔2025〕7号" in days[D(2026, 2, 28)].basis
    worked = sorted(d for d, row in days.items() if row.kind == DayKind.WORKDAY)
    assert worked == [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
                      D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
                      D(2026, 10, 10)]
    assert all(d.weekday() >= 5 for d in worked)
    assert all(row.holiday and row.basis for row in days.values())
    assert services.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert services.add_working_days(D(2026, 9, 18), 1) == D(2026, 9, 20)  # Sunday 9/20 is worked


# -- pages ----------------------------------------------------------------------------------------------------------

def form_data(**kw):
    data = {"date": "2027-01-01", "kind": DayKind.HOLIDAY, "holiday": "元旦",
            "basis": "国务院办公厅关于2027年部分节假日安排的通知", "note": ""}
    data.update(kw)
    return data


@pytest.mark.django_db
def test_everyone_may_view_only_the_administrator_may_change(world, client_for):
    add = "/calendardays/add/"
    for user in (world.users.inspector, world.users.township_a, world.users.auditor, world.users.leader):
        assert client_for(user).get("/calendardays/").status_code == 200
        assert client_for(user).post(add, form_data()).status_code == 403
    assert client_for(world.users.nobody).get("/calendardays/").status_code == 403
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    response = client_for(world.users.admin).post(add, form_data())
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=D(2027, 1, 1))
    assert (day.kind, day.holiday, day.created_by) == (DayKind.HOLIDAY, "元旦", world.users.admin)
    assert ObjectChange.objects.filter(object_id=str(day.pk), action=ObjectChange.Action.CREATE).exists()
    # the other county's administrator edits the same nationwide calendar
    response = client_for(world.users.outsider).post(f"/calendardays/{day.pk}/edit/", form_data(note="已核对"))
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.note == "已核对"


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [
    (form_data(date="2026-10-01", holiday="国庆节"), "2026-10-01 已登记为"),
    (form_data(date="2027-01-06", kind=DayKind.WORKDAY, holiday="元旦"),
     "2027-01-06 是星期三，本来就是工作日，不能登记为调休上班"),
    (form_data(holiday=""), "放假日须填写节日名称"),
    (form_data(holiday="   "), "放假日须填写节日名称"),
    (form_data(basis=""), "该字段是必填项"),
    (form_data(date="2027-02-30"), "输入一个有效的日期"),
    (form_data(kind="other"), "选择一个有效的选项"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, client_for, data, message):
    before = CalendarDay.objects.count(), ObjectChange.objects.count()
    response = client_for(world.users.admin).post("/calendardays/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (CalendarDay.objects.count(), ObjectChange.objects.count()) == before


@pytest.mark.django_db
def test_a_voided_day_frees_its_date(world, client_for):
    admin = client_for(world.users.admin)
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert services.is_working_day(D(2026, 10, 10))
    assert admin.post(f"/calendardays/{day.pk}/void/", {"reason": "录入有误"}).status_code == 302
    assert not services.is_working_day(D(2026, 10, 10))  # an ordinary Saturday again
    response = admin.post("/calendardays/add/", form_data(date="2026-10-10", kind=DayKind.WORKDAY,
                                                          holiday="国庆节"))
    assert response.status_code == 302
    assert services.is_working_day(D(2026, 10, 10))
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).count() == 2


@pytest.mark.django_db
def test_the_page_warns_when_a_year_is_missing(world, client_for, monkeypatch):
    monkeypatch.setattr(views, "timezone", SimpleNamespace(localdate=lambda: D(2026, 11, 23)))
    page = client_for(world.users.inspector).get("/calendardays/").content.decode()
    assert "2027年的节假日安排尚未录入" in page
    assert "2026年：放假 33 天，调休上班 6 天" in page
    assert "2025年：放假 28 天，调休上班 5 天" in page
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, holiday="元旦", basis="通知")
    page = client_for(world.users.inspector).get("/calendardays/").content.decode()
    assert "2027年的节假日安排尚未录入" not in page


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users.admin)
    client.get("/calendardays/")
    with django_assert_max_num_queries(12):
        assert client.get("/calendardays/?per_page=200").status_code == 200


# -- import ---------------------------------------------------------------------------------------------------------

HEADER = ["日期", "类型", "节日", "依据", "备注"]
BASIS = "国务院办公厅关于2027年部分节假日安排的通知"


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows):
    return ("\r\n".join(",".join(r) for r in [HEADER, *rows]) + "\r\n").encode("utf-8-sig")


def run(content, name, user):
    return imports.run(imports.get("calendardays"), io.BytesIO(content), name, user)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_year_is_imported(world, kind):
    rows = [("2027-01-01", "放假", "元旦", BASIS, ""), ("2027-01-02", "放假", "元旦", BASIS, ""),
            ("2027-01-03", "放假", "元旦", BASIS, ""), ("2027-02-20", "调休上班", "春节", BASIS, "")]
    content = xlsx([(D.fromisoformat(r[0]), *r[1:]) for r in rows]) if kind == "xlsx" else csv_bytes(rows)
    result = run(content, f"2027.{kind}", world.users.admin)
    assert result.ok, result.errors
    assert result.created == 4
    assert services.year_status([2027]) == {2027: (3, 1)}
    assert services.is_working_day(D(2027, 2, 20))
    assert ObjectChange.objects.filter(content_type__model="calendarday").count() >= 4


@pytest.mark.django_db
def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(world):
    rows = [("2027-01-01", "放假", "元旦", BASIS, ""),
            ("2027-01-01", "放假", "元旦", BASIS, ""),  # twice in the file
            ("2026-10-01", "放假", "国庆节", BASIS, ""),  # already in the calendar
            ("2027-01-06", "调休上班", "元旦", BASIS, ""),  # a Wednesday
            ("2027-01-07", "放假", "", BASIS, ""),  # no name
            ("2027-01-08", "休假", "元旦", BASIS, ""),  # unknown kind
            ("2027-13-01", "放假", "元旦", BASIS, "")]
    before = CalendarDay.objects.count()
    result = run(csv_bytes(rows), "bad.csv", world.users.admin)
    assert not result.ok
    messages = {(row, msg) for row, _col, msg in result.errors}
    assert (3, "与第 2 行重复") in messages
    assert any(row == 4 and "2026-10-01 已登记为" in msg for row, msg in messages)
    assert any(row == 5 and "不能登记为调休上班" in msg for row, msg in messages)
    assert (6, "放假日须填写节日名称（如：春节）") in messages
    assert any(row == 7 and "“休假”不是可选值（可选：放假、调休上班）" in msg for row, msg in messages)
    assert any(row == 8 and "“日期”的日期格式应为 YYYY-MM-DD" in msg for row, msg in messages)
    assert CalendarDay.objects.count() == before


@pytest.mark.django_db
def test_only_the_administrator_may_import(world, client_for):
    assert client_for(world.users.inspector).get("/imports/calendardays/").status_code == 403
    assert client_for(world.users.admin).get("/imports/calendardays/").status_code == 200
    assert client_for(world.users.admin).get("/imports/calendardays/template.xlsx").status_code == 200
