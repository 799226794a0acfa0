import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.models import Region
from yingji.supervision.campaigns.services import limit_campaign_field
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField
from yingji.supervision.hazards.forms import HazardForm
from yingji.supervision.inspection_plans.models import PlannedInspection

from .choices import ItemResult
from .models import (
    INSPECTION_KINDS_OF_SOURCE,
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)
from .services import TEAM_PERMISSION, check_inspectors, inspectors_for, region_choices_for


def _regions(user):
    return region_choices_for(user) if user is not None else Region.objects.none()


class ChecklistTemplateForm(ScopedModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "sector", "region", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions(self.user)


ChecklistItemFormSet = forms.inlineformset_factory(
    ChecklistTemplate, ChecklistItem, fields=["position", "text", "basis"], extra=5, can_delete=True,
    widgets={"position": forms.NumberInput(attrs={"class": "form-control", "style": "width:5em"}),
             "text": forms.TextInput(attrs={"class": "form-control"}),
             "basis": forms.TextInput(attrs={"class": "form-control"})})


class InspectorCertificateForm(ScopedModelForm):
    class Meta:
        model = InspectorCertificate
        fields = ["user", "certificate_no", "issued_by", "valid_from", "valid_until"]
        widgets = {"valid_from": forms.DateInput(), "valid_until": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = inspectors_for(self.user)


HAZARD_NOT_OF_ENTERPRISE = _("只能关联被检查单位的隐患")


class InspectionForm(ScopedModelForm):
    """The inspection form, laid out for a phone in the field (inspections/inspection_form.html)."""

    class Meta:
        model = Inspection
        fields = ["enterprise", "inspected_on", "kind", "inspectors", "site_contact", "campaign", "plan_item",
                  "draw_item", "checklist", "findings", "hazards", "order_items", "rectify_deadline", "document_no"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"inspected_on": forms.DateInput(), "rectify_deadline": forms.DateInput(),
                   "inspectors": forms.CheckboxSelectMultiple, "hazards": forms.CheckboxSelectMultiple,
                   "findings": forms.Textarea(attrs={"rows": 5}), "order_items": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["enterprise"].queryset = f["enterprise"].queryset.order_by("name")
        f["inspectors"].queryset = inspectors_for(self.user)
        f["inspectors"].widget.attrs["class"] = ""
        visible = Enterprise.objects.restrict(self.user, "view").values("pk")
        year = timezone.localdate().year
        f["plan_item"].queryset = (PlannedInspection.objects.filter(enterprise__in=visible, plan__year__gte=year - 1,
                                                                    plan__voided_at__isnull=True)
                                   .select_related("plan", "enterprise"))
        f["draw_item"].queryset = (f["draw_item"].queryset.model.objects.filter(enterprise__in=visible, draw__voided_at__isnull=True,
                                                           draw__drawn_on__gte=datetime.date(year - 1, 1, 1))
                                   .select_related("draw", "enterprise"))
        enterprise_id = self.chosen_enterprise_id()
        if enterprise_id:
            f["plan_item"].queryset = f["plan_item"].queryset.filter(enterprise_id=enterprise_id)
            f["draw_item"].queryset = f["draw_item"].queryset.filter(enterprise_id=enterprise_id)
        # 发现的隐患: only the chosen enterprise's (the page reloads them when the enterprise changes, through
        # InspectionHazardChoicesView); a posted hazard of another enterprise is no choice, refused with the reason
        f["hazards"].queryset = (f["hazards"].queryset.filter(enterprise_id=enterprise_id).order_by("-found_on", "-pk")
                                 if enterprise_id else f["hazards"].queryset.none())
        f["hazards"].error_messages["invalid_choice"] = HAZARD_NOT_OF_ENTERPRISE
        f["hazards"].widget.attrs["class"] = ""
        f["hazards"].help_text = _("只列出被检查单位的隐患；本次发现的新隐患可点“登记新隐患”在此直接登记")
        limit_campaign_field(self, self.user, date_field="inspected_on")
        if not self.instance.pk:
            # (a new record's own empty values are in self.initial: they are no default)
            if not self.initial.get("inspected_on"):
                self.initial["inspected_on"] = timezone.localdate()
            if self.user is not None and self.user.pk and not self.initial.get("inspectors"):
                self.initial["inspectors"] = [self.user.pk]

    def chosen_enterprise_id(self):
        """The enterprise the form is about: the posted one when bound, else the initial or the record's own."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("enterprise"))
        else:
            value = self.initial.get("enterprise") or self.instance.enterprise_id
        value = str(value or "")
        return int(value) if value.isdigit() and len(value) < 19 else None

    def check_inspectors(self, kind, inspectors, day):
        """services.check_inspectors (the ledger import's form checks the certificates it loaded once)."""
        check_inspectors(kind, inspectors, day)

    def clean(self):
        data = super().clean()
        inspectors = data.get("inspectors")
        if inspectors is not None and data.get("kind"):
            try:
                self.check_inspectors(data["kind"], list(inspectors), data.get("inspected_on"))
            except forms.ValidationError as e:
                for field, msgs in e.message_dict.items():
                    self.add_error(field, msgs)
        hazards, enterprise = data.get("hazards"), data.get("enterprise")
        if hazards and enterprise is not None and any(h.enterprise_id != enterprise.pk for h in hazards):
            self.add_error("hazards", HAZARD_NOT_OF_ENTERPRISE)
        return data


def hazard_source_of(kind):
    """The 隐患来源 of a hazard found on an inspection of 检查方式 `kind` (本局执法检查 for 执法检查 …), or None."""
    return next((source for source, kinds in INSPECTION_KINDS_OF_SOURCE.items() if kind in kinds), None)


class InspectionHazardForm(HazardForm):
    """登记新隐患 from within the inspection form (a dialog): the hazard form's essentials for the enterprise chosen
    there, validated and saved as the hazard form does (scope, 发现人, audit)."""

    class Meta(HazardForm.Meta):
        fields = ["enterprise", "description", "category", "level", "criterion", "major_basis", "source", "found_by",
                  "found_on", "deadline", "responsible_person"]
        widgets = {**HazardForm.Meta.widgets, "enterprise": forms.HiddenInput}

    def chosen_enterprise(self):
        """The enterprise the hazard is registered for, if the user may choose it (else None)."""
        value = str(self["enterprise"].value() or "")
        if not value.isdigit() or len(value) >= 19:
            return None
        return self.fields["enterprise"].queryset.filter(pk=value).first()


class ChecklistAnswerForm(forms.Form):
    """One checklist item's result on the inspection's 检查表 page."""

    result = forms.ChoiceField(label=_("结果"), choices=ItemResult.choices, widget=forms.RadioSelect,
                               required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))


PHOTO_TYPES = {".jpg": ("image/jpeg", b"\xff\xd8\xff"), ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
               ".png": ("image/png", b"\x89PNG\r\n\x1a\n")}
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def validate_photo(upload):
    """A .jpg or .png: extension, declared content type and the file's first bytes must agree."""
    name = (upload.name or "").lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in PHOTO_TYPES:
        raise forms.ValidationError(_("只能上传 .jpg 或 .png 格式的照片"))
    content_type, magic = PHOTO_TYPES[ext]
    declared = (getattr(upload, "content_type", "") or "").lower()
    if declared and declared != content_type:
        raise forms.ValidationError(_("文件类型与扩展名不符，只能上传 JPG 或 PNG 照片"))
    if upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("照片不能超过 10 MB"))
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise forms.ValidationError(_("文件内容不是有效的 JPG 或 PNG 图片"))
    return upload


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("照片（JPG/PNG）"), validators=[validate_photo],
                           error_messages={"required": _("请选择照片")},
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-lg",
                                                                  "accept": "image/jpeg,image/png",
                                                                  "capture": "environment"}))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))


class SupervisionVisitForm(ScopedModelForm):
    class Meta:
        model = SupervisionVisit
        fields = ["target_kind", "organisation", "visited_on", "team", "campaign", "subject", "findings",
                  "requirements", "rectify_deadline"]
        widgets = {"visited_on": forms.DateInput(), "rectify_deadline": forms.DateInput(),
                   "team": forms.CheckboxSelectMultiple, "findings": forms.Textarea(attrs={"rows": 4}),
                   "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["organisation"].queryset = f["organisation"].queryset.filter(
            kind__in=["township_office", "industry"]).order_by("region__code", "name")
        f["team"].queryset = colleagues(self.user, TEAM_PERMISSION)
        f["team"].widget.attrs["class"] = ""


class SupervisionNoticeForm(ScopedModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["title", "document_no", "issued_on", "region", "visits", "content"]
        widgets = {"issued_on": forms.DateInput(), "content": forms.Textarea(attrs={"rows": 10}),
                   "visits": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions(self.user)

    def clean(self):
        data = super().clean()
        issued_on = data.get("issued_on")
        if issued_on and any(v.visited_on > issued_on for v in data.get("visits") or ()):
            self.add_error("visits", _("通报的督导检查日期不能晚于印发日期"))
        return data
