"""The guarantee: reminders fired by the sweeper from the deadline rows — many incidents over simulated days, with
the sweeper killed between claim and send, killed in the middle of sending, and down for hours, again and again:
0 missed, 0 duplicate reminders, every late duty flagged."""

import datetime
import random

from django.utils import timezone

from yingji.command.incidents import sweeps
from yingji.command.incidents.choices import Grade
from yingji.command.incidents.models import Incident, Reminder, ReportDeadline
from yingji.command.incidents.services import close_incident, file_report, receive_incident
from yingji.platform.core import sweeper
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

STEP = datetime.timedelta(minutes=15)


def test_killed_sweeper_misses_none_and_repeats_none(world):
    rnd = random.Random(11)
    # the sweeper's fate (kills, downtime) from a sequence of its own: the data's draws depend on how many deadlines
    # are open, which follows the clock (working days), and must not decide how often the process is killed
    fate = random.Random(12)
    henan = Region.objects.get(code="410000000000")
    city = Region.objects.create(code="411000000000", name="许昌市", level=Level.CITY, parent=henan)
    henan_county = Region.objects.create(code="411099000000", name="测试县", level=Level.COUNTY, parent=city)
    regions = [world.regions.township_a, world.regions.township_b, henan_county]
    start = (timezone.now() - datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(days=2)
    arrivals = sorted(start + datetime.timedelta(minutes=rnd.randrange(0, 36 * 60)) for _ in range(24))
    claim_runs = []  # the times step 1 (claim) completed
    sent_total = kills = downtime = 0
    incidents = []
    t = start
    while t <= end:
        while arrivals and arrivals[0] <= t:
            at = arrivals.pop(0)
            incidents.append(receive_incident(Incident(
                title=f"事件{len(incidents)}", category="accident", incident_type="accident.fire",
                occurred_at=at - datetime.timedelta(minutes=5), received_at=at, place="某地",
                region=rnd.choice(regions), grade=rnd.choice(list(Grade)), source="phone", reporter_name="李四"),
                actor=world.users.duty))
        # the duty officer reports some open duties, some in time, some late
        for d in ReportDeadline.objects.open().filter(cancelled=False).select_related("incident"):
            if rnd.random() < 0.08:
                file_report(d.incident, actor=world.users.duty, kind=d.kind, channel=d.channel,
                            recipient_level=d.recipient_level, reported_at=t)
        for incident in incidents:
            if incident.status == "open" and t - incident.received_at > datetime.timedelta(days=1) \
                    and rnd.random() < 0.02:
                close_incident(incident, actor=world.users.duty, summary="处置完毕", at=t)
                incident.status = "closed"
        roll = fate.random()
        if roll < 0.05:
            downtime += 1  # the process is down for this step and the next few
            t += STEP * fate.randint(1, 12)
            continue
        if roll < 0.25:
            kills += 1  # killed between claim and send
            sweeps.follow_ups(t)
            sweeps.claim(t)
            claim_runs.append(t)
        elif roll < 0.40:
            kills += 1  # killed in the middle of sending
            sweeps.follow_ups(t)
            sweeps.claim(t)
            claim_runs.append(t)
            sent_total += sweeps.send(t, stop_after=fate.randint(0, 2))
        else:
            result = sweeper.run_once(t, only=["incidents.deadlines"])
            assert result["incidents.deadlines"] >= 0
            sent_total += Reminder.objects.filter(sent_at=t).count()
            claim_runs.append(t)
        t += STEP
    # the sweeper comes back for good
    sweeps.claim(end + STEP)
    claim_runs.append(end + STEP)
    sent_total += sweeps.send(end + STEP)
    final = end + STEP

    assert kills > 30 and downtime > 3
    reminders = list(Reminder.objects.select_related("deadline"))
    assert reminders, "the simulation must produce reminders"
    # 0 duplicates: one row per (deadline, stage), each sent exactly once
    assert len({(r.deadline_id, r.stage) for r in reminders}) == len(reminders)
    assert all(r.sent_at is not None for r in reminders)
    assert sent_total == len(reminders)
    stages = {(r.deadline_id, r.stage) for r in reminders}
    missed = []
    for d in ReportDeadline.objects.filter(due_at__lte=final):
        if d.cancelled and d.due_at > (d.incident.closed_at or final):
            continue
        overdue = d.done_at is None or d.done_at > d.due_at
        # every duty still open at its due time: one 超时 reminder and the late flag; none for a duty done in time
        assert ((d.pk, 2) in stages) == (overdue and (d.done_at is None or any(
            d.due_at <= c < d.done_at for c in claim_runs))), d
        if overdue and (d.pk, 2) not in stages and d.done_at is None:
            missed.append(d)
        assert d.late == overdue, d
    assert missed == []
    # a 即将到期 reminder only ever before the due time and while the duty was open
    for d in (d for d in ReportDeadline.objects.all() if (d.pk, 1) in stages):
        first_soon = next(r for r in reminders if r.deadline_id == d.pk and r.stage == 1)
        assert first_soon.claimed_at < d.due_at and (d.done_at is None or first_soon.claimed_at < d.done_at)
    late = ReportDeadline.objects.filter(late=True).count()
    assert 0 < late < ReportDeadline.objects.count()
