"""Sample warnings for tests and the permission matrix."""

import datetime

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import EventType, Level
from .models import Warning


@sample_factory(Warning)
def make_warning(world, region, **kw):
    areas = kw.pop("areas", None)
    now = timezone.now()
    kw.setdefault("event_type", EventType.RAINSTORM)
    kw.setdefault("level", Level.YELLOW)
    kw.setdefault("description", "预计未来6小时内本地将出现50毫米以上降雨。")
    kw.setdefault("onset", now + datetime.timedelta(hours=1))
    kw.setdefault("expires", now + datetime.timedelta(hours=12))
    w = Warning.objects.create(region=region, **kw)
    w.areas.set(areas if areas is not None else [region])
    return w
