from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.core.validators import validate_mobile
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField
from yingji.supervision.hazards.models import Hazard

from .models import EnterpriseAccount
from .scope import ENTERPRISE_FIELDS


class EnterpriseAccountForm(ScopedModelForm):
    """The bureau opens an account (with its login) or changes its role and whether it is active."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(label=_("手机号码"), max_length=20, validators=[validate_mobile])
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)

    class Meta:
        model = EnterpriseAccount
        fields = ["enterprise", "role", "active"]
        field_classes = {"enterprise": EnterpriseChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("username", "full_name", "phone", "password"):
                del self.fields[name]
            self.fields["enterprise"].disabled = True

    def clean_password(self):
        value = self.cleaned_data["password"]
        validate_password(value)
        return value


class OwnEnterpriseForm(ScopedModelForm):
    """企业端: the part of the file the enterprise keeps current itself."""

    class Meta:
        model = Enterprise
        fields = [f for f in ENTERPRISE_FIELDS if f != "updated_at"]
        widgets = {"insurance_expiry": forms.DateInput()}


class SelfInspectionForm(ScopedModelForm):
    """企业自查: a hazard the enterprise found itself (source and finder are set by the view)."""

    class Meta:
        model = Hazard
        fields = ["description", "category", "found_on", "photo", "deadline", "responsible_person"]
        widgets = {"found_on": forms.DateInput(), "deadline": forms.DateInput(),
                   "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
                   "description": forms.Textarea(attrs={"rows": 3})}
