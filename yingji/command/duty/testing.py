"""Sample duty records for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import LogKind, Origin, PostCode
from .models import DutyChange, DutyLog, DutyPost, Handover, RotationMember, Shift


def _county(region):
    while region.level > 3 and region.parent_id:
        region = region.parent
    return region


@sample_factory(DutyPost)
def make_post(world, region, **kw):
    code = kw.pop("code", PostCode.OFFICER)
    post = DutyPost.objects.create(region=region, code=code, **kw)
    RotationMember.objects.create(post=post, user=world.users.duty, position=0)
    RotationMember.objects.create(post=post, user=world.users.leader, position=1)
    return post


@sample_factory(Shift)
def make_shift(world, region, **kw):
    post = kw.pop("post", None) or make_post(world, region)
    start = kw.pop("start", timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=2))
    change = DutyChange.objects.create(region=post.region, kind=Origin.ROTATION)
    return Shift.objects.create(post=post, start=start, end=start + datetime.timedelta(hours=24),
                                person=kw.pop("person", world.users.duty), made_by=change, **kw)


@sample_factory(DutyChange)
def make_change(world, region, **kw):
    return DutyChange.objects.create(region=region, kind=Origin.SWAP, reason="样例")


@sample_factory(Handover)
def make_handover(world, region, **kw):
    post = kw.pop("post", None) or make_post(world, region)
    return Handover.objects.create(post=post, handed_by=world.users.duty, summary="本班平稳")


@sample_factory(DutyLog)
def make_log(world, region, **kw):
    kw.setdefault("kind", LogKind.CALL_IN)
    kw.setdefault("content", "来电报告道路积水")
    return DutyLog.objects.create(region=region, **kw)


def random_changes(posts, people, n, rnd, actor, *, check=None, check_every=100):
    """Drive `n` random roster changes (swaps, partial substitutions, boundary adjustments that sometimes leave a
    gap or an overlap on purpose) through the services; a refused change must be a Chinese ValidationError (or the
    database's IntegrityError) that wrote nothing. Returns (done, refused). Used by the test and the benchmark."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from .services import Spec, change_shifts, substitute, swap

    done = refused = 0
    for i in range(n):
        post = rnd.choice(posts)
        shifts = list(Shift.objects.active().filter(post=post).order_by("start"))
        a = rnd.choice(shifts)
        op = rnd.random()
        before = Shift.objects.count(), DutyChange.objects.count()
        try:
            if op < 0.4:
                b = rnd.choice(list(Shift.objects.active().filter(post=rnd.choice(posts))))
                swap(a, b, actor=actor, reason="随机换班")
            elif op < 0.7:
                hours = int((a.end - a.start).total_seconds() // 3600)
                s = a.start + datetime.timedelta(hours=rnd.randint(-1, hours))
                e = s + datetime.timedelta(hours=rnd.randint(-1, hours))
                substitute(a, rnd.choice(people), start=s, end=e, actor=actor, reason="随机替班")
            else:
                idx = shifts.index(a)
                if idx + 1 >= len(shifts):
                    continue
                b = shifts[idx + 1]
                cut = a.start + datetime.timedelta(hours=rnd.randint(1, 30))
                b_start = cut + datetime.timedelta(hours=rnd.choice([0, 0, 0, 1, -1]))
                change_shifts(post, [a, b], [Spec(a.start, cut, a.person), Spec(b_start, b.end, b.person)],
                              actor=actor, kind=Origin.EDIT, reason="随机调整")
            done += 1
        except (ValidationError, IntegrityError) as e:
            refused += 1
            if isinstance(e, ValidationError):
                text = "".join(e.messages)
                assert any(w in text for w in ("无人值班", "重叠", "之内", "晚于", "同一人", "超出", "不同的班次")), text
            assert (Shift.objects.count(), DutyChange.objects.count()) == before, "a refused change wrote rows"
        if check is not None and i % check_every == 0:
            check()
    return done, refused
