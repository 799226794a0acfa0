from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.campaigns.services import limit_campaign_field
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField

from .choices import CaseState, DeliveryMethod, PenaltyKind, PenaltyTarget, Step
from .models import EnforcementCase, Measure
from .services import OFFICER_PERMISSION

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")




class OfficersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class EnforcementCaseForm(ScopedModelForm):
    officers = OfficersField(label=_("承办执法人员"), queryset=get_user_model().objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = EnforcementCase
        fields = ["enterprise", "title", "origin", "hazard", "origin_reference", "procedure", "department", "officers",
                  "facts", "violated_provisions", "penalty_basis", "decision_extension", "campaign"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"facts": forms.Textarea(attrs={"rows": 4}), "violated_provisions": forms.Textarea(attrs={"rows": 2}),
                   "penalty_basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = colleagues(self.user, OFFICER_PERMISSION)
        self.fields["officers"].widget.attrs["class"] = "form-check-input"
        self.fields["department"].queryset = self.fields["department"].queryset.filter(kind__in=["bureau", "industry"])
        limit_campaign_field(self, self.user, date_field="filed_on")
        if self.instance.pk and self.instance.reached(CaseState.FILED):
            for name in ("enterprise", "procedure"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.reached(CaseState.DECIDED):
            raise forms.ValidationError(_("已作出处罚决定的案件不能修改基本信息"))
        return data


class StepForm(forms.Form):
    """One step of the procedure: date, the officers (at least two) and a note; extra fields per step."""

    date = forms.DateField(label=_("日期"), widget=DATE, error_messages={"required": _("请填写日期")})
    officers = OfficersField(label=_("执法人员（至少两人）"), queryset=get_user_model().objects.none(),
                             widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    note = forms.CharField(label=_("情况记录"), required=False, widget=forms.Textarea(attrs={"rows": 2,
                                                                                        "class": "form-control"}))

    def __init__(self, *args, user=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = colleagues(user, OFFICER_PERMISSION)
        if case is not None and not self.is_bound:
            self.initial.setdefault("officers", [u.pk for u in case.officers.all()])

    def clean_officers(self):
        officers = self.cleaned_data["officers"]
        if len(officers) < 2:
            raise forms.ValidationError(_("执法人员不得少于两人（行政处罚法第四十二条）"))
        return officers

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["officers"] = list(data["officers"])
        return data


class NotifyForm(StepForm):
    hearing_right = forms.BooleanField(label=_("告知听证权利（较大数额罚款、责令停产停业、吊销证照等）"), required=False,
                                       widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class HearingForm(StepForm):
    notice_date = forms.DateField(label=_("听证通知送达日期"), widget=DATE,
                                  error_messages={"required": _("请填写听证通知日期")})


class DeliverForm(StepForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryMethod.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))


class ExecuteForm(StepForm):
    paid_amount = forms.DecimalField(label=_("实缴罚没款（元）"), required=False, max_digits=14, decimal_places=2,
                                     widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}))
    paid_on = forms.DateField(label=_("缴款日期"), required=False, widget=DATE)


STEP_FORMS = {Step.NOTIFY: NotifyForm, Step.HOLD_HEARING: HearingForm, Step.DELIVER: DeliverForm,
              Step.EXECUTE: ExecuteForm}


def step_form(step, *args, **kwargs):
    return STEP_FORMS.get(step, StepForm)(*args, **kwargs)


class PenaltyForm(forms.Form):
    """A penalty added to a decided case; its 专项行动 defaults to the case's."""

    kind = forms.ChoiceField(label=_("处罚种类"), choices=PenaltyKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    target = forms.ChoiceField(label=_("处罚对象"), choices=PenaltyTarget.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
    amount = forms.DecimalField(label=_("金额（元）"), required=False, max_digits=14, decimal_places=2,
                                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}))
    target_name = forms.CharField(label=_("被处罚人姓名（对个人）"), required=False, max_length=150,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    suspension_days = forms.IntegerField(label=_("停产停业/暂扣期限（日）"), required=False, min_value=1,
                                         widget=forms.NumberInput(attrs={"class": "form-control"}))
    note = forms.CharField(label=_("说明"), required=False, max_length=300,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    campaign = forms.ModelChoiceField(label=_("专项行动"), queryset=Campaign.objects.none(), required=False,
                                      help_text=_("不选则取案件的专项行动"),
                                      widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, user=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_campaign_field(self, user, day=getattr(case, "decided_on", None))


class ReviewForm(forms.Form):
    date = forms.DateField(label=_("评查日期"), widget=DATE, error_messages={"required": _("请填写评查日期")})
    conclusion = forms.CharField(label=_("评查意见"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        from .services import REVIEW_ITEMS

        super().__init__(*args, **kwargs)
        self.items = []
        for code, label, maximum in REVIEW_ITEMS:
            self.fields[f"score_{code}"] = forms.DecimalField(
                label=f"{label}（{maximum}分）", min_value=0, max_value=maximum, decimal_places=1,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
                error_messages={"required": _("请打分")})
            self.fields[f"remark_{code}"] = forms.CharField(
                label=_("扣分说明"), required=False, max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control"}))
            self.items.append((code, f"score_{code}", f"remark_{code}"))

    def scores(self):
        return {code: (self.cleaned_data[s], self.cleaned_data.get(r, "")) for code, s, r in self.items}


class MeasureForm(ScopedModelForm):
    class Meta:
        model = Measure
        fields = ["kind", "date", "enterprise", "case", "department", "note", "campaign"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"date": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = self.fields["department"].queryset.filter(kind__in=["bureau", "industry"])
        self.fields["case"].queryset = self.fields["case"].queryset.exclude(number__isnull=True)
        limit_campaign_field(self, self.user, date_field="date")
