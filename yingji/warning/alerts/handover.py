"""The handover of a published warning to the release machinery (yingji.warning.release), on commit of 发布/转发."""

import logging

log = logging.getLogger("yingji.alerts")


def hand_over(warning_pk, actor_pk):
    """Starts the release of the warning through the release app's generic service, if it has one."""
    try:
        from yingji.warning.release import services as release
    except ImportError:
        log.warning("release services not available: warning %s published without a release", warning_pk)
        return None
    start = getattr(release, "start_release", None)
    if start is None:
        log.warning("release.services.start_release missing: warning %s published without a release", warning_pk)
        return None
    from django.contrib.auth import get_user_model

    from .models import Warning

    warning = Warning.objects.select_related("region").get(pk=warning_pk)
    actor = get_user_model().objects.get(pk=actor_pk)
    return start(warning, actor=actor)
