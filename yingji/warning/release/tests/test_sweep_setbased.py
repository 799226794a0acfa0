"""The set-based 叫应 sweep does exactly what the row-by-row sweep it replaced did.

`reference_escalate` below is the previous implementation (one Python step per person: load the row, build its
deliveries and its event, group the state changes), kept here as the specification. A mixed population — people
confirmed, due for their first call, due for a redial, due for the 未叫应 report with and without a superior, not yet
due, past the end of their policy, not required to confirm, of a cancelled release, under two policies and two
issuing regions with different duty officers — is swept several times by each implementation from the same
starting point (a savepoint rolled back in between), with a confirmation between two sweeps; the targets, the
deliveries, the events, the counts returned and the releases whose sending job was queued must be the same.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import models, transaction
from django.utils.translation import gettext as _

from yingji.platform.core import oncall
from yingji.warning.release import services, sweeps, tasks
from yingji.warning.release.choices import (
    ROUND_DUTY,
    ROUND_SUPERIOR,
    Channel,
    ConfirmMethod,
    Duty,
    EventKind,
    ReleaseStatus,
    TargetState,
)
from yingji.warning.release.models import Delivery, EscalationPolicy, Recipient, Release, ReleaseEvent, Target

T0 = datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.UTC)
NOW = T0 + datetime.timedelta(minutes=10)


# --- the previous implementation, row by row -------------------------------------------------------------------

def _reference_messages(target, step, policy, now, duty_cache):
    action, _delay = services.schedule(policy, step)
    rows = []
    if action in ("call", "redial"):
        rows.append(Delivery(release_id=target.release_id, target_id=target.pk, recipient_id=target.recipient_id,
                             channel=Channel.VOICE, round=step, next_try_at=now, created_at=now))
    elif action == "escalate":
        sup = target.recipient.superior_id if policy.notify_superior else None
        if sup:
            rows.append(Delivery(release_id=target.release_id, target_id=target.pk, recipient_id=sup,
                                 channel=Channel.SMS, round=ROUND_SUPERIOR, next_try_at=now, created_at=now))
        if policy.notify_duty:
            region = target.release.region
            if region.pk not in duty_cache:
                duty_cache[region.pk] = oncall.on_duty(now, region=region)
            for i, person in enumerate(duty_cache[region.pk]):
                if person.phone:
                    rows.append(Delivery(release_id=target.release_id, target_id=target.pk, recipient=None,
                                         address=person.phone, channel=Channel.SMS, round=ROUND_DUTY + i,
                                         next_try_at=now, created_at=now))
    return action, rows


def reference_escalate(now, batch=7):
    total = 0
    while True:
        with transaction.atomic():
            ids = list(Target.objects.filter(next_action_at__isnull=False, next_action_at__lte=now,
                                             confirmed_at__isnull=True).order_by("next_action_at", "id")
                       .values_list("pk", flat=True)[:batch])
            if not ids:
                break
            targets = list(Target.objects.filter(pk__in=ids).select_related("release", "release__region",
                                                                              "recipient"))
            policies, duty_cache = {}, {}
            moves = {}
            deliveries, events, releases = [], [], set()
            for t in targets:
                if t.release.status == ReleaseStatus.CANCELLED:
                    moves.setdefault((t.step, None, t.state, False), []).append(t.pk)
                    continue
                key = (t.release.level, t.release.region_id)
                if key not in policies:
                    policies[key] = services.policy_for(t.release.level, t.release.region)
                policy = policies[key]
                step = t.step + 1
                action, rows = _reference_messages(t, step, policy, now, duty_cache)
                _next_action, delay = services.schedule(policy, step + 1)
                nxt = now + datetime.timedelta(seconds=delay) if delay is not None else None
                state = TargetState.ESCALATED if action == "escalate" else t.state
                moves.setdefault((step, nxt, state, action == "escalate"), []).append(t.pk)
                deliveries += rows
                if rows:
                    releases.add(t.release_id)
                if action in ("call", "redial"):
                    events.append(ReleaseEvent(release_id=t.release_id, target_id=t.pk, kind=EventKind.REDIAL, at=now,
                                               detail=_("第%(n)s次语音呼叫") % {"n": step}))
                elif action == "escalate":
                    events.append(ReleaseEvent(
                        release_id=t.release_id, target_id=t.pk, kind=EventKind.ESCALATED, at=now,
                        detail=_("未叫应，已通知上级责任人和值班员（%(n)s条）") % {"n": len(rows)}))
            for (step, nxt, state, escalated), pks in moves.items():
                fields = {"step": step, "next_action_at": nxt, "state": state}
                if escalated:
                    fields["escalated_at"] = now
                models.QuerySet(Target).filter(pk__in=pks, confirmed_at__isnull=True).update(**fields)
            Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            ReleaseEvent.objects.bulk_create(events)
            for pk in releases:
                transaction.on_commit(lambda pk=pk: tasks.send_release.enqueue(pk))
            total += len(targets)
        if len(ids) < batch:
            break
    return total


# --- the population ----------------------------------------------------------------------------------------------

@pytest.fixture
def rosters():
    """Two officers on duty for the county (the second without a phone: skipped, but his round number is used up),
    one for 白水镇."""
    previous = oncall._provider

    def provider(at, region, post):
        if region is not None and region.name == "白水镇":
            return [oncall.OnDuty(None, "镇值班员", "13911112222", "officer", "值班员", region.pk, at, at)]
        return [oncall.OnDuty(None, "县值班员", "13900001111", "officer", "值班员", 0, at, at),
                oncall.OnDuty(None, "带班领导", "", "leader", "带班领导", 0, at, at)]

    oncall.provide(provider)
    yield
    oncall._provider = previous


def _people(region, prefix, code, n, superior=None):
    """n people; every fourth has no superior."""
    return Recipient.objects.bulk_create([
        Recipient(name=f"{prefix}{i}", phone=f"13{code}{i:07d}", region=region, duty=Duty.VILLAGE_LEAD,
                  superior=superior if i % 4 else None) for i in range(n)])


def _set(release, names, **fields):
    models.QuerySet(Target).filter(release=release, recipient__name__in=names).update(**fields)


@pytest.fixture
def population(world, settings, rosters):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    r = world.regions
    boss = Recipient.objects.create(name="镇长", phone="13700000001", region=r.township_a, duty=Duty.TOWNSHIP_LEAD)
    _people(r.village_a, "甲", "81", 34, superior=boss)
    Recipient.objects.create(name="广播", phone="05760000001", terminal="GB-001", region=r.village_a,
                             duty=Duty.BROADCAST)
    red = services.start_release(None, actor=world.users.admin, title="山洪红色预警", text="请立即转移", level="red",
                                 regions=[r.village_a], channels=["sms"])
    services.resolve_release(red.pk, now=T0)
    due = T0 + datetime.timedelta(minutes=3)
    names = [f"甲{i}" for i in range(34)]
    _set(red, names[0:5], step=0, next_action_at=due)  # first call
    _set(red, names[5:10], step=1, next_action_at=due + datetime.timedelta(seconds=5))  # a redial
    _set(red, names[10:15], step=3, next_action_at=due)  # the last redial
    _set(red, names[15:22], step=4, next_action_at=due)  # the 未叫应 report (甲16…: some have a superior)
    _set(red, names[22:26], state=TargetState.CONFIRMED, confirmed_at=T0, confirm_method=ConfirmMethod.REPLY,
         next_action_at=None)
    _set(red, names[26:30], step=2, next_action_at=NOW + datetime.timedelta(minutes=1))  # not yet due
    _set(red, names[30:32], step=5, next_action_at=due, state=TargetState.ESCALATED)  # past the end of the policy
    _set(red, names[32:34], step=2, next_action_at=NOW)  # due exactly now

    # an orange release issued by 白水镇 under 白水镇's own shorter policy: one redial, then only its duty officer
    EscalationPolicy.objects.create(level="orange", region=r.township_b, redials=1, redial_window_minutes=2,
                                    first_call_minutes=1, notify_superior=False, legal_basis="白水镇叫应办法（测试）")
    lead = Recipient.objects.create(name="村支书", phone="13700000002", region=r.township_b, duty=Duty.TOWNSHIP_LEAD)
    _people(r.village_b, "乙", "82", 12, superior=lead)
    orange = services.start_release(None, actor=world.users.township_b, title="暴雨橙色预警", text="请防御",
                                    level="orange", regions=[r.village_b], channels=["sms", "voice"])
    services.resolve_release(orange.pk, now=T0)
    names = [f"乙{i}" for i in range(12)]
    _set(orange, names[4:8], step=1, next_action_at=due)
    _set(orange, names[8:12], step=2, next_action_at=due)

    # a cancelled release whose people were still due: they only lose their next action
    cancelled = services.start_release(None, actor=world.users.admin, title="已撤销", text="x", level="red",
                                       regions=[r.village_a], channels=["sms"])
    services.resolve_release(cancelled.pk, now=T0)
    models.QuerySet(Release).filter(pk=cancelled.pk).update(status=ReleaseStatus.CANCELLED)
    return {"red": red, "orange": orange, "cancelled": cancelled}


def _snapshot():
    targets = sorted((t.release_id, t.recipient.name, t.state, t.step, t.next_action_at, t.escalated_at,
                      t.confirmed_at) for t in Target.objects.select_related("recipient"))
    deliveries = sorted((d.release_id, d.target.recipient.name, d.channel, d.round, d.recipient_id, d.address,
                         d.status, d.next_try_at, d.created_at, d.error)
                        for d in Delivery.objects.select_related("target__recipient"))
    events = sorted((e.release_id, e.target.recipient.name if e.target_id else "", e.kind, e.detail, e.at,
                     e.delivery_id, e.actor_id) for e in ReleaseEvent.objects.select_related("target__recipient"))
    return targets, deliveries, events


def _run(escalate, capture, monkeypatch, red):
    """Sweep at four moments, with a confirmation after the first sweep; what each left behind."""
    queued = []
    monkeypatch.setattr(tasks, "send_release", SimpleNamespace(enqueue=queued.append))
    out = []
    sid = transaction.savepoint_create()
    for i, at in enumerate([NOW, NOW + datetime.timedelta(minutes=2), NOW + datetime.timedelta(minutes=4),
                            NOW + datetime.timedelta(minutes=30)]):
        if i == 1:
            confirmed = Target.objects.get(release=red, recipient__name="甲5")
            assert services.confirm_target(confirmed, method=ConfirmMethod.KEYPRESS, at=NOW)
        queued.clear()
        with capture(execute=True):
            n = escalate(at)
        out.append((n, sorted(set(queued)), _snapshot()))  # one job per release and batch: which, not how many
    transaction.savepoint_rollback(sid)
    return out


def test_set_based_sweep_gives_what_the_row_by_row_sweep_gave(population, django_capture_on_commit_callbacks,
                                                              monkeypatch):
    before = _snapshot()
    red = population["red"]
    expected = _run(reference_escalate, django_capture_on_commit_callbacks, monkeypatch, red)
    assert _snapshot() == before  # the savepoint put everything back
    monkeypatch.setattr(sweeps, "BATCH", 7)  # several batches, as the reference used
    got = _run(sweeps.escalate, django_capture_on_commit_callbacks, monkeypatch, red)

    # the population really is mixed: every kind of step happened in the first sweep
    n, queued, (targets, deliveries, events) = expected[0]
    rounds = {(d[2], d[3]) for d in deliveries}
    assert {("voice", 1), ("voice", 2), ("voice", 4), ("sms", ROUND_SUPERIOR), ("sms", ROUND_DUTY)} <= rounds
    assert ("sms", ROUND_DUTY + 1) not in rounds  # the officer without a phone
    assert {e[2] for e in events} >= {EventKind.REDIAL, EventKind.ESCALATED}
    assert set(queued) == {population["red"].pk, population["orange"].pk}
    assert n > 40

    for step, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert have[0] == want[0], f"sweep {step}: rows advanced"
        assert have[1] == want[1], f"sweep {step}: releases queued for sending"
        for part, name in enumerate(("targets", "deliveries", "events")):
            assert have[2][part] == want[2][part], f"sweep {step}: {name} differ"
    # nothing more for the person who confirmed between two sweeps (his call of the first sweep was cancelled),
    # nothing for the cancelled release, and the rest went to the end of their policy
    targets, deliveries, _events = got[-1][2]
    assert [(d[3], d[6]) for d in deliveries if d[:2] == (red.pk, "甲5") and d[3] > 0] == [(2, "cancelled")]
    cancelled = population["cancelled"].pk
    assert {(t[2], t[4]) for t in targets if t[0] == cancelled} == {(TargetState.WAITING, None),
                                                                     (TargetState.NOT_REQUIRED, None)}
    assert not [d for d in deliveries if d[0] == cancelled and d[3] > 0]
    assert {t[2] for t in targets if t[0] == population["orange"].pk} == {TargetState.ESCALATED}


def test_two_sweeps_at_the_same_moment_act_once(population, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = sweeps.escalate(NOW)
        again = sweeps.escalate(NOW)
    assert first > 0 and again == 0
    pairs = list(Delivery.objects.values_list("target_id", "channel", "round"))
    assert len(pairs) == len(set(pairs))
    per_target = ReleaseEvent.objects.filter(kind__in=[EventKind.REDIAL, EventKind.ESCALATED]).values(
        "target_id").annotate(n=models.Count("id"))
    assert {row["n"] for row in per_target} == {1}
