"""预警接收人 import: one row per person, all rows or none; phones validated like the edit page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports
from yingji.platform.core.validators import normalize_phone
from yingji.platform.regions.models import Region

from .choices import Duty
from .forms import RecipientForm
from .models import Group, Recipient


@imports.register
class RecipientImport(imports.ImportSpec):
    name = "release-recipients"
    label = gettext_lazy("预警接收人名录")
    model = Recipient
    edit_form = RecipientForm
    columns = [
        imports.Column(gettext_lazy("姓名"), "name", required=True, example="陈建国"),
        imports.Column(gettext_lazy("联系电话"), "phone", required=True, example="13857612345"),
        imports.Column(gettext_lazy("职责"), "duty", required=True,
                       help="、".join(str(label) for _v, label in Duty.choices), example="村（社区）责任人"),
        imports.Column(gettext_lazy("单位职务"), "position", example="东岙村党支部书记"),
        imports.Column(gettext_lazy("区划代码"), "region", required=True, example="331099101201"),
        imports.Column(gettext_lazy("分组"), "recipient_groups", help=gettext_lazy("多个分组用顿号分隔，须已建立"),
                       example="防汛责任人"),
        imports.Column(gettext_lazy("电子邮箱"), "email"),
        imports.Column(gettext_lazy("备注"), "note"),
    ]

    def prepare(self, user, rows):
        codes = {str(data.get("region") or "").strip().ljust(12, "0") for _n, data in rows}
        regions = {r.code: r for r in Region.objects.restrict(user).filter(code__in=codes)}
        groups = {}
        for g in Group.objects.restrict(user).active():
            groups.setdefault(g.name, g)
        return {"regions": regions, "groups": groups}

    def resolve_region(self, text, ctx):
        code = text.strip()
        region = ctx["regions"].get(code.ljust(12, "0"))
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在或不在您的管辖范围内") % {"c": code})
        return region

    def resolve_recipient_groups(self, text, ctx):
        out = []
        for name in (n.strip() for n in text.replace(",", "、").replace("，", "、").split("、")):
            if not name:
                continue
            group = ctx["groups"].get(name)
            if group is None:
                raise ValidationError(_("分组“%(g)s”不存在，请先在“接收分组”中建立") % {"g": name})
            out.append(group)
        return out

    def before_model_clean(self, instance, cleaned_data, ctx):
        instance.phone = normalize_phone(instance.phone)
        instance._import_groups = cleaned_data.get("recipient_groups") or []

    def save(self, objs, user):
        super().save(objs, user)
        through = Recipient.recipient_groups.through
        through.objects.bulk_create([through(recipient_id=o.pk, group_id=g.pk)
                                     for o in objs for g in getattr(o, "_import_groups", [])])
