"""The handover to the release machinery (yingji.warning.release.services.start_release), on commit of 发布/转发 and
of the response domain's notices. start_release(source, *, actor, title, text, level, regions, groups=(),
channels=None, confirm=None) queues the release's own background job and returns at once; its channels and 叫应
follow the level (橙/红 must be confirmed). The people are those of the message's area regions (each a subtree) and of its 接收分组 (target groups), each
person once; a warning whose area is only polygons or circles goes to its issuing region's people (recipients have
no coordinates).
A failure of the handover never undoes the publication: it is logged, and the warning page shows no release."""

import logging

from .choices import MsgType

log = logging.getLogger("yingji.alerts")


def release_service():
    """The release app's generic `start_release`, or None while it has none."""
    try:
        from yingji.warning.release import services as release
    except ImportError:
        return None
    return getattr(release, "start_release", None)


def release_text(w):
    parts = [str(w), w.description.strip()]
    if w.instruction.strip() and w.msg_type != MsgType.CANCEL:
        parts.append("防御指南：" + "；".join(x.strip() for x in w.instruction.splitlines() if x.strip()))
    return "\n".join(p for p in parts if p)


def hand_over(warning_pk, actor_pk):
    """Starts the release of the published warning; returns the Release or None."""
    start = release_service()
    if start is None:
        log.warning("release.services.start_release missing: warning %s published without a release", warning_pk)
        return None
    from django.contrib.auth import get_user_model

    from .models import Warning

    w = Warning.objects.select_related("region").get(pk=warning_pk)
    actor = get_user_model().objects.get(pk=actor_pk)
    regions = w.area_regions() or [w.region]
    groups = list(w.target_groups.filter(voided_at__isnull=True))
    try:
        return start(w, actor=actor, title=str(w), text=release_text(w), level=w.level, regions=regions,
                     groups=groups, confirm=False if w.msg_type == MsgType.CANCEL else None)
    except Exception:
        log.exception("handover of warning %s to the release machinery failed", warning_pk)
        return None
