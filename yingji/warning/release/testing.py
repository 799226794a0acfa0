"""Sample records for tests and the permission matrix."""

import itertools

from yingji.platform.core.testing import sample_factory

from .choices import Duty, Level, WardKind
from .models import Group, Recipient, Release, Ward

_n = itertools.count(1)


@sample_factory(Group)
def make_group(world, region, **kw):
    kw.setdefault("name", f"防汛责任人{next(_n)}")
    return Group.objects.create(region=region, **kw)


@sample_factory(Recipient)
def make_recipient(world, region, **kw):
    kw.setdefault("name", "陈建国")
    kw.setdefault("phone", "13857600001")
    kw.setdefault("duty", Duty.VILLAGE_LEAD)
    return Recipient.objects.create(region=region, **kw)


@sample_factory(Ward)
def make_ward(world, region, **kw):
    guardian = kw.pop("guardian", None) or make_recipient(world, region, name="包保人", phone="13857600009",
                                                          duty=Duty.GUARDIAN)
    kw.setdefault("kind", WardKind.ELDERLY_ALONE)
    kw.setdefault("name", "王阿婆")
    kw.setdefault("address", "东岙村12号")
    return Ward.objects.create(region=region, guardian=guardian, **kw)


@sample_factory(Release)
def make_release(world, region, **kw):
    kw.setdefault("title", "暴雨橙色预警")
    kw.setdefault("text", "预计未来6小时将出现50毫米以上降雨，请做好防御。")
    kw.setdefault("level", Level.ORANGE)
    kw.setdefault("channels", ["sms"])
    return Release.objects.create(region=region, **kw)
