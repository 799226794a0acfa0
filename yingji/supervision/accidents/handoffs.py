"""The accident created in one step from an incident received by the duty desk (core/handoffs.py)."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import handoffs
from yingji.platform.regions.models import Region

from .choices import AccidentType, Sector
from .models import Accident

# the incident type (command domain's code, a plain string here) -> the accident's sector and type, where clear
_BY_TYPE = {
    "accident.fire": (Sector.FIRE, AccidentType.FIRE),
    "accident.traffic": (Sector.ROAD_TRANSPORT, AccidentType.VEHICLE),
}


def create(data, actor):
    sector, accident_type = _BY_TYPE.get(data.get("incident_type"), (Sector.OTHER, AccidentType.OTHER))
    accident = Accident(
        occurred_at=data["occurred_at"], place=data["place"], region=Region.objects.get(pk=data["region_id"]),
        longitude=data.get("longitude"), latitude=data.get("latitude"), unit_name=data.get("reporter_unit") or "",
        sector=sector, accident_type=accident_type, deaths=data.get("deaths") or 0,
        missing=data.get("missing") or 0, injuries=data.get("injuries") or 0,
        summary=f"{data.get('title', '')}\n{data.get('summary', '')}\n（由值班接报转入：{data.get('url', '')}）".strip(),
        created_by=actor)
    accident.full_clean()
    accident.save()
    return accident


handoffs.register("accident", _("生产安全事故"), "accidents.add_accident", create, categories=("accident",))
