"""Ledger import of the 执法检查人员名录库: one row per certificate, all rows or none, validated by the edit page's
form (InspectorCertificateForm)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports

from .forms import InspectorCertificateForm
from .models import InspectorCertificate
from .services import inspectors_for


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
        keys = list(keys)
        found = set()
        for i in range(0, len(keys), 900):
            found |= set(InspectorCertificate.objects.filter(certificate_no__in=keys[i:i + 900])
                         .values_list("certificate_no", flat=True))
        return found
