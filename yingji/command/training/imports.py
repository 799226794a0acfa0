"""A year's 培训台账 and 宣传活动台账 from Excel: one row per session or activity, each validated by the edit page's
form (the same Chinese messages), all rows or none. The region is written as its code, the organiser by name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.regions.models import Region

from .choices import Audience, Campaign, TrainingMode, Venue
from .forms import PublicityActivityForm, TrainingSessionForm
from .models import PublicityActivity, TrainingSession


def _labels(choices):
    return "、".join(str(label) for _v, label in choices)


class RegionColumnMixin:
    def prepare(self, user, rows):
        codes = {str(data.get("region") or "").strip().ljust(12, "0") for _n, data in rows}
        return {"regions": {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes)}}

    def resolve_region(self, text, ctx):
        code = text.strip()
        region = ctx["regions"].get(code.ljust(12, "0")) if code.isdigit() else None
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在或不在您的管辖范围内") % {"c": code})
        return region


@imports.register
class TrainingSessionImport(RegionColumnMixin, imports.ImportSpec):
    name = "training-sessions"
    label = gettext_lazy("培训台账")
    model = TrainingSession
    edit_form = TrainingSessionForm
    columns = [
        imports.Column(gettext_lazy("培训主题"), "topic", required=True, example="危险化学品企业主要负责人安全培训"),
        imports.Column(gettext_lazy("培训对象"), "audience", required=True, help=_labels(Audience.choices),
                       example="企业主要负责人", aliases=(("主要负责人", Audience.PRINCIPAL),
                                                   ("安全管理人员", Audience.SAFETY_MANAGER),
                                                   ("乡镇干部", Audience.TOWNSHIP_CADRE),
                                                   ("信息员", Audience.INFO_OFFICER), ("公众", Audience.PUBLIC))),
        imports.Column(gettext_lazy("培训方式"), "mode", help=_labels(TrainingMode.choices), example="线下集中培训",
                       aliases=(("线下", TrainingMode.ONSITE), ("线上", TrainingMode.ONLINE))),
        imports.Column(gettext_lazy("培训日期"), "held_on", required=True, example="2026-03-18"),
        imports.Column(gettext_lazy("学时"), "hours", required=True, example="8"),
        imports.Column(gettext_lazy("培训人数"), "trained", required=True, example="56"),
        imports.Column(gettext_lazy("考核合格人数"), "passed", example="54"),
        imports.Column(gettext_lazy("发放证书人数"), "certified", example="54"),
        imports.Column(gettext_lazy("主办单位"), "organiser_name", required=True, example="安澜县应急管理局"),
        imports.Column(gettext_lazy("区划代码"), "region", required=True, help=gettext_lazy("培训所在县、乡镇或村的区划代码"),
                       example="331099000000"),
        imports.Column(gettext_lazy("备注"), "note"),
    ]


@imports.register
class PublicityActivityImport(RegionColumnMixin, imports.ImportSpec):
    name = "publicity-activities"
    label = gettext_lazy("宣传活动台账")
    model = PublicityActivity
    edit_form = PublicityActivityForm
    columns = [
        imports.Column(gettext_lazy("活动名称"), "title", required=True, example="安全生产月宣传咨询日"),
        imports.Column(gettext_lazy("宣传主题"), "campaign", required=True, help=_labels(Campaign.choices),
                       example="安全生产月", aliases=(("防灾减灾日", Campaign.DISASTER_DAY),
                                                 ("国际减灾日", Campaign.INTERNATIONAL_DAY),
                                                 ("119", Campaign.FIRE_DAY), ("消防宣传月", Campaign.FIRE_DAY))),
        imports.Column(gettext_lazy("宣传形式"), "venue", required=True, help=_labels(Venue.choices),
                       example="进社区", aliases=(("企业", Venue.ENTERPRISE), ("农村", Venue.VILLAGE),
                                               ("社区", Venue.COMMUNITY), ("学校", Venue.SCHOOL),
                                               ("家庭", Venue.HOME))),
        imports.Column(gettext_lazy("活动日期"), "held_on", required=True, example="2026-06-16"),
        imports.Column(gettext_lazy("主办单位"), "organiser_name", required=True, example="青石镇人民政府"),
        imports.Column(gettext_lazy("区划代码"), "region", required=True, example="331099101000"),
        imports.Column(gettext_lazy("受众人数"), "reached", required=True, example="1200"),
        imports.Column(gettext_lazy("发放宣传资料（份）"), "materials", example="800"),
        imports.Column(gettext_lazy("活动内容"), "note"),
    ]
