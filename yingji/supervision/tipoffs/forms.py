from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField
from yingji.supervision.hazards.choices import HazardCategory
from yingji.supervision.inspections.models import Inspection

from .models import Tipoff


class TipoffForm(ScopedModelForm):
    """受理 (intake) or correct a report; its handling moves only through the transition forms below."""

    class Meta:
        model = Tipoff
        fields = ["channel", "received_at", "anonymous", "reporter_name", "reporter_phone", "enterprise", "place",
                  "region", "description"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].required = False
        self.fields["region"].help_text = _("选择了企业时可不填，取企业所在区划")
        if self.instance.pk and not (user and user.has_perm("accounts.view_personal_data")):
            # who may not see the reporter in full does not get him in a form either
            for name in ("reporter_name", "reporter_phone"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("enterprise"):
            data["region"] = data["enterprise"].region
        elif not data.get("region") and "region" not in self.errors:
            self.add_error("region", _("请选择所在区划"))
        return data


class FindingForm(forms.Form):
    finding = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("说明"), required=False)


class ConvertForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("隐患所在企业"), queryset=Enterprise.objects.none(), required=False,
                                       help_text=_("不填则为被举报企业"))
    category = forms.ChoiceField(label=_("隐患类别"), choices=HazardCategory.choices)
    description = forms.CharField(label=_("隐患描述"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("不填则取核查情况"))
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view") if user else \
            Enterprise.objects.none()


class InspectForm(forms.Form):
    inspection = forms.ModelChoiceField(label=_("检查记录"), queryset=Inspection.objects.none(),
                                        help_text=_("被举报企业的现场检查记录"))
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, user=None, tipoff=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Inspection.objects.restrict(user, "view").active() if user else Inspection.objects.none()
        if tipoff is not None and tipoff.enterprise_id:
            qs = qs.filter(enterprise_id=tipoff.enterprise_id)
        self.fields["inspection"].queryset = qs.select_related("enterprise")


class RewardForm(forms.Form):
    amount = forms.DecimalField(label=_("奖励金额（元）"), min_value=0, max_digits=10, decimal_places=2)
    reward_date = forms.DateField(label=_("奖励决定日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    paid = forms.BooleanField(label=_("已发放"), required=False)
    note = forms.CharField(label=_("说明"), required=False)
