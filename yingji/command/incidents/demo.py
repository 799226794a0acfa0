"""Demo data: incidents of the last month in several states — open with reports due, reported on time, reported
late, closed with a summary and a 终报, one handed over to the accident register."""

import datetime

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import Grade

SAMPLES = [
    ("青石镇某化工企业储罐泄漏", "accident", "accident.work_safety", Grade.ORDINARY, 0, 2),
    ("S325省道两车相撞事故", "accident", "accident.traffic", Grade.ORDINARY, 1, 3),
    ("白水镇西岭村山体滑坡", "natural", "natural.geological", Grade.LARGER, 0, 0),
    ("城区居民楼火灾", "accident", "accident.fire", Grade.ORDINARY, 0, 1),
    ("暴雨致江口村农田受淹", "natural", "natural.flood", Grade.ORDINARY, 0, 0),
    ("某学校学生疑似食物中毒", "health", "health.food", Grade.ORDINARY, 0, 12),
    ("森林火情（已扑灭）", "natural", "natural.forest_fire", Grade.ORDINARY, 0, 0),
]


@register(order=81)
def build_incidents(ctx):
    from .models import Incident
    from .services import close_incident, file_report, give_task, receive_incident, record_event, set_response_level

    county = ctx.county
    if Incident.objects.filter(region__code__startswith=county.code[:6]).exists():
        return
    users = getattr(ctx, "users", {})
    duty = users.get("duty") or next(iter(users.values()), None)
    if duty is None:
        return
    rnd = ctx.random
    now = timezone.now()
    for i, (title, category, kind, grade, deaths, injuries) in enumerate(SAMPLES):
        received = now - datetime.timedelta(days=28 - i * 4, hours=rnd.randint(0, 10))
        township = rnd.choice(ctx.townships)
        incident = receive_incident(Incident(
            title=title, category=category, incident_type=kind, grade=grade, deaths=deaths, injuries=injuries,
            occurred_at=received - datetime.timedelta(minutes=rnd.randint(5, 40)), received_at=received,
            place=f"{township.name}", region=township, source=rnd.choice(["phone", "township", "hotline"]),
            reporter_name="村干部", reporter_unit=f"{township.name}应急办", summary=f"{title}，现场已开展处置。"),
            actor=duty)
        give_task(incident, actor=duty, unit=f"{township.name}人民政府", text="组织人员赶赴现场核实并处置")
        for d in list(incident.deadlines.filter(kind="first")):
            late = i % 3 == 1  # every third incident reported late
            at = d.due_at + datetime.timedelta(minutes=40) if late else received + (d.due_at - received) / 2
            if at < now:
                file_report(incident, actor=duty, kind=d.kind, channel=d.channel, recipient_level=d.recipient_level,
                            reported_at=at, recipient="市应急管理局总值班室")
        if grade <= Grade.LARGER:
            set_response_level(incident, actor=duty, level=4, note="县应急指挥部决定启动四级响应")
            record_event(incident, "decision", "转移受威胁群众35人至村文化礼堂安置点", actor=duty)
        if i < len(SAMPLES) - 2:  # the last two stay open
            close_incident(incident, actor=duty, summary="现场处置完毕，无次生灾害，转入善后",
                           at=received + datetime.timedelta(hours=20))
