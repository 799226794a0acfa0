"""Sample training sessions and publicity activities for tests and the permission matrix."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from yingji.command.plans.testing import PNG
from yingji.platform.core.testing import sample_factory

from .choices import Audience, Campaign, Venue
from .models import PublicityActivity, TrainingSession


@sample_factory(TrainingSession)
def make_session(world, region, **kw):
    kw.setdefault("topic", "企业主要负责人安全生产知识培训")
    kw.setdefault("audience", Audience.PRINCIPAL)
    kw.setdefault("held_on", timezone.localdate() - datetime.timedelta(days=20))
    kw.setdefault("hours", Decimal("8"))
    kw.setdefault("trained", 40)
    kw.setdefault("organiser_name", "安澜县应急管理局")
    return TrainingSession.objects.create(region=region, **kw)


@sample_factory(PublicityActivity)
def make_activity(world, region, **kw):
    kw.setdefault("title", "安全生产月宣传咨询日")
    kw.setdefault("campaign", Campaign.SAFETY_MONTH)
    kw.setdefault("venue", Venue.COMMUNITY)
    kw.setdefault("held_on", timezone.localdate() - datetime.timedelta(days=10))
    kw.setdefault("organiser_name", f"{region.name}人民政府")
    kw.setdefault("reached", 500)
    kw.setdefault("materials", 300)
    kw.setdefault("photo", ContentFile(PNG, name="现场.png"))
    return PublicityActivity.objects.create(region=region, **kw)
