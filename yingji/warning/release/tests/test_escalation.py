"""叫应 and escalation: state in the database, advanced by the sweeper at chosen times."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.core import oncall, sweeper
from yingji.warning.release import delivery, services
from yingji.warning.release.choices import ROUND_DUTY, ROUND_SUPERIOR, ConfirmMethod, Duty, TargetState
from yingji.warning.release.models import Delivery, Recipient, Release, ReleaseEvent, Target

T0 = timezone.make_aware(datetime.datetime(2026, 7, 1, 8, 0))


@pytest.fixture
def duty_roster():
    previous = oncall._provider
    oncall.provide(lambda at, region, post: [oncall.OnDuty(None, "值班员老周", "13900001111", "officer", "值班员",
                                                           region.pk if region else 0, at, at)])
    yield
    oncall._provider = previous


def _release(world, n, level="red"):
    boss = Recipient.objects.create(name="镇长", phone="13700000001", region=world.regions.township_a,
                                    duty=Duty.TOWNSHIP_LEAD)
    Recipient.objects.bulk_create([Recipient(name=f"村干部{i}", phone=f"138{i:08d}", region=world.regions.village_a,
                                             duty=Duty.VILLAGE_LEAD, superior=boss) for i in range(n)])
    release = services.start_release(None, actor=world.users.admin, title="山洪红色预警", text="请立即转移",
                                     level=level, regions=[world.regions.village_a], channels=["sms"])
    services.resolve_release(release.pk, now=T0)
    return Release.objects.get(pk=release.pk)


def _sweep(now):
    return sweeper.run_once(now, only=["release.escalate"])["release.escalate"]


def test_confirmations_at_random_moments_stop_every_further_attempt(world, settings, duty_roster):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    release = _release(world, 60)
    targets = list(Target.objects.filter(release=release))
    assert all(t.state == TargetState.WAITING for t in targets)
    rnd = random.Random(2026)
    confirm_at = {t.pk: T0 + datetime.timedelta(seconds=rnd.randint(0, 600)) for t in targets[:45]}
    now = T0
    while now <= T0 + datetime.timedelta(minutes=12):
        for pk, at in confirm_at.items():
            if now - datetime.timedelta(seconds=10) < at <= now:
                assert services.confirm_target(Target.objects.get(pk=pk), method=ConfirmMethod.REPLY, at=at)
        _sweep(now)
        now += datetime.timedelta(seconds=10)
    for pk, at in confirm_at.items():
        t = Target.objects.get(pk=pk)
        assert t.state == TargetState.CONFIRMED and t.next_action_at is None
        late = Delivery.objects.filter(target_id=pk, round__gt=0, created_at__gt=at)
        assert not late.exists(), "nothing created after the confirmation"
        assert not Delivery.objects.filter(target_id=pk, round__gt=0, status="queued").exists()
    # a confirmed person's 叫应 rows are never claimed again (even those created before the confirmation)
    claimed = dict(delivery.claim("voice", 10_000, "t", now=now))
    assert not Delivery.objects.filter(pk__in=claimed, target_id__in=list(confirm_at)).exists()
    # the others: 1 call + 3 redials, then the 未叫应 notice to the superior and the duty officer
    for t in Target.objects.filter(release=release).exclude(pk__in=list(confirm_at)):
        assert t.state == TargetState.ESCALATED
        rounds = sorted(Delivery.objects.filter(target=t).values_list("round", flat=True))
        assert rounds == [0, 1, 2, 3, 4, ROUND_SUPERIOR, ROUND_DUTY]
    escalated = Target.objects.filter(release=release, escalated_at__isnull=False)
    assert escalated.count() >= 15  # the 15 who never confirmed, and those who confirmed only after the report
    assert ReleaseEvent.objects.filter(release=release, kind="escalated").count() == escalated.count()
    duty = Delivery.objects.filter(release=release, round=ROUND_DUTY).first()
    assert duty.address == "13900001111" and duty.recipient_id is None


def test_restarted_sweeper_fires_next_step_on_time(world, settings, duty_roster):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    release = _release(world, 3)
    t = Target.objects.filter(release=release).first()
    assert t.next_action_at == T0 + datetime.timedelta(minutes=3)
    assert _sweep(T0 + datetime.timedelta(minutes=2, seconds=59)) == 0  # not yet
    assert _sweep(T0 + datetime.timedelta(minutes=3)) == 3  # the first call, on time
    t.refresh_from_db()
    assert t.step == 1
    step2 = t.next_action_at
    assert step2 == T0 + datetime.timedelta(minutes=3, seconds=100)  # 3 redials spread over 5 minutes
    # the sweeper process dies here; a new one knows only the database: it fires at step2, not before, once
    # (nothing of the sweep lives in memory: reloading its module gives fresh functions with no state at all)
    import importlib

    from yingji.warning.release import sweeps

    importlib.reload(sweeps)
    assert _sweep(step2 - datetime.timedelta(seconds=1)) == 0
    assert _sweep(step2) == 3
    assert _sweep(step2) == 0  # run twice at the same moment: nothing twice
    assert Delivery.objects.filter(target=t, round=2).count() == 1


def test_reply_on_someone_elses_delivery_is_refused(world, settings, duty_roster):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    release = _release(world, 1)
    t = Target.objects.get(release=release)
    now = T0
    for _ in range(8):
        now += datetime.timedelta(minutes=2)
        _sweep(now)
    notice = Delivery.objects.get(target=t, round=ROUND_SUPERIOR)
    with pytest.raises(ValidationError, match="不能为他人的发送记录确认叫应"):
        services.confirm_by_delivery(notice.pk, method=ConfirmMethod.REPLY)
    t.refresh_from_db()
    assert t.confirmed_at is None
    own = Delivery.objects.get(target=t, round=0)
    assert services.confirm_by_delivery(own.pk, method=ConfirmMethod.REPLY, value="1")
    assert not services.confirm_by_delivery(own.pk, method=ConfirmMethod.REPLY, value="1")  # once
    t.refresh_from_db()
    assert t.state == TargetState.CONFIRMED


def test_phone_record_and_redial_need_a_person_of_this_release(world, settings):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    release = _release(world, 2)
    other = _release(world, 1)
    foreign = Target.objects.filter(release=other).first()
    with pytest.raises(ValidationError, match="不在本次发布的名单中"):
        services.record_phone_confirmation(release, actor=world.users.duty, target_id=foreign.pk, note="通话")
    t = Target.objects.filter(release=release).first()
    with pytest.raises(ValidationError):
        services.record_phone_confirmation(release, actor=world.users.duty, target_id=t.pk, note="")
    d = services.redial(release, actor=world.users.duty, target_id=t.pk)
    assert d.round == services.MANUAL_REDIAL_FIRST and d.channel == "voice"
    assert services.record_phone_confirmation(release, actor=world.users.duty, target_id=t.pk, note="08:10 通话确认")
    with pytest.raises(ValidationError, match="已叫应"):
        services.redial(release, actor=world.users.duty, target_id=t.pk)


def test_blue_release_needs_no_confirmation(world, settings):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    release = _release(world, 2, level="blue")
    assert not release.confirm_required
    assert set(Target.objects.filter(release=release).values_list("state", flat=True)) == {TargetState.NOT_REQUIRED}
    assert _sweep(T0 + datetime.timedelta(hours=1)) == 0
