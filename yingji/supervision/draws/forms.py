from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.regions.models import Region
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.enterprises.choices import RiskGrade, Sector
from yingji.supervision.inspections.services import region_choices_for

from .choices import MIN_DRAW_INSPECTORS


def _regions(user):
    return region_choices_for(user) if user is not None else Region.objects.none()


class DrawForm(forms.Form):
    title = forms.CharField(label=_("抽查名称"), max_length=150,
                            initial=lambda: f"{timezone.localdate():%Y年%m月}双随机抽查")
    region = forms.ModelChoiceField(label=_("抽查区划"), queryset=Region.objects.none())
    sectors = forms.MultipleChoiceField(label=_("行业（不选为全部）"), choices=Sector.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    risk_grades = forms.MultipleChoiceField(label=_("风险等级（不选为全部）"), choices=RiskGrade.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)
    campaign = forms.ModelChoiceField(label=_("限于专项行动纳入的企业"), queryset=Campaign.objects.none(),
                                      required=False)
    count = forms.IntegerField(label=_("抽取企业数"), min_value=1, max_value=10000)
    per_enterprise = forms.IntegerField(label=_("每家企业匹配执法人员数"), min_value=MIN_DRAW_INSPECTORS,
                                        max_value=5, initial=MIN_DRAW_INSPECTORS)
    seed = forms.IntegerField(label=_("随机种子（留空则自动生成）"), required=False, min_value=0,
                              max_value=2 ** 62)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = _regions(user)
        self.fields["campaign"].queryset = Campaign.objects.restrict(user, "view").active()
        for _name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")
