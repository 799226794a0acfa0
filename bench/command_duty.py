"""值班排班 under thousands of random changes (issue 11): 5,000 × --scale swaps, substitutions and boundary
adjustments (yingji/command/duty/testing.random_changes, the test's own driver) on a roster of three posts over 60
days, the whole roster checked for gaps and overlaps every 100 changes and at the end. A refused change must be a
Chinese error that wrote nothing (asserted inside the driver).

Figure: changes per second through the services (each a transaction: the superseded shifts marked, the new ones
inserted, a DutyChange row, the audit rows, the per-post lock), beside the naive silent edit a spreadsheet roster
is — a bare UPDATE of one shift's person — in the same run on the same database.
"""

import datetime
import random
import tempfile
from pathlib import Path

from _common import Figure, maybe_profile, migrate, setup_django, stopwatch

ORDER = 62
DESCRIPTION = "值班排班: thousands of random swaps/substitutions, no gap or overlap, vs a bare UPDATE of a shift"
SEED = 20261204


def run(args):
    tmp = Path(tempfile.mkdtemp(prefix="yingji-bench-duty-"))
    setup_django(YINGJI_DATA_DIR=tmp, YINGJI_MEDIA_ROOT=tmp / "media")
    try:
        yield from _measure(args)
    finally:
        from django.db import connections

        connections.close_all()
        for p in sorted(tmp.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        tmp.rmdir()


def _roster():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from yingji.command.duty.models import DutyPost, RotationMember
    from yingji.command.duty.services import generate
    from yingji.platform.accounts.models import Role, User
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    county = Region.objects.create(code="990101000000", name="基准县", level=Level.COUNTY)
    duty_group = Group.objects.get(pk=Role.objects.get(code="duty").group_id)
    people = []
    for i in range(8):
        u = User.objects.create(username=f"duty{i}", full_name=f"值班员{i}", region=county)
        u.groups.add(duty_group)
        people.append(u)
    day = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))
    end = start + datetime.timedelta(days=60)
    posts = []
    for order, (code, hours) in enumerate((("leader", 24), ("officer", 12), ("technical", 8))):
        post = DutyPost.objects.create(region=county, code=code, order=order, shift_hours=hours)
        for i, person in enumerate(people):
            RotationMember.objects.create(post=post, user=person, position=i)
        generate(post, end, actor=people[0], start_day=day)
        posts.append(post)
    return posts, people, start, end


def _whole(posts, start, end):
    from yingji.command.duty.models import Shift

    for post in posts:
        shifts = list(Shift.objects.active().filter(post=post).order_by("start").values_list("start", "end"))
        assert shifts[0][0] == start and shifts[-1][1] >= end, post
        for (_s1, e1), (s2, _e2) in zip(shifts, shifts[1:]):
            assert e1 == s2, f"{post}: gap or overlap {e1} → {s2}"


def _measure(args):
    from django.db import connection

    from yingji.command.duty.models import Shift
    from yingji.command.duty.testing import random_changes

    with stopwatch() as t:
        migrate()
    yield f"fresh SQLite migrated in {t['seconds']:.1f} s"
    posts, people, start, end = _roster()
    n = max(100, int(5000 * args.scale))
    checks = [0]

    def check():
        checks[0] += 1
        _whole(posts, start, end)

    with maybe_profile(getattr(args, "profile", False), "random roster changes"), stopwatch() as t:
        done, refused = random_changes(posts, people, n, random.Random(SEED), people[0], check=check,
                                       check_every=100)
    _whole(posts, start, end)
    ours = n / t["seconds"]
    ids = list(Shift.objects.active().values_list("pk", flat=True)[:500])
    rnd = random.Random(SEED)
    with stopwatch() as b, connection.cursor() as c:
        for _i in range(n):
            c.execute("UPDATE duty_shift SET person_id = %s WHERE id = %s", [rnd.choice(people).pk, rnd.choice(ids)])
    yield Figure("duty.random_changes", ours, n / b["seconds"], "chg/s", "bare UPDATE of a shift's person",
                 f"{n:,} changes ({done:,} done, {refused:,} refused in Chinese, nothing written), {checks[0] + 1} "
                 f"whole-roster checks: 0 gaps, 0 overlaps; {t['seconds']:.1f} s wall, {t['cpu']:.1f} s CPU")
