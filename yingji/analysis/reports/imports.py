"""基期数据 import: an earlier year's totals, one row per region, year and indicator. A file imported again, or with
rows added, imports only its new rows (existing_rows = "skip"); a correction of a figure already entered is made on
its page (修改), so that the change is audited with its before-image."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

from .choices import BaselineIndicator
from .forms import BaselineFigureForm
from .models import BaselineFigure


@imports.register
class BaselineFigureImport(imports.ImportSpec):
    name = "baseline-figures"
    label = gettext_lazy("基期数据")
    model = BaselineFigure
    edit_form = BaselineFigureForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("区划代码"), "region", required=True,
                       help=gettext_lazy("县级或乡镇（街道）的12位区划代码"), example="331099000000"),
        imports.Column(gettext_lazy("年度"), "year", required=True, example="2023"),
        imports.Column(gettext_lazy("指标"), "indicator", required=True,
                       help="、".join(str(label) for _v, label in BaselineIndicator.choices),
                       example="生产安全事故起数",
                       aliases=(("事故起数", "accidents"), ("死亡人数", "accident_deaths"),
                                ("受伤人数", "accident_injuries"), ("直接经济损失", "accident_loss"),
                                ("隐患数", "hazards"), ("整改数", "hazards_closed"), ("罚款", "fines"),
                                ("罚没金额", "fines"), ("检查次数", "inspections"), ("立案数", "cases"))),
        imports.Column(gettext_lazy("数值"), "value", required=True,
                       help=gettext_lazy("起数、人数、处数为整数；金额以万元计"), example="15"),
        imports.Column(gettext_lazy("数据来源"), "source", required=True, example="2023年全县安全生产统计年报"),
    ]

    def prepare(self, user, rows):
        codes = {str(data.get("region") or "").strip().ljust(12, "0") for _n, data in rows}
        return {"regions": {r.code: r for r in Region.objects.restrict(user).filter(
            code__in=codes, level__lte=Level.TOWNSHIP, voided_at__isnull=True)}}

    def resolve_region(self, text, ctx):
        code = text.strip()
        region = ctx["regions"].get(code.ljust(12, "0")) if code.isdigit() else None
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在或不在您的管辖范围内（须为县级或乡镇）") % {"c": code})
        return region

    def before_model_clean(self, instance, cleaned_data, ctx):
        instance._duplicates_checked = True  # row_key / existing_keys, for the whole file in one query

    def row_key(self, obj):
        return (obj.region_id, obj.year, obj.indicator)

    def existing_keys(self, keys):
        keys = list(keys)
        regions = {k[0] for k in keys}
        years = {k[1] for k in keys}
        return set(BaselineFigure.objects.filter(region_id__in=regions, year__in=years, voided_at__isnull=True)
                   .values_list("region_id", "year", "indicator")) & set(keys)

    def duplicate_column(self):
        return str(self.columns[2].header)
