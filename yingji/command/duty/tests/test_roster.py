"""The roster's guarantee: no gap and no overlap per post, through thousands of random swaps, substitutions and
adjustments (valid and invalid); a refused change writes nothing; one function answers who is on duty."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.command.duty.models import DutyChange, DutyPost, RotationMember, Shift
from yingji.command.duty.services import Spec, change_shifts, generate, substitute, swap
from yingji.command.duty.testing import random_changes
from yingji.platform.core import oncall


@pytest.fixture
def roster(world):
    county = world.regions.county
    people = [world.users.duty, world.users.leader, world.users.admin, world.users.inspector,
              world.users.inspector2]
    posts = []
    for order, (code, hours) in enumerate((("leader", 24), ("officer", 12), ("technical", 8))):
        post = DutyPost.objects.create(region=county, code=code, order=order, shift_hours=hours)
        for i, person in enumerate(people):
            RotationMember.objects.create(post=post, user=person, position=i)
        posts.append(post)
    day = timezone.localdate() - datetime.timedelta(days=3)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))
    for post in posts:
        generate(post, start + datetime.timedelta(days=6), actor=world.users.admin, start_day=day)
    return posts, start, start + datetime.timedelta(days=6), people


def _assert_whole(post, start, end):
    shifts = list(Shift.objects.active().filter(post=post).order_by("start").values_list("start", "end"))
    assert shifts[0][0] == start and shifts[-1][1] >= end
    for (_s1, e1), (s2, _e2) in zip(shifts, shifts[1:]):
        assert e1 == s2, f"{post}: {e1} → {s2}"


def test_generated_roster_is_whole_and_round_robin(roster):
    posts, start, end, people = roster
    for post in posts:
        _assert_whole(post, start, end)
    leader = list(Shift.objects.active().filter(post=posts[0]).order_by("start")[:6].values_list("person", flat=True))
    assert leader == [p.pk for p in people] + [people[0].pk]


def test_random_changes_never_leave_a_gap_or_an_overlap(world, roster):
    """600 random swaps, substitutions and boundary adjustments here (bench/command_duty.py runs 5,000 with the
    same checks); after every refused one nothing was written, every 50 the whole roster is checked."""
    posts, start, end, people = roster
    done, refused = random_changes(posts, people, 600, random.Random(7), world.users.duty,
                                   check=lambda: [_assert_whole(p, start, end) for p in posts], check_every=50)
    for p in posts:
        _assert_whole(p, start, end)
    assert done > 250 and refused > 50
    # every moment of the roster: exactly one person per post, and on_duty says who
    t = start
    while t < end:
        answer = oncall.on_duty(t, region=world.regions.county)
        assert [d.post for d in answer] == ["leader", "officer", "technical"]
        t += datetime.timedelta(minutes=97)


def test_a_swap_is_linked_rows_never_a_silent_edit(world, roster):
    posts, start, end, people = roster
    a, b = Shift.objects.active().filter(post=posts[0]).order_by("start")[:2]
    first, second = swap(a, b, actor=world.users.duty, reason="家中有事")
    a.refresh_from_db()
    assert a.superseded_by == first and a.person == people[0]
    new = first.made.get()
    assert (new.start, new.end, new.person) == (a.start, a.end, b.person) and new.origin == "swap"


def test_a_change_that_leaves_a_gap_is_refused_in_chinese_and_writes_nothing(world, roster):
    posts, start, end, people = roster
    a, b = Shift.objects.active().filter(post=posts[0]).order_by("start")[:2]
    count = Shift.objects.count(), DutyChange.objects.count()
    with pytest.raises(ValidationError, match="无人值班"):
        change_shifts(posts[0], [a, b], [Spec(a.start, a.end - datetime.timedelta(hours=2), a.person),
                                         Spec(b.start, b.end, b.person)], actor=world.users.duty, kind="edit")
    with pytest.raises(ValidationError, match="未指定值班人员"):
        change_shifts(posts[0], [a], [Spec(a.start, a.end, None)], actor=world.users.duty, kind="edit")
    assert (Shift.objects.count(), DutyChange.objects.count()) == count


def test_the_database_refuses_two_active_shifts_of_a_post_at_the_same_start(world, roster):
    posts, start, end, people = roster
    a = Shift.objects.active().filter(post=posts[0]).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(post=a.post, start=a.start, end=a.end + datetime.timedelta(hours=1), person=a.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(post=a.post, start=a.end, end=a.start, person=a.person)


def test_a_partial_substitution_splits_the_shift(world, roster):
    posts, start, end, people = roster
    a = Shift.objects.active().filter(post=posts[0], start__gt=timezone.now()).order_by("start").first()
    substitute(a, world.users.auditor, start=a.start + datetime.timedelta(hours=2),
               end=a.start + datetime.timedelta(hours=6), actor=world.users.duty)
    at = a.start + datetime.timedelta(hours=3)
    assert [d.name for d in oncall.on_duty(at, region=world.regions.county, post="leader")] == ["auditor"]
    assert [d.name for d in oncall.on_duty(a.start, region=world.regions.county, post="leader")] == [
        a.person.username]
