from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.models import Region

from .choices import Channel, Level
from .models import Group, Recipient, Ward


class RecipientForm(ScopedModelForm):
    class Meta:
        model = Recipient
        fields = ["name", "phone", "duty", "position", "region", "recipient_groups", "superior", "email", "terminal",
                  "note"]


class GroupForm(ScopedModelForm):
    class Meta:
        model = Group
        fields = ["name", "region", "description"]


class WardForm(ScopedModelForm):
    class Meta:
        model = Ward
        fields = ["kind", "name", "phone", "address", "people", "region", "guardian", "note"]


class ReleaseForm(forms.Form):
    """A release written on this page (a warning's release is started by the warnings app)."""

    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("发送内容"), widget=forms.Textarea(attrs={"rows": 4}))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    regions = forms.ModelMultipleChoiceField(label=_("发送区域"), queryset=Region.objects.none(), required=False,
                                             help_text=_("所选区划及其下辖全部区划"))
    groups = forms.ModelMultipleChoiceField(label=_("接收分组"), queryset=Group.objects.none(), required=False)
    channels = forms.MultipleChoiceField(label=_("发送渠道"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple, initial=["sms", "app"])
    confirm = forms.TypedChoiceField(label=_("叫应"), required=False, coerce=lambda v: {"1": True, "0": False}.get(v),
                                     empty_value=None,
                                     choices=[("", _("按级别（橙色、红色须叫应）")), ("1", _("须叫应")), ("0", _("无须叫应"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["regions"].queryset = Region.objects.restrict(user).filter(level__gte=3).order_by("code")
        self.fields["groups"].queryset = Group.objects.restrict(user).active()
        self.fields["groups"].error_messages["invalid_choice"] = _("接收分组“%(value)s”不存在或不在您的管辖范围内")
        self.fields["regions"].error_messages["invalid_choice"] = _("区划“%(value)s”不存在或不在您的管辖范围内")

    def clean(self):
        data = super().clean()
        if not data.get("regions") and not data.get("groups"):
            raise forms.ValidationError(_("请选择发送区域或接收分组"))
        return data


class PhoneConfirmForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("电话叫应情况"), max_length=200,
                           error_messages={"required": _("请填写电话叫应情况（如通话时间、对方答复）")})
