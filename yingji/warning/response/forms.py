from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.choices import Level as RegionLevel

from .choices import ResponseLevel, ResponseState
from .models import EmergencyResponse

OPEN_EXISTS = _("该区划的同类预案已有未终止的应急响应，请在其页面提升或降低级别")


class ResponseForm(ScopedModelForm):
    class Meta:
        model = EmergencyResponse
        fields = ["region", "plan_type", "level", "reason", "warning"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__lte=RegionLevel.TOWNSHIP)
        self.fields["warning"].queryset = self.fields["warning"].queryset.exclude(identifier="").order_by("-sent")
        if user is not None and self.instance.pk is None and user.region_id:
            self.initial.setdefault("region", user.region_id)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state != ResponseState.PROPOSED:
            raise ValidationError(_("已启动的应急响应不能修改；请用“提升/降低/终止”记录决策"))
        region, plan = data.get("region"), data.get("plan_type")
        if region is not None and plan and EmergencyResponse.objects.active().filter(
                region=region, plan_type=plan, state__in=(ResponseState.PROPOSED, ResponseState.ACTIVE)).exclude(
                pk=self.instance.pk).exists():
            raise ValidationError(OPEN_EXISTS)
        return data


class DecisionForm(forms.Form):
    decided_by = forms.CharField(label=_("决策人"), max_length=100, required=False,
                                 help_text=_("如：县防指指挥长 张三"))
    decided_at = forms.DateTimeField(label=_("决策时间"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     help_text=_("空为现在"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LevelDecisionForm(DecisionForm):
    level = forms.TypedChoiceField(label=_("调整后级别"), choices=ResponseLevel.choices, coerce=int, required=False)


class TaskDoneForm(forms.Form):
    note = forms.CharField(label=_("落实情况"), max_length=300, required=False)


class StepForm(forms.Form):
    message = forms.CharField(label=_("提示通知"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("忽略原因"), required=False, max_length=200)
