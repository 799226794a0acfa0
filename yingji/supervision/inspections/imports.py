"""Ledger import of the 执法检查人员名录库: one row per certificate, all rows or none."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports

from .models import InspectorCertificate
from .services import inspectors_for


class CertificateImportForm(forms.Form):
    username = forms.CharField(label=_("用户名"), error_messages={"required": _("用户名不能为空")})
    certificate_no = forms.CharField(label=_("执法证号"), max_length=40,
                                     error_messages={"required": _("执法证号不能为空")})
    issued_by = forms.CharField(label=_("发证机关"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("有效期自"), required=False,
                                 error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")})
    valid_until = forms.DateField(label=_("有效期至"), error_messages={
        "required": _("有效期至不能为空"), "invalid": _("日期格式应为 YYYY-MM-DD")})

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ctx = user, ctx

    def clean_username(self):
        username = self.cleaned_data["username"]
        account = self.ctx["users"].get(username)
        if account is None:
            raise forms.ValidationError(_("用户 %(u)s 不存在，或不在您的管辖范围内") % {"u": username})
        return account

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("有效期至不能早于有效期自"))
        return data

    def save(self, commit=False):
        d = self.cleaned_data
        account = d["username"]
        return InspectorCertificate(user=account, region_id=account.region_id, certificate_no=d["certificate_no"],
                                    issued_by=d["issued_by"], valid_from=d["valid_from"],
                                    valid_until=d["valid_until"])


@imports.register
class CertificateImport(imports.ImportSpec):
    name = "inspector-certificates"
    label = _("执法证（执法检查人员名录库）")
    model = InspectorCertificate
    form_class = CertificateImportForm
    columns = [
        imports.Column(_("用户名"), "username", required=True, help=_("系统中的登录用户名"), example="inspector"),
        imports.Column(_("执法证号"), "certificate_no", required=True, example="33109900000001"),
        imports.Column(_("发证机关"), "issued_by", example="浙江省人民政府"),
        imports.Column(_("有效期自"), "valid_from", example="2024-01-01"),
        imports.Column(_("有效期至"), "valid_until", required=True, example="2029-12-31"),
    ]

    def prepare(self, user, rows):
        wanted = {data.get("username") for _n, data in rows if data.get("username")}
        return {"users": {u.username: u for u in inspectors_for(user).filter(username__in=wanted)}}

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
