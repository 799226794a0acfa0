"""Demo data: the county's duty desk — 带班领导, 值班员 and 技术值班 posts with rotations, last month's and this
month's roster generated from them, a few swaps and a substitution, handovers with items carried over, a duty log."""

import datetime

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import LogKind, PostCode


@register(order=80)
def build_duty(ctx):
    from .models import DutyLog, DutyPost, RotationMember, Shift
    from .services import generate as generate_roster
    from .services import hand_over, substitute, swap

    county = ctx.county
    if DutyPost.objects.filter(region=county).exists():
        return
    rnd = ctx.random
    users = list(getattr(ctx, "users", {}).values())
    if len(users) < 3:
        return
    admin = users[0]
    leaders = [u for u in users if u.groups.filter(role__code__in=["leader", "sysadmin"]).exists()] or users[:2]
    staff = [u for u in users if u.region_id == county.pk] or users
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month's first day
    until = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=35), datetime.time(8, 30)))
    posts = []
    for order, (code, hours, people) in enumerate(((PostCode.LEADER, 24, leaders), (PostCode.OFFICER, 24, staff),
                                                    (PostCode.TECHNICAL, 24, staff[::-1]))):
        post = DutyPost.objects.create(region=county, code=code, order=order, shift_hours=hours,
                                       phone="0576-8123" + str(4560 + order), created_by=admin)
        for i, user in enumerate(people[:7]):
            RotationMember.objects.create(post=post, user=user, position=i)
        generate_roster(post, until, actor=admin, start_day=first)
        posts.append(post)
    officer = posts[1]
    shifts = list(Shift.objects.active().filter(post=officer, start__gte=timezone.now()).order_by("start")[:10])
    if len(shifts) >= 4:
        try:
            swap(shifts[1], shifts[3], actor=admin, reason="家中有事，与同事换班")
        except Exception:  # noqa: BLE001 - the same person twice in a small demo rotation
            pass
        substitute(shifts[5], staff[-1], start=shifts[5].start + datetime.timedelta(hours=8),
                   end=shifts[5].start + datetime.timedelta(hours=12), actor=admin, reason="参加会议，临时替班")
    now = timezone.now()
    items = ["跟踪青石镇山体滑坡隐患点监测情况", "督促白水镇上报昨日暴雨灾情", "核实12345转办的液化气异味投诉"]
    for days in (3, 2, 1):
        hand_over(officer, actor=rnd.choice(staff), summary="本班值守正常，各类信息均已按要求处理",
                  new_items=[items[days - 1]], done_ids=(), at=now - datetime.timedelta(days=days))
    counterparts = ["市应急管理局总值班室", "县气象局", "青石镇应急办", "县消防救援大队", "12345热线"]
    for _n in range(20):
        DutyLog.objects.create(region=county, at=now - datetime.timedelta(hours=rnd.randint(1, 600)),
                               kind=rnd.choice([LogKind.CALL_IN, LogKind.CALL_OUT, LogKind.ACTION, LogKind.INSPECTION]),
                               counterpart=rnd.choice(counterparts), content="电话联系，了解雨情水情及人员转移情况",
                               handling="已报告带班领导，已记录", officer=rnd.choice(staff), created_by=admin)
