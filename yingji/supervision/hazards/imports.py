"""Administrators add the items of further 重大事故隐患判定标准 (or a revised standard) from an Excel sheet."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports

from .forms import CriterionImportForm
from .models import MajorHazardCriterion


@imports.register
class CriterionImport(imports.ImportSpec):
    name = "hazard-criteria"
    label = _("重大事故隐患判定标准条款")
    model = MajorHazardCriterion
    form_class = CriterionImportForm
    columns = [
        imports.Column(_("判定标准"), "standard", required=True,
                       help=_("工贸企业/化工和危险化学品/其他，或标准全称"), example="其他"),
        imports.Column(_("条款"), "item_no", required=True, example="第 1 项"),
        imports.Column(_("判定情形"), "text", required=True, example="（按标准原文填写）"),
        imports.Column(_("适用行业"), "sectors", help=_("企业行业类别，多个用逗号分隔；空为全部"), example="烟花爆竹"),
        imports.Column(_("依据"), "legal_basis", example="（文号）"),
        imports.Column(_("施行日期"), "valid_from", required=True, example="2026-01-01"),
        imports.Column(_("废止日期"), "valid_to"),
    ]

    def row_key(self, obj):
        return (obj.standard, obj.item_no, obj.valid_from)

    def existing_keys(self, keys):
        return {k for k in keys if MajorHazardCriterion.objects.filter(
            standard=k[0], item_no=k[1], valid_from=k[2]).exists()}

    def duplicate_column(self):
        return str(self.columns[1].header)
