"""A hazard's region is denormalised from its enterprise (for the one-query scope filter): keep it in step."""

from django.db.models.signals import post_save


def follow_enterprise_region(sender, instance, created, **kwargs):
    if created or kwargs.get("raw"):
        return
    from .models import Hazard

    stale = Hazard.objects.filter(enterprise=instance).exclude(region_id=instance.region_id)
    if stale.exists():
        stale.update(region_id=instance.region_id)


def connect():
    from yingji.supervision.enterprises.models import Enterprise

    post_save.connect(follow_enterprise_region, sender=Enterprise, dispatch_uid="hazards_follow_enterprise_region")
