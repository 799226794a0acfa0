from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.choices import Level
from yingji.supervision.campaigns.services import limit_campaign_field
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField

from .choices import HazardSource, HazardState
from .models import Hazard, MajorHazardCriterion

CLOSED_IS_FINAL = _("已销号的隐患不能修改；如登记有误，请作废后重新登记")
# 发现人: a colleague who may register hazards himself
FINDER_PERMISSION = "hazards.add_hazard"


class HazardForm(ScopedModelForm):
    """Register or correct a hazard. Its state is moved only by the transition forms below."""

    class Meta:
        model = Hazard
        fields = ["enterprise", "ledger_no", "description", "category", "level", "criterion", "major_basis", "source",
                  "found_by", "found_by_name", "found_on", "photo", "deadline", "responsible_person",
                  "supervision_level", "supervising_unit", "supervision_deadline", "campaign"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"found_on": forms.DateInput(), "deadline": forms.DateInput(),
                   "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
                   "supervision_deadline": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # the items in force today: national ones and those of the user's province, city and county
        criteria = MajorHazardCriterion.objects
        self.fields["criterion"].queryset = (criteria.applicable(None, user.region) if user is not None and user.region
                                             else criteria.valid_on())
        if user is not None:
            self.fields["found_by"].queryset = colleagues(user, FINDER_PERMISSION)
            if self.instance.pk is None:
                if not self.initial.get("found_by"):  # the new record's own value (None) is no choice
                    self.initial["found_by"] = user.pk
                if user.region is not None and user.region.level == Level.GRID and not self.initial.get("source"):
                    self.initial["source"] = HazardSource.GRID  # a 网格员's patrol: 网格巡查
        limit_campaign_field(self, user, date_field="found_on")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state == HazardState.CLOSED:
            raise ValidationError(CLOSED_IS_FINAL)
        return data


class PlanForm(forms.Form):
    """开始整改: the 五落实, the deadline and the responsible person."""

    plan_responsibility = forms.CharField(label=_("责任落实"), max_length=300, required=False,
                                          help_text=_("整改责任单位、责任领导"))
    plan_measures = forms.CharField(label=_("措施落实"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    plan_funds = forms.DecimalField(label=_("资金落实（元）"), required=False, min_value=0, decimal_places=2)
    plan_time_limit = forms.CharField(label=_("时限落实"), max_length=300, required=False)
    plan_contingency = forms.CharField(label=_("预案落实"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("整改期间的安全防范措施和应急预案"))
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    responsible_person = forms.CharField(label=_("整改责任人"), max_length=60, required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(forms.Form):
    evidence = forms.CharField(label=_("整改情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("佐证材料（照片或文件）"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    note = forms.CharField(label=_("退回原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
