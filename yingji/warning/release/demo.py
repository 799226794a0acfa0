"""Demo data: the county's warning recipients (every township and village), groups, 包保对象, one finished red
release with confirmations and escalations, and one orange release in progress.

Deterministic (ctx.random). The source of the releases is a warning of the warnings app when its demo builder ran
before (looked up generically through the content types, no import of that app); otherwise they stand alone. The
deliveries' outcomes are written as the loopback gateway would have reported them, so the demo needs no gateway.
"""

import datetime

from django.apps import apps
from django.db import models
from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import ConfirmMethod, DeliveryStatus, Duty, EventKind, TargetState, WardKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许"
GIVEN = "建国秀英桂兰志强海燕玉梅春花永福金水德明美娟国平小红文华阿土根宝"


def _name(rnd):
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)


def _warning_source(level):
    """A warning of the warnings app of this level, if that app made any (generic: no import of it)."""
    try:
        config = apps.get_app_config("alerts")
    except LookupError:
        return None
    for model in config.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "headline" in names:
            qs = model._default_manager.all()
            if "level" in names:
                qs = qs.filter(level__in=[level, level.upper()]) or qs
            return qs.order_by("-pk").first()
    return None


@register(order=94)
def build_release(ctx):
    from . import services
    from .models import Delivery, Group, Recipient, Release, ReleaseEvent, Target, Ward

    rnd = ctx.random
    county = ctx.county
    if Group.objects.filter(region=county).exists():
        return
    admin = ctx.users.get("duty") or ctx.users.get("admin") if getattr(ctx, "users", None) else None
    flood = Group.objects.create(region=county, name="防汛防台责任人", description="县乡村三级防汛责任人")
    geo = Group.objects.create(region=county, name="地质灾害群测群防员")
    n = 0

    def phone():
        nonlocal n
        n += 1
        return f"13{rnd.randint(5, 9)}{5760000 + n:07d}{rnd.randint(0, 9)}"

    leads = []
    county_lead = Recipient.objects.create(name=_name(rnd), phone=phone(), duty=Duty.COUNTY_LEAD, region=county,
                                           position="县防指常务副指挥长")
    county_lead.recipient_groups.add(flood)
    for t in ctx.townships:
        lead = Recipient.objects.create(name=_name(rnd), phone=phone(), duty=Duty.TOWNSHIP_LEAD, region=t,
                                        position=f"{t.name}党委副书记", superior=county_lead)
        lead.recipient_groups.add(flood)
        leads.append(lead)
        Recipient.objects.create(name=f"{t.name}应急广播", phone=phone(), duty=Duty.BROADCAST, region=t,
                                 terminal=f"{t.code}01")
        villages = [v for v in ctx.villages if v.parent_id == t.pk]
        for v in villages:
            cadre = Recipient.objects.create(name=_name(rnd), phone=phone(), duty=Duty.VILLAGE_LEAD, region=v,
                                             position=f"{v.name}党支部书记", superior=lead)
            cadre.recipient_groups.add(flood)
            grid = Recipient.objects.create(name=_name(rnd), phone=phone(), duty=Duty.GRID, region=v, superior=cadre)
            if rnd.random() < 0.4:
                monitor = Recipient.objects.create(name=_name(rnd), phone=phone(), duty=Duty.MONITOR, region=v,
                                                   superior=cadre, position="地质灾害隐患点监测员")
                monitor.recipient_groups.add(geo)
            for _i in range(rnd.randint(1, 3)):
                Ward.objects.create(kind=rnd.choice(WardKind.values), name=_name(rnd), phone=phone(),
                                    address=f"{v.name}{rnd.randint(1, 120)}号", people=rnd.randint(1, 4),
                                    region=v, guardian=rnd.choice([cadre, grid]))
    if admin is None:
        return
    now = timezone.now()
    for level, title, age, finished in (("red", "山洪灾害红色预警", datetime.timedelta(days=3), True),
                                        ("orange", "暴雨橙色预警", datetime.timedelta(minutes=6), False)):
        source = _warning_source(level)
        release = services.start_release(
            source, actor=admin, title=title, level=level, regions=[county], groups=[flood],
            channels=["sms", "voice", "broadcast"],
            text=f"县气象台发布{title}，请各级责任人立即进岗到位，做好山塘水库、地质灾害隐患点巡查和人员转移准备。")
        start = now - age
        models.QuerySet(Release).filter(pk=release.pk).update(created_at=start)
        services.resolve_release(release.pk, now=start)
        targets = list(Target.objects.filter(release=release).select_related("recipient"))
        rows = Delivery.objects.filter(release=release, round=0)
        sent_at = start + datetime.timedelta(seconds=40)
        if finished:
            rows.update(status=DeliveryStatus.DELIVERED, sent_at=sent_at, delivered_at=sent_at, attempts=1)
        else:
            ids = list(rows.values_list("pk", flat=True))
            done = ids[: int(len(ids) * 0.8)]
            rows.filter(pk__in=done).update(status=DeliveryStatus.DELIVERED, sent_at=sent_at, delivered_at=sent_at,
                                            attempts=1)
        for t in targets:
            if t.state == TargetState.NOT_REQUIRED:
                continue
            roll = rnd.random()
            if finished:
                if roll < 0.85:
                    at = start + datetime.timedelta(seconds=rnd.randint(60, 170))
                    services.confirm_target(t, method=rnd.choice([ConfirmMethod.REPLY, ConfirmMethod.KEYPRESS]),
                                            at=at)
                else:
                    Target.objects.filter(pk=t.pk).update(step=5, next_action_at=None, state=TargetState.ESCALATED,
                                                          escalated_at=start + datetime.timedelta(minutes=8))
                    for step in range(1, 5):
                        Delivery.objects.create(release=release, target=t, recipient=t.recipient, channel="voice",
                                                round=step, status=DeliveryStatus.SENT, attempts=1,
                                                sent_at=start + datetime.timedelta(minutes=2 + step))
                    ReleaseEvent.objects.create(release=release, target=t, kind=EventKind.ESCALATED,
                                                at=start + datetime.timedelta(minutes=8),
                                                detail="未叫应，已通知上级责任人和值班员")
                    if roll < 0.95:
                        services.record_phone_confirmation(release, actor=admin, target_id=t.pk,
                                                           note="值班员电话联系，已在岗")
            elif roll < 0.5:
                services.confirm_target(t, method=ConfirmMethod.REPLY,
                                        at=start + datetime.timedelta(seconds=rnd.randint(60, 300)))
        if finished:
            models.QuerySet(Release).filter(pk=release.pk).update(status="finished",
                                                                  finished_at=start + datetime.timedelta(minutes=2))
