"""The natural-disaster event created in one step from an incident received by the duty desk (core/handoffs.py)."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import handoffs
from yingji.platform.regions.models import Region

from .choices import DisasterType
from .models import DisasterEvent

# the incident type (command domain's code, a plain string here) -> the disaster type, where clear
_BY_TYPE = {
    "natural.flood": DisasterType.FLOOD,
    "natural.earthquake": DisasterType.EARTHQUAKE,
    "natural.geological": DisasterType.LANDSLIDE,
    "natural.forest_fire": DisasterType.FOREST_FIRE,
    "natural.biological": DisasterType.BIOLOGICAL,
}


def create(data, actor):
    region = Region.objects.get(pk=data["region_id"])
    event = DisasterEvent(
        name=data["title"][:120], disaster_type=_BY_TYPE.get(data.get("incident_type"), DisasterType.OTHER),
        started_at=data["occurred_at"], region=region,
        summary=f"{data.get('summary', '')}\n（由值班接报转入：{data.get('url', '')}）".strip(), created_by=actor)
    event.full_clean()
    event.save()
    if region.level == 4:
        event.townships.add(region)
    return event


handoffs.register("disaster", _("自然灾害事件"), "losses.add_disasterevent", create, categories=("natural",))
