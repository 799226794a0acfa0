"""Hand an incident over to another domain's record in one step (core/handoffs.py), keeping a generic reference."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from yingji.platform.core import handoffs
from yingji.platform.core.services import service

from .choices import EntryKind
from .models import Incident
from .services import record_event


def incident_data(incident):
    fields = ("title", "category", "incident_type", "occurred_at", "received_at", "place", "region_id",
              "longitude", "latitude", "deaths", "missing", "injuries", "trapped", "evacuated", "grade", "summary",
              "reporter_name", "reporter_unit")
    return {**{f: getattr(incident, f) for f in fields}, "url": incident.get_absolute_url()}


@service
def hand_off(incident, kind, *, actor):
    """Create the record of `kind` from the incident, store the reference and write the timeline — one transaction:
    a refusal of the provider (a Chinese ValidationError) writes nothing."""
    provider = handoffs.get(kind)
    if provider is None:
        raise ValidationError(_("不能识别的移交类型"))
    if not actor.has_perm(provider.permission):
        raise PermissionDenied
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.handoff_kind:
        raise ValidationError(_("该事件已移交建档：%(r)s") % {"r": incident.handoff_label})
    if provider.categories and incident.category not in provider.categories:
        raise ValidationError(_("%(c)s不能移交为%(k)s") % {"c": incident.get_category_display(),
                                                          "k": provider.label})
    created = provider.create(incident_data(incident), actor)
    incident.handoff_kind = kind
    incident.handoff_type = ContentType.objects.get_for_model(created)
    incident.handoff_id = created.pk
    incident.handoff_url = created.get_absolute_url()
    incident.handoff_label = f"{provider.label}：{created}"[:200]
    incident.save(update_fields=["handoff_kind", "handoff_type", "handoff_id", "handoff_url", "handoff_label",
                                 "updated_at"])
    record_event(incident, EntryKind.HANDOFF, _("移交建档：%(r)s") % {"r": incident.handoff_label}, actor=actor,
                 ref=created)
    return incident
