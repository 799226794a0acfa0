"""一张图: production-safety accidents where their place was recorded (经纬度), coloured by grade."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import maplayers as M

from .choices import Grade
from .filtersets import AccidentFilterSet
from .models import Accident

M.register(M.Layer(
    key="accidents", label=_("生产安全事故"), group=_("安全监管"), model=Accident,
    url="accidents:accident_detail", list_url="accidents:accident_list", filterset=AccidentFilterSet,
    title="place", popup=[(_("发生时间"), "occurred_at"), (_("事故单位"), "unit_name"), (_("事故等级"), "grade"),
                          (_("事故类别"), "accident_type"), (_("死亡人数"), "deaths")],
    style=M.Style("grade", {Grade.EXTRAORDINARY: M.PURPLE, Grade.MAJOR: M.RED, Grade.LARGER: M.ORANGE,
                            Grade.ORDINARY: M.YELLOW}, radius=7),
    order=40, visible=False, description=_("登记了经纬度的事故；可按发生日期、等级等筛选，与事故台账相同")))
