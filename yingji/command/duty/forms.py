from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm

from .models import DutyLog, DutyPost, Shift

# who may be put on a shift: a bureau account that reads the roster
DUTY_PERMISSION = "duty.view_shift"
INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")


class DutyPostForm(ScopedModelForm):
    class Meta:
        model = DutyPost
        fields = ["region", "code", "name", "order", "shift_hours", "handover_time", "phone"]
        widgets = {"handover_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=(3, 4))


class RotationForm(forms.Form):
    people = forms.ModelMultipleChoiceField(label=_("轮班人员（按顺序）"), queryset=None,
                                            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = colleagues(user, DUTY_PERMISSION, reach="county")


class GenerateForm(forms.Form):
    start_day = forms.DateField(label=_("开始日期（无排班时）"), required=False,
                                widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    until = forms.DateField(label=_("排至日期（含）"),
                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))


class SwapForm(forms.Form):
    other = forms.ModelChoiceField(label=_("与此班次互换"), queryset=Shift.objects.none(),
                                   widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("换班原因"), max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, shift=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        import datetime

        qs = Shift.objects.restrict(user, "view").active().filter(
            post__region=shift.post.region, start__gte=shift.start - datetime.timedelta(days=31),
            start__lte=shift.start + datetime.timedelta(days=31)).exclude(pk=shift.pk) \
            .select_related("post", "person").order_by("start", "post__order")
        self.fields["other"].queryset = qs


class SubstituteForm(forms.Form):
    person = forms.ModelChoiceField(label=_("替班人员"), queryset=None,
                                    widget=forms.Select(attrs={"class": "form-select"}))
    start = forms.DateTimeField(label=_("替班开始"), required=False, input_formats=INPUT_FORMATS,
                                widget=datetime_widget(), help_text=_("空为整个班次"))
    end = forms.DateTimeField(label=_("替班结束"), required=False, input_formats=INPUT_FORMATS,
                              widget=datetime_widget())
    reason = forms.CharField(label=_("替班原因"), max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = colleagues(user, DUTY_PERMISSION, reach="county")


class HandoverForm(forms.Form):
    post = forms.ModelChoiceField(label=_("值班岗位"), queryset=None,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    received_by = forms.ModelChoiceField(label=_("接班人"), queryset=None, required=False,
                                         widget=forms.Select(attrs={"class": "form-select"}))
    summary = forms.CharField(label=_("本班情况"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    new_items = forms.CharField(label=_("新增待办事项（每行一项）"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    done = forms.MultipleChoiceField(label=_("已办结的遗留事项"), required=False, choices=(),
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user=None, open_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = DutyPost.objects.restrict(user, "view").filter(voided_at__isnull=True) \
            .select_related("region")
        self.fields["received_by"].queryset = colleagues(user, DUTY_PERMISSION, reach="county")
        self.fields["done"].choices = [(str(i.pk), i.text) for i in open_items]


class DutyLogForm(ScopedModelForm):
    class Meta:
        model = DutyLog
        fields = ["region", "at", "kind", "counterpart", "phone", "content", "handling", "incident"]
        widgets = {"at": datetime_widget(), "content": forms.Textarea(attrs={"rows": 3}),
                   "handling": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].input_formats = INPUT_FORMATS
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=(3, 4))
        self.fields["incident"].queryset = self.fields["incident"].queryset.filter(status="open") \
            .select_related("region")
