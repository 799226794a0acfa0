"""一张图: incidents being handled (处置中) where their place was recorded, coloured by the initial grade."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .choices import Grade, Status
from .filtersets import IncidentFilterSet
from .models import Incident

M.register(M.Layer(
    key="incidents_active", label=_("处置中的突发事件"), group=_("指挥救援"), model=Incident,
    url="incidents:incident_detail", list_url="incidents:incident_list", filterset=IncidentFilterSet,
    title="title", popup=[(_("事件类型"), "incident_type"), (_("初判等级"), "grade"), (_("发生时间"), "occurred_at"),
                          (_("发生地点"), "place"), (_("响应级别"), "response_level")],
    style=M.Style("grade", {Grade.EXTRAORDINARY: M.PURPLE, Grade.MAJOR: M.RED, Grade.LARGER: M.ORANGE,
                            Grade.ORDINARY: M.YELLOW}, radius=9),
    base=lambda qs: qs.filter(status=Status.OPEN), order=70,
    description=_("状态为“处置中”且登记了经纬度的事件")))
