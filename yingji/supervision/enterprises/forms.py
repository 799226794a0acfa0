from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.core.validators import normalize_credit_code
from yingji.platform.regions.choices import Level

from .choices import OperatingStatus, RiskGrade, Sector, Size, StandardisationGrade, SubSector
from .models import (
    CriticalQuantity,
    Enterprise,
    HazardChemical,
    KeyPerson,
    MajorHazardSource,
    supervising_departments_for,
)
from .pickers import EnterpriseChoiceField
from .validators import normalize_cas, validate_cas

# 包保责任人: a colleague who keeps enterprise files
LIAISON_PERMISSION = "enterprises.change_enterprise"

ENTERPRISE_FIELDS = [
    "name", "credit_code", "address", "region", "longitude", "latitude", "sector", "subsector", "size",
    "supervising_department", "risk_grade", "status", "standardisation_grade", "insurer", "insurance_policy",
    "insurance_expiry", "principal_name", "principal_phone", "liaison", "notes",
]


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"insurance_expiry": forms.DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(
            level__in=[Level.TOWNSHIP, Level.VILLAGE]).order_by("code")
        self.fields["region"].help_text = _("企业所在的乡镇（街道）或村（社区）")
        self.fields["supervising_department"].queryset = supervising_departments_for(user).order_by("name")
        if user is not None:
            # 包保责任人: a colleague in the user's region who keeps enterprise files, even when the user may not
            # browse the accounts
            self.fields["liaison"].queryset = colleagues(user, LIAISON_PERMISSION)

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])


class KeyPersonForm(ScopedModelForm):
    class Meta:
        model = KeyPerson
        fields = ["enterprise", "role", "name", "phone", "certificate_kind", "certificate_no", "certificate_expiry"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"certificate_expiry": forms.DateInput()}


class MajorHazardSourceForm(ScopedModelForm):
    class Meta:
        model = MajorHazardSource
        field_classes = {"enterprise": EnterpriseChoiceField}
        fields = ["enterprise", "name", "level", "quantity_tonnes", "exposed_people", "chemicals", "record_no",
                  "recorded_on"]
        widgets = {"recorded_on": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = _("按辨识评估报告登记；系统按登记的危险化学品计算 R，不一致时提示核对")
        if self.instance.pk:
            # what the saved chemicals say about the level, before it is changed (a warning, not an error)
            warnings = self.instance.grading_warnings()
            if warnings:
                self.fields["level"].help_text = "；".join(str(w) for w in warnings)


class HazardChemicalForm(ScopedModelForm):
    """One chemical of a major hazard source (a page of its own, usable on a phone)."""

    class Meta:
        model = HazardChemical
        fields = ["source", "reference", "name", "cas_no", "hazard_category", "max_quantity", "critical_quantity",
                  "beta"]
        widgets = {"max_quantity": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                   "critical_quantity": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                   "beta": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = self.fields["source"].queryset.select_related("enterprise").order_by(
            "enterprise__name", "name")
        self.fields["source"].label_from_instance = lambda s: f"{s.enterprise.name} · {s.name}"
        current = CriticalQuantity.objects.current().order_by("name")
        if self.instance.reference_id:
            current = current | CriticalQuantity.objects.filter(pk=self.instance.reference_id)
        self.fields["reference"].queryset = current
        self.fields["reference"].empty_label = _("（未列入表1）")
        self.fields["critical_quantity"].help_text = _("选择了表1 品名时按表1 自动填入；未列入的按危险性类别（表2）填写")

    def clean_cas_no(self):
        return normalize_cas(self.cleaned_data.get("cas_no"))


_LOOKUPS = {}


def _lookup(choices):
    """Map both the stored value and the Chinese label of each choice to the value (ledgers use the labels)."""
    table = {}
    for value, label in choices:
        table[str(value)] = value
        table[str(label)] = value
    return table


class EnterpriseImportForm(forms.Form):
    """One row of an enterprise ledger. Codes and names are resolved from caches the ImportSpec loads once."""

    name = forms.CharField(max_length=150, error_messages={"required": _("企业名称不能为空")})
    credit_code = forms.CharField(error_messages={"required": _("统一社会信用代码不能为空")})
    address = forms.CharField(max_length=200, error_messages={"required": _("地址不能为空")})
    region_code = forms.CharField(error_messages={"required": _("所在区划代码不能为空")})
    sector = forms.CharField(error_messages={"required": _("行业类别不能为空")})
    subsector = forms.CharField(required=False)
    size = forms.CharField(required=False)
    department = forms.CharField(error_messages={"required": _("行业主管部门不能为空")})
    risk_grade = forms.CharField(required=False)
    status = forms.CharField(required=False)
    standardisation_grade = forms.CharField(required=False)
    insurer = forms.CharField(required=False, max_length=100)
    insurance_policy = forms.CharField(required=False, max_length=60)
    insurance_expiry = forms.DateField(required=False, error_messages={"invalid": _("日期格式应为 2026-01-31")})
    principal_name = forms.CharField(max_length=60, error_messages={"required": _("主要负责人不能为空")})
    principal_phone = forms.CharField(required=False, max_length=20)
    longitude = forms.CharField(required=False)
    latitude = forms.CharField(required=False)

    CHOICE_FIELDS = {
        "sector": (Sector.choices, None),
        "subsector": (SubSector.choices, ""),
        "size": (Size.choices, Size.SMALL),
        "risk_grade": (RiskGrade.choices + [("A", "红"), ("B", "橙"), ("C", "黄"), ("D", "蓝")], RiskGrade.D),
        "status": (OperatingStatus.choices, OperatingStatus.OPERATING),
        "standardisation_grade": (StandardisationGrade.choices, StandardisationGrade.NONE),
    }

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ctx = user, ctx

    def _choice(self, field):
        choices, default = self.CHOICE_FIELDS[field]
        raw = (self.cleaned_data.get(field) or "").strip()
        if not raw:
            return default
        # the tables are the same for every row of a file: built once per field and language
        key = (field, get_language())
        table = _LOOKUPS.get(key)
        if table is None:
            table = _LOOKUPS[key] = _lookup(choices)
        if raw not in table:
            labels = "、".join(str(label) for _v, label in choices)
            raise ValidationError(_("“%(v)s”不是可选值（可选：%(labels)s）") % {"v": raw, "labels": labels})
        return table[raw]

    def clean_sector(self):
        return self._choice("sector")

    def clean_subsector(self):
        return self._choice("subsector")

    def clean_size(self):
        return self._choice("size")

    def clean_risk_grade(self):
        return self._choice("risk_grade")

    def clean_status(self):
        return self._choice("status")

    def clean_standardisation_grade(self):
        return self._choice("standardisation_grade")

    def clean_region_code(self):
        raw = self.cleaned_data["region_code"].strip()
        code = raw.ljust(12, "0") if raw.isdigit() and len(raw) == 9 else raw
        region = self.ctx["regions"].get(code)
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在、不是乡镇或村级，或不在您的管辖范围内") % {"c": raw})
        return region

    def clean_department(self):
        name = self.cleaned_data["department"].strip()
        org = self.ctx["departments"].get(name)
        if org is None:
            raise ValidationError(_("行业主管部门“%(n)s”不存在或不在您的管辖范围内（请填写单位全称或简称）")
                                  % {"n": name})
        return org

    def _decimal(self, field):
        raw = (self.cleaned_data.get(field) or "").strip()
        if not raw:
            return None
        try:
            return Decimal(raw).quantize(Decimal("0.000001"))
        except InvalidOperation:
            raise ValidationError(_("应为数字"))

    def clean_longitude(self):
        return self._decimal("longitude")

    def clean_latitude(self):
        return self._decimal("latitude")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        obj = Enterprise(
            name=data["name"], credit_code=normalize_credit_code(data["credit_code"]), address=data["address"],
            region=data["region_code"], sector=data["sector"], subsector=data["subsector"], size=data["size"],
            supervising_department=data["department"], risk_grade=data["risk_grade"], status=data["status"],
            standardisation_grade=data["standardisation_grade"], insurer=data["insurer"],
            insurance_policy=data["insurance_policy"], insurance_expiry=data["insurance_expiry"],
            principal_name=data["principal_name"], principal_phone=data["principal_phone"],
            longitude=data["longitude"], latitude=data["latitude"], created_by=self.user,
        )
        field_map = {"region": "region_code", "supervising_department": "department"}
        try:
            # the related records came from the caches: skip their per-row existence queries
            obj.full_clean(exclude=["region", "supervising_department", "liaison", "created_by"], validate_unique=False,
                           validate_constraints=False)
        except ValidationError as e:
            for field, msgs in e.message_dict.items():
                target = field_map.get(field, field)
                self.add_error(target if target in self.fields else None, msgs)
            return data
        data["instance"] = obj
        return data

    def save(self, commit=False):
        return self.cleaned_data["instance"]


class CriticalQuantityImportForm(forms.Form):
    """One named chemical of GB 18218 表1 (or of a revised standard) with its critical quantity."""

    name = forms.CharField(max_length=100, error_messages={"required": _("品名不能为空")})
    aliases = forms.CharField(required=False, max_length=200)
    cas_no = forms.CharField(required=False, max_length=20)
    critical_quantity = forms.DecimalField(max_digits=12, decimal_places=3, min_value=Decimal("0.001"),
                                           error_messages={"required": _("临界量不能为空"),
                                                           "invalid": _("临界量应为数字（吨）"),
                                                           "min_value": _("临界量应大于 0")})
    beta = forms.DecimalField(required=False, max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                              error_messages={"invalid": _("校正系数应为数字"), "min_value": _("校正系数应大于 0")})
    standard = forms.CharField(required=False, max_length=60)
    valid_from = forms.DateField(error_messages={"required": _("施行日期不能为空"),
                                                 "invalid": _("日期格式应为 2026-01-31")})
    valid_to = forms.DateField(required=False, error_messages={"invalid": _("日期格式应为 2026-01-31")})

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ctx = user, ctx

    def clean_cas_no(self):
        cas = normalize_cas(self.cleaned_data.get("cas_no"))
        if cas:
            validate_cas(cas)
        return cas

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("废止日期不能早于施行日期"))
            return data
        data["instance"] = CriticalQuantity(
            name=data["name"].strip(), aliases=data["aliases"].strip(), cas_no=data["cas_no"],
            critical_quantity=data["critical_quantity"], beta=data.get("beta"),
            standard=data["standard"].strip() or "GB 18218-2018 表1", valid_from=data["valid_from"],
            valid_to=data.get("valid_to"))
        return data

    def save(self, commit=False):
        return self.cleaned_data["instance"]
