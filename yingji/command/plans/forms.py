from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .choices import FindingState, RevisionReason
from .files import validate_document, validate_photo
from .models import Drill, DrillFinding, DrillPhoto, Plan, PlanAction, PlanLevel, PlanVersion, check_drill_plans
from .pickers import DrillChoiceField, PlanMultipleChoiceField

TEXTAREA = {"rows": 3}


class PlanForm(ScopedModelForm):
    """A plan's record. On creation its first text is uploaded with it (version 1)."""

    first_file = forms.FileField(label=_("预案文本"), required=False, validators=[validate_document],
                                 help_text=_("PDF、Word、WPS 或 OFD，不超过 20 MB；登记后修订请在预案页“登记新版本”"))
    first_label = forms.CharField(label=_("版本"), max_length=60, required=False, initial=_("首次发布版"))

    class Meta:
        model = Plan
        fields = ["name", "kind", "enterprise_part", "event_type", "production_safety", "high_risk", "owner",
                  "owner_name", "owner_credit_code", "region", "document_no", "issued_on", "last_evaluated_on",
                  "evaluation_note", "abolished_on"]
        widgets = {"issued_on": forms.DateInput(), "last_evaluated_on": forms.DateInput(),
                   "abolished_on": forms.DateInput(), "evaluation_note": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["first_file"]
            del self.fields["first_label"]
        elif user is not None and user.region_id:
            self.initial.setdefault("region", user.region_id)
            if getattr(user, "organisation_id", None):
                self.initial.setdefault("owner", user.organisation_id)


class PlanVersionForm(ScopedModelForm):
    """登记新版本: a new row; the drill findings this revision answers are closed with it."""

    findings = forms.ModelMultipleChoiceField(
        label=_("本次修订解决的演练问题"), queryset=DrillFinding.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("勾选的问题随本版本登记而关闭"))

    class Meta:
        model = PlanVersion
        fields = ["label", "issued_on", "document_no", "reason", "summary", "file"]
        widgets = {"issued_on": forms.DateInput(), "summary": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, plan=None, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["reason"].initial = RevisionReason.DRILL
        findings = DrillFinding.objects.filter(plan=plan, state=FindingState.OPEN, voided_at__isnull=True)
        if user is not None:
            findings = findings.restrict(user, "change")
        self.fields["findings"].queryset = findings.select_related("drill")
        self.fields["findings"].widget.attrs["class"] = "form-check-input"


class PlanShellForm(ScopedModelForm):
    """The plan itself is not edited on the level and action pages: only its rows."""

    class Meta:
        model = Plan
        fields = []


LevelFormSet = inlineformset_factory(Plan, PlanLevel, fields=["level", "trigger"], extra=1, can_delete=True,
                                     widgets={"trigger": forms.Textarea(attrs={"rows": 2})})
ActionFormSet = inlineformset_factory(Plan, PlanAction, fields=["level", "unit", "unit_name", "action", "position"],
                                      extra=2, can_delete=True,
                                      widgets={"action": forms.Textarea(attrs={"rows": 2})})


class DrillForm(ScopedModelForm):
    plans = PlanMultipleChoiceField(label=_("演练的预案"), queryset=Plan.objects.all())

    class Meta:
        model = Drill
        fields = ["name", "held_on", "kind", "organiser", "organiser_name", "region", "plans", "participants",
                  "scenario", "summary"]
        widgets = {"held_on": forms.DateInput(), "scenario": forms.Textarea(attrs=TEXTAREA),
                   "summary": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None and user is not None and user.region_id:
            self.initial.setdefault("region", user.region_id)

    def clean(self):
        data = super().clean()
        if data.get("plans") is not None and not self.has_error("held_on"):
            try:
                check_drill_plans(data.get("held_on"), data["plans"])
            except ValidationError as e:
                for field, messages in e.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return data


class DrillPhotoForm(ScopedModelForm):
    class Meta:
        model = DrillPhoto
        fields = ["file", "caption"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png",
                                                           "capture": "environment"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["file"].validators = [validate_photo]


class DrillFindingForm(ScopedModelForm):
    class Meta:
        model = DrillFinding
        fields = ["drill", "plan", "text", "responsible"]
        field_classes = {"drill": DrillChoiceField}
        widgets = {"text": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        drill_id = self.data.get("drill") or self.initial.get("drill") or self.instance.drill_id
        if drill_id and str(drill_id).isdigit():
            self.fields["plan"].queryset = self.fields["plan"].queryset.filter(drills=drill_id)
        else:
            self.fields["plan"].queryset = self.fields["plan"].queryset.none()

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state != FindingState.OPEN:
            raise ValidationError(_("已关闭的问题不能修改；如需继续整改，请先重新打开"))
        return data


# --- transition forms -----------------------------------------------------------------------------------------------
class SubmitFilingForm(forms.Form):
    authority = forms.CharField(label=_("备案受理部门"), max_length=120, required=False,
                                help_text=_("如：安澜县应急管理局"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilePlanForm(forms.Form):
    filing_no = forms.CharField(label=_("备案编号"), max_length=60, required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnFilingForm(forms.Form):
    note = forms.CharField(label=_("退回原因（须补正的材料）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReviseForm(forms.Form):
    version = forms.ModelChoiceField(label=_("据此修订的预案版本"), queryset=PlanVersion.objects.none(),
                                     required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        if finding is not None:
            self.fields["version"].queryset = PlanVersion.objects.filter(plan_id=finding.plan_id).order_by(
                "-issued_on", "-pk")


class DecideForm(forms.Form):
    note = forms.CharField(label=_("处理决定"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
