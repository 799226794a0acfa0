from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .models import Organisation, User


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "industry", "committee_kind", "region", "parent", "members", "phone",
                  "address"]


class UserForm(ScopedModelForm):
    roles = forms.ModelMultipleChoiceField(label=_("角色"), queryset=Group.objects.filter(role__isnull=False),
                                           required=False, widget=forms.CheckboxSelectMultiple)
    password1 = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False), required=False,
                                strip=False, help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, required=False, strip=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "region", "organisation", "title", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].required = True
        self.fields["roles"].widget.attrs.pop("class", None)
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.groups.filter(role__isnull=False))
            del self.fields["password1"], self.fields["password2"]
        else:
            self.fields["password1"].required = True
            self.fields["password2"].required = True

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            candidate = User(username=data.get("username", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        org, region = data.get("organisation"), data.get("region")
        if org and region and not org.region.is_within(region) and not region.is_within(org.region):
            self.add_error("organisation", _("所在单位与管辖区划不在同一辖区"))
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("password1"):
            user.set_password(self.cleaned_data["password1"])
            user.must_change_password = True  # an initial password the administrator knows (等保: change at first login)
        if commit:
            user.save()
            self.save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        roles = set(self.cleaned_data.get("roles") or [])
        current = set(self.instance.groups.filter(role__isnull=False))
        if roles - current:
            self.instance.groups.add(*(roles - current))
        if current - roles:
            self.instance.groups.remove(*(current - roles))


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, strip=False,
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("确认新密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data

    def save(self):
        self.user.set_password(self.cleaned_data["password1"])
        self.user.save()
        return self.user


class OwnPasswordForm(SetPasswordForm):
    """A user changing his own password first proves he knows the current one (a stolen session is not enough)."""

    old_password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput, strip=False)
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.order_fields(self.field_order)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("当前密码不正确"))
        return value


class OTPTokenForm(forms.Form):
    token = forms.CharField(label=_("动态口令"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                                          "inputmode": "numeric", "autofocus": True}),
                            error_messages={"required": _("请输入 6 位动态口令")})


class APITokenForm(forms.Form):
    """A new API token: what it is for, and how many days it lives (at most YINGJI_API_TOKEN_MAX_AGE_DAYS)."""

    name = forms.CharField(label=_("令牌名称"), max_length=60,
                           help_text=_("写明调用它的系统或用途，例如“市局数据交换”"),
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                           error_messages={"required": _("请填写令牌名称，例如调用它的系统")})
    days = forms.IntegerField(label=_("有效天数"), min_value=1,
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        limit = settings.YINGJI_API_TOKEN_MAX_AGE_DAYS
        field = self.fields["days"]
        field.max_value = limit
        field.initial = limit
        field.validators.append(MaxValueValidator(limit, message=_("有效期最长 %(limit_value)s 天")))
        field.widget.attrs["max"] = limit
        field.help_text = _("最长 %(n)d 天，到期后须重新生成") % {"n": limit}

    def clean_name(self):
        from yingji.platform.core.validators import strip_control_characters

        name = strip_control_characters(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("请填写令牌名称，例如调用它的系统"))
        return name
