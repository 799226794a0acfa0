import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .choices import KIND_WORDS, WEEKDAYS, DayKind
from .models import CalendarDay


class CalendarDayForm(ScopedModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "holiday", "basis", "note"]
        widgets = {"date": forms.DateInput()}


class CalendarDayImportForm(forms.Form):
    """One row of a year's notice: 日期, 类型 (放假/调休上班), 节日, 依据, 备注 — checked like the web form."""

    date = forms.DateField(label=_("日期"), input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"],
                           error_messages={"required": _("日期不能为空"),
                                           "invalid": _("日期格式不正确，应为 YYYY-MM-DD")})
    kind = forms.CharField(label=_("类型"), error_messages={"required": _("类型不能为空（放假或调休上班）")})
    holiday = forms.CharField(label=_("节日"), max_length=30, required=False)
    basis = forms.CharField(label=_("依据"), max_length=200, error_messages={"required": _("依据不能为空")})
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, user=None, ctx=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ctx = user, ctx

    def clean_kind(self):
        value = self.cleaned_data["kind"].strip()
        kind = KIND_WORDS.get(value) or KIND_WORDS.get(value.lower())
        if kind is None:
            raise forms.ValidationError(_("类型“%(v)s”不正确，应为“放假”或“调休上班”") % {"v": value})
        return kind

    def clean(self):
        data = super().clean()
        day, kind = data.get("date"), data.get("kind")
        if isinstance(day, datetime.date) and kind == DayKind.WORKDAY and day.weekday() < 5:
            self.add_error("kind", _("%(d)s 是%(w)s，本来就是工作日，不能登记为调休上班（调休上班只能是星期六或星期日）") % {
                "d": day.strftime("%Y-%m-%d"), "w": WEEKDAYS[day.weekday()]})
        if kind == DayKind.HOLIDAY and not (data.get("holiday") or "").strip():
            self.add_error("holiday", _("放假日须填写节日名称（如：春节）"))
        return data

    def save(self, commit=False):
        d = self.cleaned_data
        return CalendarDay(date=d["date"], kind=d["kind"], holiday=(d.get("holiday") or "").strip(),
                           basis=d["basis"].strip(), note=(d.get("note") or "").strip())
