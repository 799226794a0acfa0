"""The edit form and the Excel import of every rule table (one of each, built from the model).

The import validates each row with the same form as the edit page. A cell may hold a choice's value or its Chinese
label ("较大事故", "道路运输、火灾"), 是/否 for a tick box, and the region as its code (2 to 12 digits) or its name.
"""

import re
from functools import cache

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import excel, imports
from . import rules as rule_tables
from .forms import ScopedModelForm

# the fields every rule table has, shown after its own ones
BASE_FIELDS = ["region", "valid_from", "valid_to", "legal_basis"]
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_TRUE = {"是", "true", "1", "y", "yes", "✓", "√", "on"}


def rule_regions(user, include=None):
    """The regions a rule row may be given: the user's province, city and county and the counties under him
    (the whole country at 省、市、县 level for a user without a region who is a superuser); `include` is kept."""
    from yingji.platform.regions import codes
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    qs = Region.objects.filter(level__lte=Level.COUNTY, voided_at__isnull=True)
    if user is None or not user.is_authenticated:
        allowed = qs.none()
    elif user.region is None:
        allowed = qs if user.is_superuser else qs.none()
    else:
        lo, hi = codes.subtree_bounds(user.region.code, user.region.level)
        allowed = qs.filter(models.Q(code__in=rule_tables.ancestor_codes(user.region))
                            | models.Q(code__gte=lo, code__lte=hi))
    if include is not None:
        allowed = allowed | Region.objects.filter(pk=include)
    return allowed.order_by("code")


class RuleRegionField(forms.ModelChoiceField):
    """A region by its code (2, 4, 6, 9 or 12 digits), its id from the select, or its exact name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("error_messages", {"invalid_choice": gettext_lazy(
            "区划不存在，或不是您所在的省、市、县（或其下属县）：请填写区划代码或名称")})
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        text = text.removesuffix(".0")
        if text.isascii() and text.isdigit():
            if len(text) in (2, 4, 6, 9):
                text = text.ljust(12, "0")
            region = self.queryset.filter(code=text).first() if len(text) == 12 else None
        else:
            matches = list(self.queryset.filter(name=text)[:2])
            region = matches[0] if len(matches) == 1 else None
        if region is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return region


def _choice_table(choices, aliases=None):
    table = {}
    for value, label in choices:
        table[str(value)] = value
        table[str(label)] = value
        table[str(label).split("（")[0]] = value
    for word, value in (aliases or {}).items():
        table[str(word)] = value
    return table


class RuleForm(ScopedModelForm):
    """The edit form of a rule table (and of one row of its import); built per model by form_for()."""

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        model = self._meta.model
        for name, choices in model.list_choices.items():
            field = model._meta.get_field(name)
            self.fields[name] = forms.MultipleChoiceField(
                label=field.verbose_name, help_text=field.help_text, required=False, choices=choices,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
        self.fields["region"] = RuleRegionField(
            queryset=rule_regions(user, include=self.instance.region_id), required=False,
            label=model._meta.get_field("region").verbose_name, help_text=model._meta.get_field("region").help_text,
            empty_label=_("全国"), widget=forms.Select(attrs={"class": "form-select"}))
        if self.instance.region_id and not self.is_bound:
            self.initial["region"] = self.instance.region.code  # the options carry the code
        if self.is_bound and not hasattr(self.data, "getlist"):
            self.data = self.read_cells(self.data)

    def read_cells(self, data):
        """A row of an Excel sheet (text cells) as the values the fields take."""
        model = self._meta.model
        aliases = getattr(model, "choice_aliases", {})
        out = dict(data)
        for name, field in self.fields.items():
            value = out.get(name)
            if value in (None, ""):
                continue
            text = str(value).strip()
            if isinstance(field, forms.MultipleChoiceField):
                table = _choice_table(field.choices, aliases.get(name))
                out[name] = [str(table.get(part, part)) for part in _SEPARATORS.split(text) if part]
            elif isinstance(field, forms.BooleanField):
                out[name] = "true" if text.lower() in _TRUE else "false"
            elif isinstance(field, forms.ChoiceField):
                choices = [(v, label) for v, label in field.choices if v not in ("", None)]
                out[name] = str(_choice_table(choices, aliases.get(name)).get(text, text))
        return out


def own_fields(model):
    """The editable fields of a rule table that are not the base's, in the model's order."""
    return [f.name for f in model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in BASE_FIELDS]


@cache
def form_for(model):
    meta = type("Meta", (), {"model": model, "fields": [*own_fields(model), *BASE_FIELDS],
                             "widgets": {"legal_basis": forms.TextInput()}})
    return type(f"{model.__name__}Form", (RuleForm,), {"Meta": meta})


# --- import -------------------------------------------------------------------------------------------------------
def cell_text(row, name):
    """The value of field `name` of `row` as an import cell shows it (labels, 是/否, the region's code)."""
    field = row._meta.get_field(name)
    value = getattr(row, name)
    if value in (None, "", []):
        return ""
    if name == "region":
        return value.code
    if name in row.list_choices:
        labels = dict(row.list_choices[name])
        return "、".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class RuleImport(imports.ImportSpec):
    """The import of one rule table: its own columns, then 适用区划, 施行日期, 废止日期, 法律依据."""

    def __init__(self):
        self.form_class = form_for(self.model)
        form = self.form_class(user=None)
        self.columns = []
        for name, field in form.fields.items():
            helps = [str(field.help_text)] if field.help_text else []
            if name == "region":
                helps = [_("区划代码（如 330000）或名称；空为全国通用")]
            elif isinstance(field, forms.MultipleChoiceField):
                labels = "、".join(str(label) for _v, label in field.choices)
                helps.append(_("可填（多个用“、”分隔）：%(c)s") % {"c": labels})
            elif isinstance(field, forms.BooleanField):
                helps.append(_("是 或 否"))
            elif isinstance(field, forms.ChoiceField):
                helps.append(_("可填：%(c)s") % {"c": "、".join(str(label) for v, label in field.choices if v != "")})
            elif isinstance(field, forms.DateField):
                helps.append(_("YYYY-MM-DD"))
            self.columns.append(imports.Column(str(field.label), name, required=field.required,
                                               help="；".join(helps)))

    def row_key(self, obj):
        return obj.key_values()

    def duplicate_column(self):
        return next(c.header for c in self.columns if c.field == "valid_from")

    def template_xlsx(self):
        """The columns, an example row (the newest row in force, as its cells would read) and the notes."""
        example = (self.model.objects.valid_on(timezone.localdate()).select_related("region")
                   .order_by("-pk").first())
        row = [cell_text(example, c.field) for c in self.columns] if example is not None else []
        notes = [(_("列名"), _("必填"), _("说明"), _("示例"))]
        notes += [(c.header, _("是") if c.required else _("否"), c.help, v)
                  for c, v in zip(self.columns, row or [""] * len(self.columns))]
        notes += [("", "", "", ""), (_("规则"), "", _(
            "第 1 行为表头，从第 2 行起每行一条规则；任何一行有错误则整个文件都不导入。适用区划填写省、市或县，"
            "该地的规定优先于全国规定；修订后的规定另起一行，填写新的施行日期，旧规定填写废止日期。"), "")]
        return excel.write_xlsx([c.header for c in self.columns], [row] if row else [],
                                sheet_title=str(self.label)[:31], notes=notes)


def import_name(model):
    return f"rules-{model._meta.model_name}"


def register_imports():
    """One import spec per registered rule table (called once the models are loaded)."""
    for model in rule_tables.tables():
        if imports.get(import_name(model)) is None:
            imports.register(type(f"{model.__name__}Import", (RuleImport,), {
                "name": import_name(model), "label": model._meta.verbose_name_plural, "model": model}))
