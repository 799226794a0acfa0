"""Duty pages: 值班台, the roster and its wall poster, 换班 through the page, handover carrying items over, query
guards and scope."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from yingji.command.duty.models import DutyLog, DutyPost, Handover, RotationMember, Shift
from yingji.command.duty.services import generate, hand_over


def _roster(world):
    post = DutyPost.objects.create(region=world.regions.county, code="leader", phone="0576-81234567")
    for i, user in enumerate((world.users.leader, world.users.admin)):
        RotationMember.objects.create(post=post, user=user, position=i)
    day = timezone.localdate().replace(day=1)
    generate(post, timezone.now() + datetime.timedelta(days=3), actor=world.users.admin, start_day=day)
    return post


def test_duty_home_shows_who_is_on_duty(world, client_for):
    _roster(world)
    page = client_for(world.users.duty).get(reverse("duty:home")).content.decode()
    assert "带班领导" in page and ("leader" in page or "admin" in page)
    home = client_for(world.users.duty).get("/").content.decode()
    assert "今日值班" in home


def test_wall_poster_export(world, client_for):
    from openpyxl import load_workbook

    _roster(world)
    response = client_for(world.users.duty).get(reverse("duty:roster") + "?_export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "值班表" in ws["A1"].value and ws["C3"].value == "带班领导"
    names = " ".join(str(c.value) for row in ws.iter_rows(min_row=4) for c in row if c.value)
    assert "leader" in names and "****" in names  # phones masked for a user without personal-data permission


def test_swap_through_the_page_and_a_bad_month(world, client_for):
    post = _roster(world)
    a, b = Shift.objects.active().filter(post=post).order_by("start")[:2]
    client = client_for(world.users.duty)
    response = client.post(reverse("duty:shift_swap", args=[a.pk]), {"other": b.pk, "reason": "家中有事"})
    assert response.status_code == 302
    assert Shift.objects.active().get(post=post, start=a.start).person == b.person
    response = client.post(reverse("duty:shift_substitute", args=[b.pk]),
                           {"person": world.users.duty.pk, "start": "2000-01-01 00:00", "end": "2000-01-01 02:00",
                            "reason": "x"}, follow=True)
    assert "替班时段须在原班次之内" in response.content.decode()
    assert client.get(reverse("duty:roster") + "?month=2026-13").status_code == 200


def test_handover_carries_open_items(world):
    post = _roster(world)
    first = hand_over(post, actor=world.users.duty, new_items=["核实山体滑坡隐患", "催报灾情"])
    done = first.items.get(text="催报灾情")
    second = hand_over(post, actor=world.users.duty, done_ids=[done.pk])
    carried = second.items.get()
    assert carried.text == "核实山体滑坡隐患" and carried.carried_from.handover == first
    assert Handover.objects.count() == 2


def test_lists_do_not_grow_and_stay_in_scope(world, client_for, django_assert_max_num_queries):
    _roster(world)
    for _ in range(5):
        world.sample(DutyLog)
    foreign = world.sample(DutyLog, region=world.regions.other_county)
    client = client_for(world.users.admin)
    for name in ("duty:dutylog_list", "duty:shift_list", "duty:handover_list", "duty:dutypost_list",
                 "duty:dutychange_list"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200
    assert client.get(foreign.get_absolute_url()).status_code == 404
