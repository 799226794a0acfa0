"""Sample disaster information officers and training records for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import OfficerRole
from .models import DisasterInfoOfficer, TrainingRecord


@sample_factory(DisasterInfoOfficer)
def make_officer(world, region, **kw):
    kw.setdefault("name", "陈信息")
    kw.setdefault("phone", "13700001111")
    kw.setdefault("role", OfficerRole.A)
    kw.setdefault("organisation", f"{region.name}村委会")
    return DisasterInfoOfficer.objects.create(region=region, **kw)


@sample_factory(TrainingRecord)
def make_training(world, region, **kw):
    officer = kw.pop("officer", None) or make_officer(world, region)
    kw.setdefault("trained_on", timezone.localdate() - datetime.timedelta(days=30))
    kw.setdefault("course", "灾情统计报送业务培训")
    kw.setdefault("organiser", "县应急管理局")
    return TrainingRecord.objects.create(officer=officer, **kw)
