"""Demo data: warnings of the demo county in every state — past ones (expired, updated, cancelled) over the last two
years, and today's: a draft, one waiting for 审核, one for 签发, one signed, a received upstream message waiting for
转发, and a heavy-rain warning published through the real workflow (its release is started by the release app)."""

import datetime

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import EventType, Level, MsgType, Origin, WarningState

PAST = [  # (days ago, event, level, description)
    (400, EventType.TYPHOON, Level.ORANGE, "受台风影响，预计未来24小时本县沿海将出现10级以上大风和暴雨。"),
    (380, EventType.RAINSTORM, Level.YELLOW, "预计未来6小时内本县北部乡镇将出现50毫米以上降雨。"),
    (300, EventType.HEAT, Level.ORANGE, "预计未来3天最高气温将达37℃以上。"),
    (200, EventType.COLD_WAVE, Level.BLUE, "受强冷空气影响，未来48小时气温将下降8℃以上。"),
    (120, EventType.FOREST_FIRE, Level.YELLOW, "近期持续晴燥，森林火险等级高，请严管野外火源。"),
    (90, EventType.RAINSTORM, Level.ORANGE, "预计未来3小时内将出现50毫米以上强降雨，并伴有雷电大风。"),
    (60, EventType.GEOHAZARD, Level.YELLOW, "前期降雨较多，山区乡镇发生地质灾害的气象风险较高。"),
    (30, EventType.LIGHTNING, Level.YELLOW, "预计未来6小时内将发生雷电活动，可能造成雷电灾害。"),
]


def _issued(ctx, *, sent, event, level, description, state, msg_type=MsgType.ALERT, predecessor=None, note=""):
    from . import services
    from .models import Warning

    county = ctx.county
    code = services.sender_code_for(county)
    w = Warning(region=county, created_by=ctx.users.get("duty"), event_type=event, level=level,
                description=description, msg_type=msg_type, predecessor=predecessor, note=note,
                onset=sent + datetime.timedelta(hours=1), expires=sent + datetime.timedelta(hours=24),
                sender=code, sender_code=code, sender_name="安澜县应急管理局", sent=sent, effective=sent,
                identifier=f"{code}_{timezone.localtime(sent):%Y%m%d%H%M%S}_0", state=state,
                submitted_by=ctx.users.get("duty"), reviewed_by=ctx.users.get("leader"),
                signed_by=ctx.users.get("leader"), signed_at=sent, published_by=ctx.users.get("duty"))
    services.fill_defaults(w)
    w.headline = w.default_headline()
    if predecessor is not None:
        w.references = predecessor.identity()
    w.save()
    w.areas.set(ctx.townships[: 4 + len(description) % 6])
    return w


@register(order=92)
def build_warnings(ctx):
    from . import services
    from .models import Warning

    if Warning.objects.filter(region=ctx.county).exists():
        return
    duty, leader = ctx.users.get("duty"), ctx.users.get("leader")
    now = timezone.now().replace(microsecond=0)
    for days, event, level, text in PAST:
        sent = now - datetime.timedelta(days=days, hours=ctx.random.randint(1, 12))
        first = _issued(ctx, sent=sent, event=event, level=level, description=text, state=WarningState.EXPIRED)
        if days in (380, 90):  # raised, then lifted
            Warning.objects.filter(pk=first.pk).update(state=WarningState.SUPERSEDED)
            up = _issued(ctx, sent=sent + datetime.timedelta(hours=3), event=event, level=Level.RED,
                         description=text.replace("50毫米", "100毫米"), state=WarningState.CANCELLED,
                         msg_type=MsgType.UPDATE, predecessor=first)
            _issued(ctx, sent=sent + datetime.timedelta(hours=9), event=event, level=Level.RED,
                    description="降雨趋于结束，解除预警。", state=WarningState.PUBLISHED, msg_type=MsgType.CANCEL,
                    predecessor=up, note="降雨过程结束")
    # today's, one in each step of the workflow
    areas = list(ctx.townships[:6])

    def new(event, level, text, hours_ahead=3):
        w = Warning(region=ctx.county, created_by=duty, event_type=event, level=level, description=text,
                    onset=now + datetime.timedelta(hours=hours_ahead),
                    expires=now + datetime.timedelta(hours=hours_ahead + 24))
        services.fill_defaults(w)
        w.save()
        w.areas.set(areas)
        return w

    new(EventType.FOG, Level.YELLOW, "预计今晨本县沿江乡镇将出现能见度小于500米的浓雾。")
    w = new(EventType.GALE, Level.BLUE, "预计未来24小时内将出现6级以上大风。")
    services.submit_warning(w, actor=duty)
    w = new(EventType.HAIL, Level.ORANGE, "预计未来6小时内山区乡镇可能出现冰雹。")
    services.submit_warning(w, actor=duty)
    services.review_warning(w, actor=leader)
    w = new(EventType.FLASH_FLOOD, Level.YELLOW, "预计未来12小时内山洪危险区发生山洪的可能性较大。", 10)
    services.submit_warning(w, actor=duty)
    services.review_warning(w, actor=leader)
    services.sign_warning(w, actor=leader)
    w = new(EventType.RAINSTORM, Level.ORANGE, "预计5小时后本县北部将出现50毫米以上强降雨，局部100毫米以上。", 5)
    for step, actor in (("submit", duty), ("review", leader), ("sign", leader), ("publish", duty)):
        services.WORKFLOW.run(w, step, actor=actor)
    ctx.rain_warning = w
    from .cap import cap_time

    onset, expires = cap_time(now + datetime.timedelta(hours=8)), cap_time(now + datetime.timedelta(hours=30))
    upstream = f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>33100041600000_{timezone.localtime(now):%Y%m%d%H%M%S}_1</identifier>
<sender>33100041600000</sender><sent>{cap_time(now)}</sent><status>Actual</status><msgType>Alert</msgType>
<scope>Public</scope><info><language>zh-CN</language><category>Met</category><event>大风</event>
<urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
<eventCode><valueName>CN-NEWRS</valueName><value>11B06</value></eventCode><onset>{onset}</onset>
<expires>{expires}</expires><senderName>台州市气象台</senderName><headline>台州市气象台发布大风黄色预警</headline>
<description>预计未来24小时内沿海地区将出现8级以上大风。</description><area><areaDesc>台州市</areaDesc>
<geocode><valueName>GB/T 2260</valueName><value>331000</value></geocode></area></info></alert>"""
    services.receive_upstream(upstream.encode("utf-8"), actor=duty, region=ctx.county)
    assert Warning.objects.filter(region=ctx.county, origin=Origin.UPSTREAM).exists()
