from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports
from yingji.platform.core.forms import ScopedModelForm

from . import codes
from .models import Region


class RegionForm(ScopedModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "valid_from", "valid_to", "successor"]
        widgets = {"valid_from": forms.DateInput(), "valid_to": forms.DateInput()}

    def clean_code(self):
        return codes.normalize(self.cleaned_data["code"])


class RegionImportForm(imports.RowCells, forms.Form):
    """One row of a region ledger: code, name, parent code. Parents may be rows of the same file."""

    code = forms.CharField(label=_("区划代码"), error_messages={"required": _("区划代码不能为空")})
    name = forms.CharField(label=_("名称"), max_length=100, error_messages={"required": _("名称不能为空")})
    parent_code = forms.CharField(label=_("上级区划代码"), required=False)
    one_form_per_import = True  # __init__ depends on nothing of the row (yingji.platform.core.imports.row_forms)

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ctx = user, ctx

    def clean_code(self):
        return codes.normalize(self.cleaned_data["code"])

    def clean_parent_code(self):
        value = self.cleaned_data["parent_code"]
        return codes.normalize(value) if value else ""

    def clean(self):
        data = super().clean()
        code, parent_code = data.get("code"), data.get("parent_code")
        if not code:
            return data
        parent = None
        if parent_code:
            parent = self.ctx["pending"].get(parent_code) or self.ctx["existing"].get(parent_code)
            if parent is None:
                self.add_error("parent_code", _("上级区划 %(c)s 不存在（系统中和文件中都没有）") % {"c": parent_code})
                return data
        level = codes.level_of(code)
        try:
            codes.validate(code, level, parent)
        except forms.ValidationError as e:
            for field, msgs in e.message_dict.items():
                self.add_error("parent_code" if field == "parent" else "code", msgs)
            return data
        root = self.ctx["root"]
        if not self.user.is_superuser and (root is None or not (code.startswith(root.prefix) and level > root.level)):
            self.add_error("code", _("区划 %(c)s 不在您的管辖范围内") % {"c": code})
        # Region(code=…, name=…, level=…, parent=parent), made by the import's instance maker (prepare)
        region = self.ctx["new_region"]()
        region.code, region.name, region.level = code, data.get("name", ""), level
        region.parent = parent
        data["instance"] = region
        return data

    def save(self, commit=False):
        return self.cleaned_data["instance"]

    def after_valid(self, obj):
        self.ctx["pending"][obj.code] = obj
