"""生产安全事故台账 import: a bureau's accident ledger of past years, one row per accident, with its first report.

The row is validated by the edit page's form (AccidentForm) with the ledger's own columns: the loss in 万元 as the
ledgers write it, and the time of the 首报 to the county. The grade is never typed: it is computed from the grade
rules in force on the day of the accident (read once per import), as Accident.save() does for one record. A history
ledger: a row whose accident (same day, same place) is already in the system is skipped, so the same file imported
again writes nothing twice.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.audit.recorder import record_bulk_create
from yingji.platform.core import imports
from yingji.platform.core.rules import rule_among
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.lookup import EnterpriseLookup, units_by_name
from yingji.supervision.enterprises.models import supervising_departments_for

from .choices import AccidentType, Duty, ReportKind, ReportLevel, Sector
from .forms import AccidentForm
from .models import CLOCK_TOLERANCE, Accident, AccidentGradeRule, AccidentReport, ReportingRule
from .services import compute_grade, snapshot_of

# how ledgers write a moment: the date alone (00:00) or with the time
LEDGER_DATETIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d",
                           "%Y.%m.%d %H:%M", "%Y.%m.%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H时%M分",
                           "%Y年%m月%d日 %H时%M分", "%Y年%m月%d日"]
WAN = Decimal(10000)
# the sub-sector alone, as ledgers often write it (冶金 for 工矿商贸-冶金), and the names reports use
SECTOR_ALIASES = tuple((str(label).split("-", 1)[1], value) for value, label in Sector.choices
                       if str(label).startswith("工矿商贸-")) + (("道路交通", Sector.ROAD_TRANSPORT),
                                                              ("消防", Sector.FIRE), ("工矿商贸", Sector.INDUSTRIAL_OTHER))


def ledger_datetime(label, required=True):
    return forms.DateTimeField(label=label, required=required, input_formats=LEDGER_DATETIME_FORMATS,
                               error_messages={"invalid": _lazy_format(gettext_lazy(
                                   "“%(h)s”的格式应为 YYYY-MM-DD HH:MM 或 YYYY-MM-DD，如 2024-03-05 14:30"), label)})


def _lazy_format(template, header):
    from django.utils.functional import lazy

    return lazy(lambda: str(template) % {"h": header}, str)()


class AccidentLedgerForm(AccidentForm):
    """The edit form with the ledger's columns: the loss in 万元, the time of the first report."""

    occurred_at = ledger_datetime(gettext_lazy("发生时间"))
    direct_loss = forms.DecimalField(label=gettext_lazy("直接经济损失（万元）"), required=False, min_value=0)
    first_reported_at = ledger_datetime(gettext_lazy("首报时间"), required=False)
    reporter = forms.CharField(label=gettext_lazy("报告人/单位"), required=False, max_length=100)

    def clean_direct_loss(self):
        wan = self.cleaned_data.get("direct_loss")
        return Decimal(0) if wan is None else (wan * WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def clean(self):
        data = super().clean()
        reported, occurred = data.get("first_reported_at"), data.get("occurred_at")
        if reported and occurred and reported < occurred:
            self.add_error("first_reported_at", _("报告时间不能早于事故发生时间"))
        elif reported and reported > timezone.now() + CLOCK_TOLERANCE:
            self.add_error("first_reported_at", _("报告时间不能晚于当前时间"))
        if data.get("reporter") and not reported:
            self.add_error("first_reported_at", _("填写了报告人，请同时填写首报时间"))
        return data


@imports.register
class AccidentImport(imports.ImportSpec):
    name = "accidents"
    label = gettext_lazy("生产安全事故台账（历史事故）")
    model = Accident
    edit_form = AccidentLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("发生时间"), "occurred_at", required=True,
                       help=gettext_lazy("如 2024-03-05 14:30；只有日期时填 2024-03-05。与发生地点一起识别一起事故，"
                                         "重复导入时已导入的事故跳过"), example="2024-03-05 14:30"),
        imports.Column(gettext_lazy("发生地点"), "place", required=True, example="青石镇工业园区 8 号厂房"),
        imports.Column(gettext_lazy("所在区划代码"), "region", required=True,
                       help=gettext_lazy("县、乡镇（街道）或村（社区）的 12 位区划代码"), example="331099101000"),
        imports.Column(gettext_lazy("事故企业"), "enterprise",
                       help=gettext_lazy("已建档企业的统一社会信用代码或全称；未建档的单位只填事故单位名称"), example=""),
        imports.Column(gettext_lazy("事故单位名称"), "unit_name", example="安澜县示例机械有限公司"),
        imports.Column(gettext_lazy("行业主管部门"), "department",
                       help=gettext_lazy("单位全称或简称；空则取企业档案的行业主管部门")),
        imports.Column(gettext_lazy("行业领域"), "sector", required=True,
                       help="、".join(str(label) for _v, label in Sector.choices) + gettext_lazy(
                           "；工矿商贸的细分行业可只写冶金、机械等"), example="机械", aliases=SECTOR_ALIASES),
        imports.Column(gettext_lazy("事故类别"), "accident_type", required=True,
                       help="、".join(str(label) for _v, label in AccidentType.choices), example="机械伤害"),
        imports.Column(gettext_lazy("死亡人数"), "deaths", example="1"),
        imports.Column(gettext_lazy("下落不明人数"), "missing", example="0"),
        imports.Column(gettext_lazy("重伤人数"), "serious_injuries", help=gettext_lazy("含急性工业中毒"), example="0"),
        imports.Column(gettext_lazy("受伤人数"), "injuries", help=gettext_lazy("含重伤"), example="2"),
        imports.Column(gettext_lazy("直接经济损失（万元）"), "direct_loss", example="85.6"),
        imports.Column(gettext_lazy("事故简要经过"), "summary"),
        imports.Column(gettext_lazy("调查报告提交日期"), "investigation_report_date",
                       help=gettext_lazy("事故调查结束（结案）的日期")),
        imports.Column(gettext_lazy("首报时间"), "first_reported_at",
                       help=gettext_lazy("事故单位报告县级应急管理部门的时间；填写则登记一份首报，是否迟报按当时的时限规则认定"),
                       example="2024-03-05 15:10"),
        imports.Column(gettext_lazy("报告人/单位"), "reporter"),
    ]

    # -- lookups, once per import -----------------------------------------------------------------------------------
    def prepare(self, user, rows):
        codes = set()
        for _n, data in rows:
            raw = str(data.get("region") or "").strip()
            if raw.isdigit():
                codes.add(raw.ljust(12, "0"))
        regions = {}
        scoped = Region.objects.restrict(user).active().filter(level__gte=3)
        codes = sorted(codes)
        for i in range(0, len(codes), 900):
            regions.update({r.code: r for r in scoped.filter(code__in=codes[i:i + 900])})
        enterprises = EnterpriseLookup.load(user, [data.get("enterprise") for _n, data in rows])
        departments = units_by_name(supervising_departments_for(user))
        return {"regions": regions, "enterprises": enterprises, "departments": departments}

    def resolve_region(self, text, ctx):
        raw = text.strip()
        region = ctx["regions"].get(raw.ljust(12, "0") if raw.isdigit() else raw)
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在、不是县级或以下，或不在您的管辖范围内") % {"c": raw})
        return region

    def resolve_enterprise(self, text, ctx):
        return ctx["enterprises"].find(text)

    def resolve_department(self, text, ctx):
        org = ctx["departments"].get(text.strip())
        if org is None:
            raise ValidationError(_("行业主管部门“%(n)s”不存在或不在您的管辖范围内（请填写单位全称或简称）")
                                  % {"n": text.strip()})
        return org

    # -- the stable key: the day and the place --------------------------------------------------------------------
    def row_key(self, obj):
        return timezone.localdate(obj.occurred_at), obj.place.strip()

    def duplicate_column(self):
        return str(self.columns[1].header)

    def existing_keys(self, keys):
        days = sorted({day for day, _place in keys})
        lo = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=timezone.get_current_timezone())
        hi = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min,
                                       tzinfo=timezone.get_current_timezone())
        found = set()
        # voided ones too: importing the ledger again does not bring back an accident the bureau voided
        for at, place in Accident.objects.filter(occurred_at__gte=lo, occurred_at__lt=hi).values_list(
                "occurred_at", "place"):
            key = (timezone.localdate(at), place.strip())
            if key in keys:
                found.add(key)
        return found

    # -- writing ----------------------------------------------------------------------------------------------------
    def save(self, objs, user):
        """Fill in what Accident.save() and AccidentReport.save() derive (unit, department, grade; the report's
        snapshot and deadline) from the rules read once, insert the accidents, then their first reports."""
        grade_rules = list(AccidentGradeRule.objects.filter(voided_at__isnull=True).select_related("region"))
        reporting_rules = list(ReportingRule.objects.filter(voided_at__isnull=True,
                                                            duty=Duty.UNIT_TO_COUNTY).select_related("region"))
        for o in objs:
            if o.enterprise_id and not o.unit_name:
                o.unit_name = o.enterprise.name
            if o.enterprise_id and not o.department_id:
                o.department_id = o.enterprise.supervising_department_id
            day = timezone.localdate(o.occurred_at)
            by_grade = {}
            for rule in grade_rules:
                if rule.grade not in by_grade:
                    by_grade[rule.grade] = rule_among(grade_rules, day, o.region, grade=rule.grade)
            o.grade, o.grade_reason = compute_grade(o, [r for _g, r in sorted(by_grade.items()) if r is not None])
        super().save(objs, user)
        reports = []
        for o in objs:
            reported = getattr(o, "_first_reported_at", None)
            if reported is None:
                continue
            rule = rule_among(reporting_rules, timezone.localdate(o.occurred_at), o.region, narrow=o.sector)
            due = o.occurred_at + rule.delta if rule is not None else None
            reports.append(AccidentReport(
                accident=o, kind=ReportKind.FIRST, to_level=ReportLevel.COUNTY, reported_at=reported,
                reporter=getattr(o, "_reporter", ""), snapshot=snapshot_of(o), deadline=due,
                deadline_basis=rule.legal_basis if rule is not None else "", is_late=bool(due and reported > due),
                created_by=user))
        for start in range(0, len(reports), self.batch_size):
            chunk = reports[start:start + self.batch_size]
            imports.insert_new(AccidentReport, chunk)
            record_bulk_create(chunk, message=_("台账导入"))

    def before_model_clean(self, instance, cleaned_data, ctx):
        instance._first_reported_at = cleaned_data.get("first_reported_at")
        instance._reporter = cleaned_data.get("reporter") or ""
