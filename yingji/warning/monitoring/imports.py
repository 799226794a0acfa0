"""监测站点台账 import: one row per station, validated by the edit page's form, all rows or none."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.regions.models import Region

from .choices import StationKind, WatchedKind
from .forms import StationForm
from .models import Station


@imports.register
class StationImport(imports.ImportSpec):
    name = "monitoring-stations"
    label = gettext_lazy("监测站点台账")
    model = Station
    edit_form = StationForm
    columns = [
        imports.Column(gettext_lazy("站点编码"), "code", required=True, example="YL-331099-001"),
        imports.Column(gettext_lazy("站点名称"), "name", required=True, example="东岙村雨量站"),
        imports.Column(gettext_lazy("站点类型"), "kind", required=True,
                       help="、".join(str(label) for _v, label in StationKind.choices), example="雨量站"),
        imports.Column(gettext_lazy("所在区划代码"), "region", required=True, help=gettext_lazy("乡镇或村的区划代码"),
                       example="331099101201"),
        imports.Column(gettext_lazy("经度"), "longitude", example="121.123456"),
        imports.Column(gettext_lazy("纬度"), "latitude", example="28.654321"),
        imports.Column(gettext_lazy("监测对象类型"), "watched_kind",
                       help="、".join(str(label) for _v, label in WatchedKind.choices), example="地质灾害隐患点"),
        imports.Column(gettext_lazy("监测对象名称"), "watched_name", example="东岙村后山滑坡"),
        imports.Column(gettext_lazy("监测对象编码"), "watched_code", example="ZJ-HP-0012"),
        imports.Column(gettext_lazy("运维单位"), "operator", example="县水利局"),
        imports.Column(gettext_lazy("备注"), "note"),
    ]

    def prepare(self, user, rows):
        codes = {str(data.get("region") or "").strip().ljust(12, "0") for _n, data in rows}
        regions = {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes)}
        return {"regions": regions}

    def resolve_region(self, text, ctx):
        region = ctx["regions"].get(text.strip().ljust(12, "0"))
        if region is None:
            raise ValidationError(_("区划代码 %(v)s 不存在或不在您的管辖范围内") % {"v": text.strip()})
        return region

    def row_key(self, obj):
        return obj.code

    def existing_keys(self, keys):
        return set(Station.objects.filter(code__in=keys).values_list("code", flat=True))
