"""Ledger imports of the inspections app: the 执法检查人员名录库 (one row per certificate) and the history of
inspection records (one row per inspection), all rows or none, each validated by its edit page's form."""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.supervision.enterprises.lookup import CHUNK, EnterpriseLookup
from yingji.supervision.hazards.models import Hazard

from .choices import InspectionKind
from .forms import InspectionForm, InspectorCertificateForm
from .models import Inspection, InspectorCertificate
from .services import check_inspectors, inspectors_for


@imports.register
class CertificateImport(imports.ImportSpec):
    name = "inspector-certificates"
    label = gettext_lazy("执法证（执法检查人员名录库）")
    model = InspectorCertificate
    edit_form = InspectorCertificateForm
    columns = [
        imports.Column(gettext_lazy("用户名"), "user", required=True, help=gettext_lazy("系统中的登录用户名"),
                       example="inspector"),
        imports.Column(gettext_lazy("执法证号"), "certificate_no", required=True, example="33109900000001"),
        imports.Column(gettext_lazy("发证机关"), "issued_by", example="浙江省人民政府"),
        imports.Column(gettext_lazy("有效期自"), "valid_from", example="2024-01-01"),
        imports.Column(gettext_lazy("有效期至"), "valid_until", required=True, example="2029-12-31"),
    ]

    def prepare(self, user, rows):
        wanted = {data.get("user") for _n, data in rows if data.get("user")}
        return {"users": {u.username: u for u in inspectors_for(user).filter(username__in=wanted)}}

    def resolve_user(self, text, ctx):
        account = ctx["users"].get(text.strip())
        if account is None:
            raise ValidationError(_("用户 %(u)s 不存在，不是可担任执法检查人员的在岗账号，或不在您的管辖范围内")
                                  % {"u": text.strip()})
        return account

    def row_key(self, obj):
        return obj.certificate_no

    def duplicate_column(self):
        return str(self.columns[1].header)

    def existing_keys(self, keys):
        return imports.keys_in(InspectorCertificate.objects.all(), ("certificate_no",), keys)


SEPARATORS = re.compile(r"[、，,；;\s]+")


def _names(text):
    return [part for part in SEPARATORS.split(str(text or "").strip()) if part]


class InspectionLedgerForm(InspectionForm):
    """The inspection's edit form, its certificate check reading what the import loaded once."""

    def check_inspectors(self, kind, inspectors, day):
        check_inspectors(kind, inspectors, day, certified=self.ctx["certified"])

    def clean(self):
        if self.cleaned_data.get("inspectors") is None:  # an empty cell: nobody, which an 执法检查 refuses
            self.cleaned_data["inspectors"] = []
        return super().clean()


@imports.register
class InspectionHistoryImport(imports.ImportSpec):
    """历史监督检查记录: one row per inspection, validated by the inspection's edit form. The stable key is the
    enterprise, the day, the 检查方式 and the 文书编号, so the same ledger imported twice creates nothing the second
    time (existing_rows = "skip")."""

    name = "inspections-history"
    label = gettext_lazy("历史监督检查记录")
    model = Inspection
    edit_form = InspectionLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("检查日期"), "inspected_on", required=True, help=gettext_lazy("不能晚于今天"),
                       example="2024-04-12"),
        imports.Column(gettext_lazy("被检查单位"), "enterprise", required=True,
                       help=gettext_lazy("统一社会信用代码或企业全称，企业须已在企业档案中"),
                       example="91331099000000001X"),
        imports.Column(gettext_lazy("检查方式"), "kind",
                       help=format_lazy("{}{}", "、".join(str(label) for _v, label in InspectionKind.choices),
                                        gettext_lazy("；空为执法检查")), example="执法检查"),
        imports.Column(gettext_lazy("检查人员"), "inspectors",
                       help=gettext_lazy("系统中的用户名或姓名，多人用顿号分隔；执法检查须至少 2 名检查当日持有效执法证的人员"),
                       example="张伟、李娜"),
        imports.Column(gettext_lazy("被检查单位现场负责人"), "site_contact", example="陈经理"),
        imports.Column(gettext_lazy("检查情况及发现的问题"), "findings", example="发现隐患 2 处：配电箱未上锁；消防通道堵塞"),
        imports.Column(gettext_lazy("发现隐患编号"), "hazards",
                       help=gettext_lazy("本次检查发现的隐患在隐患台账中的编号，多个用顿号分隔；须为该单位的隐患，先导入历史隐患台账"),
                       example="2024-YH-0001、2024-YH-0002"),
        imports.Column(gettext_lazy("责令整改事项"), "order_items", help=gettext_lazy("每行一项；填写时须填写整改期限")),
        imports.Column(gettext_lazy("整改期限"), "rectify_deadline", help=gettext_lazy("不能早于检查日期")),
        imports.Column(gettext_lazy("文书编号"), "document_no", example="安澜应急现检〔2024〕12号"),
    ]

    def prepare(self, user, rows):
        lookup = EnterpriseLookup.load(user, [data.get("enterprise") for _n, data in rows])
        names = sorted({n for _r, data in rows for n in _names(data.get("inspectors"))})
        people, by_name = {}, {}
        for i in range(0, len(names), CHUNK):
            chunk = names[i:i + CHUNK]
            for u in inspectors_for(user).filter(Q(username__in=chunk) | Q(full_name__in=chunk)):
                people[u.username] = [u]
                if u.full_name:
                    by_name.setdefault(u.full_name, {})[u.pk] = u
        for name, found in by_name.items():
            people.setdefault(name, list(found.values()))
        certificates = defaultdict(list)
        ids = sorted({u.pk for found in people.values() for u in found})
        for i in range(0, len(ids), CHUNK):
            for row in (InspectorCertificate.objects.filter(voided_at__isnull=True, user__in=ids[i:i + CHUNK])
                        .values_list("user", "valid_from", "valid_until")):
                certificates[row[0]].append(row[1:])

        def certified(ids, day):
            return {i for i in ids if any((start is None or start <= day) and day <= end
                                          for start, end in certificates.get(i, ()))}

        numbers = sorted({n for _r, data in rows for n in _names(data.get("hazards"))})
        hazards = defaultdict(list)
        for i in range(0, len(numbers), CHUNK):
            for h in Hazard.objects.restrict(user, "view").active().filter(ledger_no__in=numbers[i:i + CHUNK]):
                hazards[h.ledger_no].append(h)
        return {"enterprises": lookup, "people": people, "certified": certified, "hazards": hazards}

    def resolve_enterprise(self, text, ctx):
        return ctx["enterprises"].find(text)

    def resolve_inspectors(self, text, ctx):
        found, errors = {}, []
        for name in _names(text):
            people = ctx["people"].get(name, [])
            if len(people) == 1:
                found[people[0].pk] = people[0]
            elif people:
                errors.append(_("姓名为“%(n)s”的人员有 %(c)d 名，请填写用户名") % {"n": name, "c": len(people)})
            else:
                errors.append(_("检查人员“%(n)s”不是系统中可担任检查人员的在岗账号，或不在您的管辖范围内（请填写用户名或姓名）")
                              % {"n": name})
        if errors:
            raise ValidationError(errors)
        return list(found.values())

    def resolve_hazards(self, text, ctx):
        found, errors = {}, []
        for number in _names(text):
            matches = ctx["hazards"].get(number, [])
            if len(matches) == 1:
                found[matches[0].pk] = matches[0]
            elif matches:
                errors.append(_("隐患编号 %(n)s 对应多处隐患") % {"n": number})
            else:
                errors.append(_("隐患编号 %(n)s 不存在或不在您的管辖范围内（请先导入历史隐患台账）") % {"n": number})
        if errors:
            raise ValidationError(errors)
        return list(found.values())

    def before_model_clean(self, instance, cleaned_data, ctx):
        instance._ledger_people = cleaned_data.get("inspectors") or []
        instance._ledger_hazards = cleaned_data.get("hazards") or []

    def row_key(self, obj):
        return (obj.enterprise_id, obj.inspected_on, obj.kind, obj.document_no)

    def duplicate_column(self):
        return str(self.columns[0].header)

    def existing_keys(self, keys):
        return imports.keys_in(Inspection.objects.active(), ("enterprise", "inspected_on", "kind", "document_no"), keys)

    def save(self, objs, user):
        """Insert the inspections (audited as 台账导入, their creation rows naming their inspectors and hazards), then
        the links to their inspectors and the hazards they found."""
        for o in objs:
            o._audit_links_created = {"inspectors": sorted(u.pk for u in o._ledger_people),
                                      "hazards": sorted(h.pk for h in o._ledger_hazards)}
        super().save(objs, user)
        people = Inspection.inspectors.through
        found = Inspection.hazards.through
        people.objects.bulk_create([people(inspection_id=o.pk, user_id=u.pk) for o in objs for u in o._ledger_people],
                                   batch_size=self.batch_size)
        found.objects.bulk_create([found(inspection_id=o.pk, hazard_id=h.pk) for o in objs for h in o._ledger_hazards],
                                  batch_size=self.batch_size)
