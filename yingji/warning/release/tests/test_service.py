"""start_release: the service other apps call; resolution is set-based, de-duplicated per person, idempotent."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.warning.release import services
from yingji.warning.release.choices import Duty, TargetState
from yingji.warning.release.models import Delivery, Group, Recipient, Release, Target


@pytest.fixture
def people(world):
    r = world.regions
    g = Group.objects.create(region=r.county, name="防汛责任人")
    a = Recipient.objects.create(name="甲", phone="13800000001", region=r.village_a, duty=Duty.VILLAGE_LEAD)
    b = Recipient.objects.create(name="乙", phone="13800000002", region=r.township_a, duty=Duty.TOWNSHIP_LEAD)
    dup = Recipient.objects.create(name="甲", phone="138 0000 0001", region=r.township_a, duty=Duty.GRID)
    c = Recipient.objects.create(name="丙", phone="0576-88881234", region=r.township_b, duty=Duty.VILLAGE_LEAD)
    c.recipient_groups.add(g)
    out = Recipient.objects.create(name="外", phone="13800000009", region=r.other_township)
    return {"group": g, "a": a, "b": b, "dup": dup, "c": c, "out": out}


def test_start_release_resolves_set_based_and_deduplicates(world, people, django_capture_on_commit_callbacks,
                                                            settings):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"  # nothing listens: sends stay queued
    with django_capture_on_commit_callbacks(execute=True):
        release = services.start_release(None, actor=world.users.admin, title="暴雨橙色预警", text="请防御",
                                         level="orange", regions=[world.regions.township_a],
                                         groups=[people["group"]], channels=["sms", "voice"])
    release.refresh_from_db()
    assert release.recipient_count == 3  # 甲 once (same phone twice), 乙, 丙 by group; not 外
    names = sorted(Target.objects.filter(release=release).values_list("recipient__name", flat=True))
    assert names == ["丙", "乙", "甲"]
    assert set(Target.objects.filter(release=release).values_list("state", flat=True)) == {TargetState.WAITING}
    # SMS only to mobiles (丙 has a landline), voice to all
    assert Delivery.objects.filter(release=release, channel="sms").count() == 2
    assert Delivery.objects.filter(release=release, channel="voice").count() == 3
    assert services.resolve_release(release.pk) == 3  # idempotent
    assert Delivery.objects.filter(release=release).count() == 5
    preview = services.preview([world.regions.township_a], [people["group"]])
    assert preview["total"] == 3
    assert dict(preview["townships"]) == {"青石镇": 2, world.regions.township_b.name: 1}


@pytest.mark.parametrize("kw,message", [
    ({"level": "purple"}, "预警级别"),
    ({"regions": [], "groups": []}, "请选择发送区域或接收分组"),
    ({"channels": ["pigeon"]}, "未知的发送渠道"),
    ({"text": " "}, "请填写发送内容"),
])
def test_bad_input_is_refused_in_chinese_and_writes_nothing(world, people, kw, message):
    args = {"title": "t", "text": "x", "level": "blue", "regions": [world.regions.county]}
    args.update(kw)
    with pytest.raises(ValidationError) as e:
        services.start_release(None, actor=world.users.admin, **args)
    assert message in " ".join(e.value.messages)
    assert not Release.objects.exists()


def test_voided_group_and_region_outside_scope_are_refused(world, people):
    from yingji.platform.core.services import void_record

    void_record(people["group"], actor=world.users.admin, reason="撤并")
    with pytest.raises(ValidationError, match="不存在或已作废"):
        services.start_release(None, actor=world.users.admin, title="t", text="x", level="blue", regions=[],
                               groups=[people["group"]])
    with pytest.raises(ValidationError, match="超出您的管辖范围"):
        services.start_release(None, actor=world.users.township_a, title="t", text="x", level="blue",
                               regions=[world.regions.township_b])
    assert not Release.objects.exists()


def test_release_figures_by_source(world, people, settings, django_capture_on_commit_callbacks):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    source = people["group"]  # any model instance can be the source
    with django_capture_on_commit_callbacks(execute=True):
        services.start_release(source, actor=world.users.admin, title="t", text="x", level="blue",
                               regions=[world.regions.county], channels=["sms"])
    [fig] = services.release_figures(source)
    assert fig["total"]["resolved"] == 3
    assert fig["total"]["confirm_required"] == 0
    assert {r["township"] for r in fig["townships"]} == {"青石镇", world.regions.township_b.name}


def test_postgresql_single_statement_resolves_like_the_portable_path(world, people, monkeypatch):
    """PostgreSQL resolves with one statement (DISTINCT ON, ids from the sequence); every other database with the
    portable INSERT … SELECTs. Both must choose the same people and queue the same messages."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the single-statement resolution is PostgreSQL's; the portable one runs in every other test")
    from yingji.platform.core.services import void_record

    r = world.regions
    Recipient.objects.create(name="广播", phone="05760000001", terminal="GB-001", region=r.village_a,
                             duty=Duty.BROADCAST)
    Recipient.objects.create(name="戊", phone="13800000005", email="wu@example.cn", user=world.users.township_a,
                             region=r.village_a, duty=Duty.GRID)
    Recipient.objects.create(name="戊", phone="13800000005", region=r.township_a, duty=Duty.MONITOR)  # same person
    gone = Recipient.objects.create(name="己", phone="13800000006", region=r.village_a)
    void_record(gone, actor=world.users.admin, reason="调离")

    at = timezone.now()

    def resolved(portable):
        monkeypatch.setattr(services, "_postgresql_path", lambda: not portable)
        release = services.start_release(None, actor=world.users.admin, title="台风红色预警", text="x", level="red",
                                         regions=[r.township_a], groups=[people["group"]],
                                         channels=["sms", "voice", "broadcast", "app", "email"])
        n = services.resolve_release(release.pk, now=at)
        targets = sorted(Target.objects.filter(release=release).values_list(
            "recipient_id", "region_id", "state", "step", "next_action_at", "confirmed_at", "escalated_at"))
        deliveries = sorted(Delivery.objects.filter(release=release).values_list(
            "recipient_id", "target__recipient_id", "channel", "round", "status", "attempts", "address"))
        return n, targets, deliveries

    fast, portable = resolved(portable=False), resolved(portable=True)
    assert fast[0] == portable[0] == 5  # 甲, 乙, 丙 (group), 戊 once, the terminal; not 己 (voided), not 外
    assert fast[1:] == portable[1:]
    channels = {(d[0], d[2]) for d in fast[2]}
    assert (people["a"].pk, "sms") in channels and (people["dup"].pk, "sms") not in channels
    assert {d[2] for d in fast[2]} == {"sms", "voice", "broadcast", "app", "email"}
