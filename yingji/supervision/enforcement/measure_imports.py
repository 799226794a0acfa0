"""约谈、曝光等措施 history ledger: one row per measure, validated by the measure's edit form (MeasureForm).

The stable key is the enterprise, the day, the measure and the department, so the same ledger imported twice creates
nothing the second time (existing_rows = "skip"); the statistics count a measure by its date.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.accounts.models import Organisation
from yingji.platform.core import imports
from yingji.supervision.enterprises.lookup import CHUNK, EnterpriseLookup, units_by_name

from .choices import MeasureKind
from .forms import MeasureForm
from .models import EnforcementCase, Measure

DEPARTMENT_KINDS = ("bureau", "industry")  # the measure form's choice of 实施单位


class MeasureLedgerForm(MeasureForm):
    """The measure's edit form; a ledger records what has happened, so its date is not in the future."""

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天"))
        return day


@imports.register
class MeasureHistoryImport(imports.ImportSpec):
    name = "enforcement-measures"
    label = gettext_lazy("约谈、曝光等措施台账")
    model = Measure
    edit_form = MeasureLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("日期"), "date", required=True, example="2024-05-20"),
        imports.Column(gettext_lazy("措施"), "kind", required=True,
                       help="、".join(str(label) for _v, label in MeasureKind.choices), example="约谈"),
        imports.Column(gettext_lazy("企业"), "enterprise", required=True,
                       help=gettext_lazy("统一社会信用代码或企业全称，企业须已在企业档案中"),
                       example="91331099000000001X"),
        imports.Column(gettext_lazy("实施单位"), "department", required=True,
                       help=gettext_lazy("应急管理局或行业主管部门的全称或简称"), example="安澜县应急管理局"),
        imports.Column(gettext_lazy("关联案件编号"), "case", help=gettext_lazy("执法案件的案件编号，须为该企业的案件")),
        imports.Column(gettext_lazy("情况说明"), "note", example="约谈企业主要负责人，督促落实隐患整改"),
    ]

    def prepare(self, user, rows):
        lookup = EnterpriseLookup.load(user, [data.get("enterprise") for _n, data in rows])
        departments = units_by_name(
            Organisation.objects.restrict(user, "view").active().filter(kind__in=DEPARTMENT_KINDS))
        numbers = sorted({str(data.get("case") or "").strip() for _n, data in rows} - {""})
        cases = {}
        for i in range(0, len(numbers), CHUNK):
            cases.update({c.number: c for c in EnforcementCase.objects.restrict(user, "view").active()
                          .filter(number__in=numbers[i:i + CHUNK])})
        return {"enterprises": lookup, "departments": departments, "cases": cases}

    def resolve_enterprise(self, text, ctx):
        return ctx["enterprises"].find(text)

    def resolve_department(self, text, ctx):
        org = ctx["departments"].get(text.strip())
        if org is None:
            raise ValidationError(_("实施单位“%(n)s”不存在或不在您的管辖范围内（请填写应急管理局或行业主管部门的全称或简称）")
                                  % {"n": text.strip()})
        return org

    def resolve_case(self, text, ctx):
        case = ctx["cases"].get(text.strip())
        if case is None:
            raise ValidationError(_("案件编号 %(n)s 不存在或不在您的管辖范围内") % {"n": text.strip()})
        return case

    def before_model_clean(self, instance, cleaned_data, ctx):
        enterprise = cleaned_data.get("enterprise")
        if enterprise is not None:  # the insert does not run save(), which takes the region from the enterprise
            instance.region_id = enterprise.region_id

    def row_key(self, obj):
        return (obj.enterprise_id, obj.date, obj.kind, obj.department_id)

    def duplicate_column(self):
        return str(self.columns[0].header)

    def existing_keys(self, keys):
        return imports.keys_in(Measure.objects.active(), ("enterprise", "date", "kind", "department"), keys)
