from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .choices import Channel, RecipientLevel, ReportKind, ResponseLevel
from .models import Incident, IncidentReport

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
COUNTS = {"deaths": _("死亡人数"), "missing": _("失踪人数"), "injuries": _("受伤人数"), "trapped": _("被困人数"),
          "evacuated": _("转移疏散人数")}


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class IncidentForm(ScopedModelForm):
    class Meta:
        model = Incident
        fields = ["title", "category", "incident_type", "occurred_at", "received_at", "place", "region",
                  "longitude", "latitude", "deaths", "missing", "injuries", "trapped", "evacuated", "grade",
                  "source", "reporter_name", "reporter_unit", "reporter_phone", "summary"]
        widgets = {"occurred_at": datetime_widget(), "received_at": datetime_widget(),
                   "summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {name: {"min_value": lazy(lambda label=label: _("%(label)s不能为负数") % {"label": label},
                                                      str)()}
                          for name, label in COUNTS.items()}
        error_messages["category"] = {"required": _("请选择事件类别")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__gte=3)
        for name in ("occurred_at", "received_at"):
            self.fields[name].input_formats = INPUT_FORMATS


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices)
    channel = forms.ChoiceField(label=_("报告方式"), choices=Channel.choices)
    recipient_level = forms.ChoiceField(label=_("报告对象"), choices=RecipientLevel.choices)
    recipient = forms.CharField(label=_("接收单位"), max_length=120, required=False)
    reported_at = forms.DateTimeField(label=_("报告时间"), input_formats=INPUT_FORMATS, widget=datetime_widget())
    content = forms.CharField(label=_("报告内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[("decision", _("指挥决策")), ("update", _("情况更新")),
                                                      ("note", _("备注"))])
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    unit = forms.CharField(label=_("承办单位"), max_length=120)
    text = forms.CharField(label=_("任务内容"), widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateTimeField(label=_("完成时限"), required=False, input_formats=INPUT_FORMATS,
                              widget=datetime_widget())


class TaskDoneForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("完成情况"), required=False)


class ResponseForm(forms.Form):
    level = forms.TypedChoiceField(label=_("响应级别"), coerce=int, empty_value=None, required=False,
                                   choices=[("", _("终止响应")), *ResponseLevel.choices])
    note = forms.CharField(label=_("说明"), required=False)


class CloseForm(forms.Form):
    summary = forms.CharField(label=_("处置总结"), widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("结束事件须填写处置总结")})


class HandoffForm(forms.Form):
    """转为…: the kind of record the incident becomes (one button per kind, core.handoffs)."""

    kind = forms.CharField(widget=forms.HiddenInput)


class IncidentReportForm(ScopedModelForm):
    class Meta:
        model = IncidentReport
        fields = ["incident", "kind", "channel", "recipient_level", "recipient", "reported_at", "content"]
        widgets = {"reported_at": datetime_widget(), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_at"].input_formats = INPUT_FORMATS
        self.fields["incident"].queryset = self.fields["incident"].queryset.select_related("region")
        if self.instance.pk:
            self.fields["incident"].disabled = True
