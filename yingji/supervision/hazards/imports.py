"""历史隐患台账 import: one row per hazard, with the dates of its closed loop as they happened.

A row is validated by the hazard's edit form (HazardForm) plus the ledger's dates (HazardLedgerForm). The hazard is
created in the state its dates imply — found only: 待整改; 整改完成: 待验收; 验收销号: 已销号 — with the steps'
HazardEvent rows dated on those days, and its submitted_at / closed_at on those days, so that the statistics of a
past year (found_on, closed_at) count it in the year it really was found and rectified. The importing user is the
actor of the steps; the audit trail keeps the import's time (新增 台账导入, and the import event).

The bureau's 隐患编号 is the stable key: a row whose number is already registered in the same county is skipped, so
the same ledger imported twice creates nothing the second time (ImportSpec.existing_rows = "skip").
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.core.models import perm_name
from yingji.supervision.enterprises.lookup import CHUNK, EnterpriseLookup

from .choices import HazardCategory, HazardSource, HazardState
from .forms import HazardForm
from .models import Hazard, HazardEvent

IMPORT_NOTE = gettext_lazy("历史台账导入")
# the ledger gives a day; the step is stamped at the start of that day in the bureau's time zone, as a workflow step
# given a past date is (and as the list's 销号日期 filter reads closed_at: from local midnight)
STEP_TIME = datetime.time.min


def step_at(day):
    return timezone.make_aware(datetime.datetime.combine(day, STEP_TIME))


class HazardLedgerForm(HazardForm):
    """The edit form with the ledger's dates of the later steps (整改完成, 验收销号) and who accepted it."""

    ledger_no = forms.CharField(label=gettext_lazy("隐患编号"), max_length=40)  # the stable key: required here
    rectified_on = forms.DateField(label=gettext_lazy("整改完成日期"), required=False)
    closed_on = forms.DateField(label=gettext_lazy("验收销号日期"), required=False)
    accepted_by_name = forms.CharField(label=gettext_lazy("验收人"), max_length=60, required=False)

    class Meta(HazardForm.Meta):
        fields = [*HazardForm.Meta.fields, "evidence", "plan_measures", "plan_funds"]

    def _update_errors(self, errors):
        """The model's refusals of a 判定标准条款 (no column of the ledger) belong to the ledger's 判定依据 column."""
        if hasattr(errors, "error_dict"):
            for name in [n for n in errors.error_dict if n != "__all__" and n not in self.fields]:
                target = "major_basis" if "major_basis" in self.fields else "__all__"
                errors.error_dict.setdefault(target, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        found, rectified, closed = data.get("found_on"), data.get("rectified_on"), data.get("closed_on")
        if rectified:
            if rectified > today:
                self.add_error("rectified_on", _("整改完成日期不能晚于今天"))
            elif found and rectified < found:
                self.add_error("rectified_on", _("整改完成日期不能早于发现日期"))
            if not (data.get("evidence") or "").strip():
                self.add_error("evidence", _("填写了整改完成日期时须填写整改情况（整改佐证）"))
        if closed:
            if not rectified:
                self.add_error("closed_on", _("填写了验收销号日期时须填写整改完成日期"))
            elif closed > today:
                self.add_error("closed_on", _("验收销号日期不能晚于今天"))
            elif closed < rectified:
                self.add_error("closed_on", _("验收销号日期不能早于整改完成日期"))
            ctx = getattr(self, "ctx", None)
            if ctx is not None and not ctx["may_approve"]:
                self.add_error("closed_on", _("您没有验收销号隐患的权限，不能导入已销号的隐患"))
        elif data.get("accepted_by_name"):
            self.add_error("accepted_by_name", _("未验收销号的隐患不填写验收人"))
        return data


@imports.register
class HazardHistoryImport(imports.ImportSpec):
    name = "hazards-history"
    label = gettext_lazy("历史隐患台账")
    model = Hazard
    edit_form = HazardLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("隐患编号"), "ledger_no", required=True,
                       help=gettext_lazy("本局台账中的编号，同一县（市、区）内不重复；再次导入时已导入的编号跳过"),
                       example="2024-YH-0001"),
        imports.Column(gettext_lazy("企业"), "enterprise", required=True,
                       help=gettext_lazy("统一社会信用代码或企业全称，企业须已在企业档案中"),
                       example="91331099000000001X"),
        imports.Column(gettext_lazy("隐患描述"), "description", required=True, example="配电箱未上锁，电缆老化破损"),
        imports.Column(gettext_lazy("隐患类别"), "category", required=True,
                       help="、".join(str(label).split("（")[0] for _v, label in HazardCategory.choices),
                       example="用电安全"),
        imports.Column(gettext_lazy("隐患级别"), "level", help=gettext_lazy("一般 或 重大；空为一般"), example="一般",
                       aliases=(("一般", "general"), ("重大", "major"), ("重大隐患", "major"))),
        imports.Column(gettext_lazy("重大隐患判定依据"), "major_basis",
                       help=gettext_lazy("重大事故隐患必填：所依据的判定标准及条款"), example=""),
        imports.Column(gettext_lazy("隐患来源"), "source", required=True,
                       help="、".join(str(label) for _v, label in HazardSource.choices), example="部门检查"),
        imports.Column(gettext_lazy("发现人"), "found_by_name", help=gettext_lazy("检查人员、企业自查人员或举报人"),
                       example="王明"),
        imports.Column(gettext_lazy("发现日期"), "found_on", required=True, help=gettext_lazy("不能晚于今天"),
                       example="2024-03-05"),
        imports.Column(gettext_lazy("整改期限"), "deadline", help=gettext_lazy("不能早于发现日期"), example="2024-03-20"),
        imports.Column(gettext_lazy("整改责任人"), "responsible_person", example="李强"),
        imports.Column(gettext_lazy("整改措施"), "plan_measures", example="更换电缆，配电箱加锁"),
        imports.Column(gettext_lazy("整改资金（元）"), "plan_funds", example="3500"),
        imports.Column(gettext_lazy("整改情况"), "evidence",
                       help=gettext_lazy("整改完成的隐患必填（整改佐证）"), example="已更换电缆并加锁，复查合格"),
        imports.Column(gettext_lazy("整改完成日期"), "rectified_on",
                       help=gettext_lazy("不早于发现日期、不晚于今天；填写后隐患为“待验收”"), example="2024-03-18"),
        imports.Column(gettext_lazy("验收销号日期"), "closed_on",
                       help=gettext_lazy("不早于整改完成日期、不晚于今天；填写后隐患为“已销号”，须有验收销号权限"),
                       example="2024-03-25"),
        imports.Column(gettext_lazy("验收人"), "accepted_by_name", help=gettext_lazy("记入验收销号记录的说明"),
                       example="赵刚"),
        imports.Column(gettext_lazy("挂牌督办级别"), "supervision_level",
                       help=gettext_lazy("重大事故隐患可填：县级/市级/省级挂牌督办")),
        imports.Column(gettext_lazy("督办单位"), "supervising_unit"),
        imports.Column(gettext_lazy("督办期限"), "supervision_deadline"),
    ]

    def prepare(self, user, rows):
        lookup = EnterpriseLookup.load(user, [data.get("enterprise") for _n, data in rows])
        return {"enterprises": lookup, "may_approve": user.has_perm(perm_name(Hazard, "approve")), "user": user}

    def resolve_enterprise(self, text, ctx):
        return ctx["enterprises"].find(text)

    def before_model_clean(self, instance, cleaned_data, ctx):
        """The record as its dates leave it: region from the enterprise (the insert does not run save()), the
        state and the times of its steps."""
        enterprise = cleaned_data.get("enterprise")
        if enterprise is not None:
            instance.region_id = enterprise.region_id
        rectified, closed = cleaned_data.get("rectified_on"), cleaned_data.get("closed_on")
        instance.state = HazardState.PENDING
        if rectified:
            instance.state = HazardState.AWAITING_ACCEPTANCE
            instance.submitted_at = step_at(rectified)
        if rectified and closed:
            instance.state = HazardState.CLOSED
            instance.closed_at = step_at(closed)
        instance._ledger_steps = (rectified, closed, (cleaned_data.get("accepted_by_name") or "").strip())

    def row_key(self, obj):
        if not obj.ledger_no or obj.enterprise_id is None:
            return None
        return (obj.enterprise.region.code[:6], obj.ledger_no)

    def duplicate_column(self):
        return str(self.columns[0].header)

    def existing_keys(self, keys):
        numbers = sorted({number for _county, number in keys})
        found = set()
        for i in range(0, len(numbers), CHUNK):
            rows = (Hazard.objects.active().filter(ledger_no__in=numbers[i:i + CHUNK])
                    .values_list("region__code", "ledger_no"))
            found |= {(code[:6], number) for code, number in rows}
        return found & set(keys)

    def save(self, objs, user):
        """Insert the hazards (audited as 台账导入), then the event rows of the steps their dates record."""
        super().save(objs, user)
        note = str(IMPORT_NOTE)
        events = []
        for h in objs:
            rectified, closed, accepted_by_name = h._ledger_steps
            if not rectified:
                continue
            found_at = step_at(h.found_on)

            def event(name, source, target, at, text=note, h=h):
                events.append(HazardEvent(hazard=h, transition=name, from_state=source, to_state=target, actor=user,
                                          at=at, note=text, region_id=h.region_id))

            event("start", HazardState.PENDING, HazardState.IN_PROGRESS, found_at)
            event("submit", HazardState.IN_PROGRESS, HazardState.AWAITING_ACCEPTANCE, h.submitted_at)
            if closed:
                accepted = _("%(note)s，验收人：%(name)s") % {"note": note, "name": accepted_by_name} \
                    if accepted_by_name else note
                event("accept", HazardState.AWAITING_ACCEPTANCE, HazardState.CLOSED, h.closed_at, accepted)
        for start in range(0, len(events), self.batch_size):
            imports.insert_new(HazardEvent, events[start:start + self.batch_size])
