"""执法案件台账 import: a bureau's enforcement cases of past years, one row per case, with their steps and penalties.

A row is validated by the edit page's form (EnforcementCaseForm) with the ledger's own columns: the 案号, the date
of each step the ledger kept (立案 … 结案) and the penalties of the decision. The case is created in the state its
latest date implies, with one CaseStep per date (its real date; `recorded_at` the moment of the import, `recorded_by`
the importing user), its penalties, and the current time limit of a case still open, computed from the time-limit
rules in force then (read once per import). The 案号 is the stable key: a row whose case is already in the system is
skipped, so the same file imported again writes nothing twice.
"""

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.audit.recorder import record_bulk_create
from yingji.platform.core import imports
from yingji.platform.core.rules import rule_among
from yingji.platform.workdays import services as workdays
from yingji.supervision.enterprises.lookup import EnterpriseLookup, units_by_name
from yingji.supervision.enterprises.models import supervising_departments_for

from . import rules
from .choices import MONEY_PENALTIES, SIMPLE_PENALTIES, CaseState, PenaltyKind, PenaltyTarget, Procedure, RuleCode, Step
from .forms import EnforcementCaseForm
from .models import FINISHED_STATES, CaseStep, EnforcementCase, Penalty, TimeLimitRule
from .services import OFFICER_PERMISSION, STEPS

# the dates of the steps a ledger keeps, in the order of the procedure: (form field, step, case field)
STEP_DATES = [
    ("filed_date", Step.FILE, "filed_on"),
    ("investigated_date", Step.INVESTIGATE, "investigated_on"),
    ("notified_date", Step.NOTIFY, "notified_on"),
    ("decided_date", Step.DECIDE, "decided_on"),
    ("delivered_date", Step.DELIVER, "delivered_on"),
    ("executed_date", Step.EXECUTE, "executed_on"),
    ("closed_date", Step.CLOSE, "closed_on"),
]
ORDINARY_ONLY_STEPS = {Step.INVESTIGATE, Step.NOTIFY}
# penalties without an amount, written in one cell: 警告、责令停产停业整顿
OTHER_PENALTIES = [k for k in PenaltyKind if k not in MONEY_PENALTIES]
SEPARATORS = re.compile(r"[、，,；;\s]+")


def _date(label, required=False):
    return forms.DateField(label=label, required=required)


def _money(label):
    return forms.DecimalField(label=label, required=False, min_value=Decimal("0.01"), max_digits=14,
                              decimal_places=2)


class EnforcementCaseLedgerForm(EnforcementCaseForm):
    """The edit form with the ledger's columns: the 案号, the steps' dates, the penalties and the payment."""

    case_number = forms.CharField(label=gettext_lazy("案号"), max_length=40)
    filed_date = _date(gettext_lazy("立案日期"), required=True)
    investigated_date = _date(gettext_lazy("调查终结日期"))
    notified_date = _date(gettext_lazy("告知日期"))
    decided_date = _date(gettext_lazy("处罚决定日期"))
    delivered_date = _date(gettext_lazy("送达日期"))
    executed_date = _date(gettext_lazy("执行完毕日期"))
    closed_date = _date(gettext_lazy("结案日期"))
    fine = _money(gettext_lazy("罚款金额（元）"))
    principal_fine = _money(gettext_lazy("主要负责人罚款（元）"))
    confiscation = _money(gettext_lazy("没收违法所得（元）"))
    other_penalties = forms.CharField(label=gettext_lazy("其他处罚"), required=False)
    paid = forms.DecimalField(label=gettext_lazy("实缴罚没款（元）"), required=False, min_value=0,
                                     max_digits=14, decimal_places=2)

    def clean_other_penalties(self):
        text = self.cleaned_data.get("other_penalties") or ""
        by_label = {str(k.label): k.value for k in OTHER_PENALTIES} | {k.value: k.value for k in OTHER_PENALTIES}
        by_label |= {"停产停业整顿": PenaltyKind.SUSPENSION, "责令停产停业": PenaltyKind.SUSPENSION,
                     "暂扣": PenaltyKind.LICENCE_SUSPENSION, "吊销": PenaltyKind.LICENCE_REVOCATION,
                     "关闭": PenaltyKind.CLOSURE}
        kinds = []
        for word in SEPARATORS.split(text.strip()):
            if not word:
                continue
            if word not in by_label:
                raise ValidationError(_("“%(w)s”不是可选的处罚种类（可选：%(labels)s）") % {
                    "w": word, "labels": "、".join(str(k.label) for k in OTHER_PENALTIES)})
            if by_label[word] not in kinds:
                kinds.append(by_label[word])
        return kinds

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        procedure = data.get("procedure") or Procedure.ORDINARY
        last = None
        for field, step, _case_field in STEP_DATES:
            day = data.get(field)
            if day is None:
                continue
            if day > today:
                self.add_error(field, _("日期不能晚于今天"))
            elif last is not None and day < last[1]:
                self.add_error(field, _("%(step)s日期不能早于%(prev)s日期（%(d)s）") % {
                    "step": Step(step).label, "prev": Step(last[0]).label, "d": last[1].strftime("%Y-%m-%d")})
            if procedure == Procedure.SIMPLE and step in ORDINARY_ONLY_STEPS:
                self.add_error(field, _("简易程序案件没有“%(s)s”环节") % {"s": Step(step).label})
            last = (step, day)
        money = [(PenaltyKind.FINE, data.get("fine")), (PenaltyKind.FINE, data.get("principal_fine")),
                 (PenaltyKind.CONFISCATION, data.get("confiscation"))]
        kinds = [k for k, amount in money if amount] + list(data.get("other_penalties") or [])
        if kinds and not data.get("decided_date"):
            self.add_error("decided_date", _("登记了处罚，请填写处罚决定日期"))
        if procedure == Procedure.SIMPLE:
            wrong = [str(PenaltyKind(k).label) for k in kinds if k not in SIMPLE_PENALTIES]
            if wrong:
                self.add_error("other_penalties", _("简易程序只能给予警告或罚款（行政处罚法第五十一条），不能%(k)s") % {
                    "k": "、".join(wrong)})
        paid = data.get("paid")
        if paid is not None:
            if not any(amount for _k, amount in money):
                self.add_error("paid", _("案件没有罚没款，不填写实缴金额"))
            elif not data.get("executed_date"):
                self.add_error("paid", _("填写了实缴金额，请填写执行完毕日期"))
        officers = data.get("officers")
        if officers is not None and 0 < len(officers) < 2:
            self.add_error("officers", _("执法人员不得少于两人（行政处罚法第四十二条）"))
        return data


def _number_parts(number, filed_on):
    """(year, sequence) of a 案号 in the system's own pattern (安应急罚〔2024〕12号), so that the cases filed later in
    that year are numbered after it; (the filing year, None) for another pattern."""
    prefix = getattr(settings, "YINGJI_ENFORCEMENT_CASE_PREFIX", "安应急罚")
    match = re.fullmatch(re.escape(prefix) + r"[〔\[［(（](\d{4})[〕\]］)）](\d+)号", number)
    if match:
        return int(match.group(1)), int(match.group(2))
    return filed_on.year, None


@imports.register
class EnforcementCaseImport(imports.ImportSpec):
    name = "enforcement-cases"
    label = gettext_lazy("执法案件台账（历史案件及处罚）")
    model = EnforcementCase
    edit_form = EnforcementCaseLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("案号"), "case_number", required=True,
                       help=gettext_lazy("处罚决定书或立案审批表上的案号；重复导入时已导入的案件跳过"),
                       example="安应急罚〔2024〕12号"),
        imports.Column(gettext_lazy("当事企业"), "enterprise", required=True,
                       help=gettext_lazy("统一社会信用代码或企业全称，企业须已在企业档案中"), example="91350100M000100Y43"),
        imports.Column(gettext_lazy("案由"), "title", required=True, example="未按规定对重大危险源进行监测监控案"),
        imports.Column(gettext_lazy("案件来源"), "origin", help=gettext_lazy("监督检查/隐患排查/群众举报/其他；默认监督检查"),
                       example="监督检查"),
        imports.Column(gettext_lazy("来源说明"), "origin_reference"),
        imports.Column(gettext_lazy("程序"), "procedure", help=gettext_lazy("简易程序/普通程序；默认普通程序"),
                       example="普通程序", aliases=(("简易", Procedure.SIMPLE), ("普通", Procedure.ORDINARY))),
        imports.Column(gettext_lazy("处罚机关"), "department", required=True,
                       help=gettext_lazy("单位全称或简称，须已在系统中"), example="安澜县应急管理局"),
        imports.Column(gettext_lazy("承办执法人员"), "officers",
                       help=gettext_lazy("用户名或姓名，至少两人，用顿号分隔；可空（历史案件的人员未在系统中时）")),
        imports.Column(gettext_lazy("违法事实"), "facts"),
        imports.Column(gettext_lazy("违反的规定"), "violated_provisions"),
        imports.Column(gettext_lazy("处罚依据"), "penalty_basis"),
        imports.Column(gettext_lazy("立案日期"), "filed_date", required=True, example="2024-03-04"),
        imports.Column(gettext_lazy("调查终结日期"), "investigated_date", help=gettext_lazy("普通程序"),
                       example="2024-03-20"),
        imports.Column(gettext_lazy("告知日期"), "notified_date", help=gettext_lazy("普通程序"), example="2024-03-25"),
        imports.Column(gettext_lazy("处罚决定日期"), "decided_date", example="2024-04-10"),
        imports.Column(gettext_lazy("送达日期"), "delivered_date", example="2024-04-12"),
        imports.Column(gettext_lazy("执行完毕日期"), "executed_date", example="2024-05-08"),
        imports.Column(gettext_lazy("结案日期"), "closed_date", example="2024-05-20"),
        imports.Column(gettext_lazy("罚款金额（元）"), "fine", help=gettext_lazy("对生产经营单位的罚款"), example="50000"),
        imports.Column(gettext_lazy("主要负责人罚款（元）"), "principal_fine",
                       help=gettext_lazy("一案双罚时对主要负责人个人的罚款")),
        imports.Column(gettext_lazy("没收违法所得（元）"), "confiscation"),
        imports.Column(gettext_lazy("其他处罚"), "other_penalties",
                       help="、".join(str(k.label) for k in OTHER_PENALTIES) + gettext_lazy("；多项用顿号分隔")),
        imports.Column(gettext_lazy("实缴罚没款（元）"), "paid", example="50000"),
    ]

    # -- lookups, once per import -----------------------------------------------------------------------------------
    def prepare(self, user, rows):
        enterprises = EnterpriseLookup.load(user, [data.get("enterprise") for _n, data in rows])
        departments = units_by_name(supervising_departments_for(user))
        officers, names = {}, {}
        for u in colleagues(user, OFFICER_PERMISSION):
            officers[u.username] = u
            if u.full_name:
                names.setdefault(u.full_name, []).append(u)
        for name, users in names.items():
            officers.setdefault(name, users[0] if len(users) == 1 else None)  # a name two people share is ambiguous
        return {"enterprises": enterprises, "departments": departments, "officers": officers}

    def resolve_enterprise(self, text, ctx):
        return ctx["enterprises"].find(text)

    def resolve_department(self, text, ctx):
        org = ctx["departments"].get(text.strip())
        if org is None:
            raise ValidationError(_("处罚机关“%(n)s”不存在或不在您的管辖范围内（请填写单位全称或简称）")
                                  % {"n": text.strip()})
        return org

    def resolve_officers(self, text, ctx):
        found, unknown = [], []
        for word in SEPARATORS.split(text.strip()):
            if not word:
                continue
            user = ctx["officers"].get(word)
            if user is None:
                unknown.append(word)
            elif user not in found:
                found.append(user)
        if unknown:
            raise ValidationError(_("以下人员不是您辖区内有执法权限的用户（或姓名重复，请写用户名）：%(n)s")
                                  % {"n": "、".join(unknown)})
        return found

    def before_model_clean(self, instance, cleaned_data, ctx):
        """What the case's own fields take from the ledger's columns (they are not on the edit form)."""
        if cleaned_data.get("enterprise") is not None:
            instance.region = cleaned_data["enterprise"].region
        instance.number = (cleaned_data.get("case_number") or "").strip() or None
        for field, _step, case_field in STEP_DATES:
            setattr(instance, case_field, cleaned_data.get(field))
        instance._ledger = {k: cleaned_data.get(k) for k in ("fine", "principal_fine", "confiscation",
                                                              "other_penalties", "paid", "officers")}

    # -- the stable key: the 案号 ---------------------------------------------------------------------------------
    def row_key(self, obj):
        return obj.number

    def duplicate_column(self):
        return str(self.columns[0].header)

    def existing_keys(self, keys):
        return imports.keys_in(EnforcementCase.objects.all(), ("number",), keys)

    # -- writing ----------------------------------------------------------------------------------------------------
    def save(self, objs, user):
        time_rules = list(TimeLimitRule.objects.filter(voided_at__isnull=True).select_related("region"))
        steps, penalties, case_officers = [], [], []
        for o in objs:
            o.year, o.sequence = _number_parts(o.number, o.filed_on)
        # a number taken by another case (the same 年度序号 written another way, 〔2024〕12号 and [2024]12号) keeps
        # its text but gives up its 序号
        taken = set(EnforcementCase.objects.filter(year__in={o.year for o in objs}, sequence__isnull=False)
                    .values_list("year", "sequence"))
        for o in objs:
            if o.sequence is not None:
                if (o.year, o.sequence) in taken:
                    o.sequence = None
                else:
                    taken.add((o.year, o.sequence))
        with workdays.cached():
            for o in objs:
                ledger = o._ledger
                o.state = CaseState.DRAFT
                for _field, step, case_field in STEP_DATES:
                    if getattr(o, case_field) is not None:
                        o.state = STEPS[step][2]
                o.penalties_built = self._penalties(o, ledger, user)
                money = sum((p.amount for p in o.penalties_built if p.kind in MONEY_PENALTIES), Decimal(0))
                if o.executed_on and money:
                    o.paid_amount = ledger["paid"] if ledger["paid"] is not None else money
                    o.surcharge = Decimal("0.00")
                o.due_on, o.due_kind = self._due(o, money, time_rules)
                # the officers go in with a bulk insert (no m2m_changed): the case's 新增 audit row names them
                if o._ledger["officers"]:
                    o._audit_links_created = {"officers": sorted(u.pk for u in o._ledger["officers"])}
        super().save(objs, user)
        now = timezone.now()
        for o in objs:
            officers = o._ledger["officers"] or []
            case_officers += [(o, u) for u in officers]
            for _field, step, case_field in STEP_DATES:
                day = getattr(o, case_field)
                if day is not None:
                    row = CaseStep(case=o, step=step, date=day, note=_("台账导入"), recorded_at=now,
                                   recorded_by=user if getattr(user, "pk", None) else None)
                    row._officers = officers
                    if officers:
                        row._audit_links_created = {"officers": sorted(u.pk for u in officers)}
                    steps.append(row)
            for p in o.penalties_built:
                p.case = o
                penalties.append(p)
        for model, rows in ((CaseStep, steps), (Penalty, penalties)):
            for start in range(0, len(rows), self.batch_size):
                chunk = rows[start:start + self.batch_size]
                imports.insert_new(model, chunk)
                record_bulk_create(chunk, message=_("台账导入"))
        # the officers of the case and of each step (many-to-many rows, no audit of their own: the case's is)
        through = EnforcementCase.officers.through
        through.objects.bulk_create([through(enforcementcase_id=o.pk, user_id=u.pk) for o, u in case_officers],
                                    batch_size=self.batch_size)
        step_through = CaseStep.officers.through
        step_through.objects.bulk_create([step_through(casestep_id=s.pk, user_id=u.pk) for s in steps
                                          for u in s._officers], batch_size=self.batch_size)

    @staticmethod
    def _penalties(case, ledger, user):
        built = []
        principal = case.enterprise.principal_name
        if ledger["fine"]:
            built.append(Penalty(kind=PenaltyKind.FINE, target=PenaltyTarget.ENTERPRISE, amount=ledger["fine"]))
        if ledger["principal_fine"]:
            built.append(Penalty(kind=PenaltyKind.FINE, target=PenaltyTarget.PRINCIPAL, target_name=principal,
                                 amount=ledger["principal_fine"]))
        if ledger["confiscation"]:
            built.append(Penalty(kind=PenaltyKind.CONFISCATION, target=PenaltyTarget.ENTERPRISE,
                                 amount=ledger["confiscation"]))
        for kind in ledger["other_penalties"] or []:
            built.append(Penalty(kind=kind, target=PenaltyTarget.ENTERPRISE))
        for p in built:
            p.created_by = user if getattr(user, "pk", None) else None
        return built

    @staticmethod
    def _due(case, money, time_rules):
        """(due_on, due_kind): the limit the case's state runs, as the steps' services would have set it."""
        if case.state in FINISHED_STATES or case.state == CaseState.DRAFT:
            return None, ""
        if case.state == CaseState.DECIDED:
            code, start = RuleCode.DELIVERY, case.decided_on
        elif case.state == CaseState.DELIVERED:
            if not money:
                return None, ""
            code, start = RuleCode.PAYMENT, case.delivered_on
        else:
            code, start = rules.decision_rule_code(case.procedure, case.decision_extension), case.filed_on
        rule = rule_among(time_rules, start, case.region, code=code)
        if rule is None and code in (RuleCode.DECISION_EXTENDED, RuleCode.DECISION_FURTHER):
            code = RuleCode.DECISION_ORDINARY
            rule = rule_among(time_rules, start, case.region, code=code)
        if rule is None:
            return None, ""
        return rules.add_days(start, rule.days or 0, rule.day_kind), rule.code
