
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.core.validators import normalize_credit_code
from yingji.platform.regions.choices import Level

from .models import (
    CriticalQuantity,
    Enterprise,
    HazardChemical,
    KeyPerson,
    MajorHazardSource,
    supervising_departments_for,
)
from .pickers import EnterpriseChoiceField
from .validators import normalize_cas

# 包保责任人: a colleague who keeps enterprise files
LIAISON_PERMISSION = "enterprises.change_enterprise"

ENTERPRISE_FIELDS = [
    "name", "credit_code", "address", "region", "longitude", "latitude", "sector", "subsector", "size",
    "supervising_department", "risk_grade", "status", "standardisation_grade", "insurer", "insurance_policy",
    "insurance_expiry", "principal_name", "principal_phone", "liaison", "notes", "filed_on",
]


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"insurance_expiry": forms.DateInput(), "filed_on": forms.DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(
            level__in=[Level.TOWNSHIP, Level.VILLAGE, Level.GRID]).order_by("code")
        self.fields["region"].help_text = _("企业（场所）所在的乡镇（街道）、村（社区）或网格")
        self.fields["supervising_department"].queryset = supervising_departments_for(user).order_by("name")
        if user is not None:
            # 包保责任人: a colleague in the user's region who keeps enterprise files, even when the user may not
            # browse the accounts
            self.fields["liaison"].queryset = colleagues(user, LIAISON_PERMISSION)
        # 建档日期: today for a new enterprise unless the bureau's file says otherwise; left blank, it stays as it was
        self.fields["filed_on"].required = False

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])

    def clean_filed_on(self):
        value = self.cleaned_data.get("filed_on")
        if value is None:
            value = self.instance.filed_on if self.instance.pk else timezone.localdate()
        return value


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


class CriticalQuantityForm(ScopedModelForm):
    """A named chemical of GB 18218 表1 (or of a revised standard) and its critical quantity. The table has no edit
    page (it is the standard's, seeded by a migration); administrators add rows with the import, which validates
    each row with this form."""

    class Meta:
        model = CriticalQuantity
        fields = ["name", "aliases", "cas_no", "critical_quantity", "beta", "standard", "valid_from", "valid_to"]

    def clean_cas_no(self):
        return normalize_cas(self.cleaned_data.get("cas_no"))
