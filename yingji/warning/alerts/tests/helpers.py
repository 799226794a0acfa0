import datetime

from django.utils import timezone

from yingji.warning.alerts import services
from yingji.warning.alerts.models import Warning


def draft(world, *, by=None, region=None, **kw):
    """A complete draft by the duty officer (in county A's township A1 by default)."""
    by = by or world.users.duty
    region = region or world.regions.county
    w = world.sample(Warning, region, created_by=by, areas=kw.pop("areas", [world.regions.township_a]), **kw)
    services.fill_defaults(w)
    w.save()
    return w


def published(world, **kw):
    w = draft(world, **kw)
    services.submit_warning(w, actor=world.users.duty)
    services.review_warning(w, actor=world.users.leader)
    services.sign_warning(w, actor=world.users.leader)
    services.publish_warning(w, actor=world.users.duty)
    return w


def publish_followup(world, original, msg_type, note=""):
    new = services.draft_followup(original, actor=world.users.duty, msg_type=msg_type, note=note or "雨势减弱")
    services.submit_warning(new, actor=world.users.duty)
    services.review_warning(new, actor=world.users.leader)
    services.sign_warning(new, actor=world.users.leader)
    services.publish_warning(new, actor=world.users.duty)
    return new


def hours(n):
    return timezone.now() + datetime.timedelta(hours=n)
