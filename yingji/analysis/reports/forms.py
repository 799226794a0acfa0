from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import reports as registry
from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

from .context import FIRST_YEAR
from .models import BaselineFigure, ReportNarrative


def report_regions(user):
    """Regions a report can be made for: the user's county-or-above and township regions in scope."""
    return (Region.objects.restrict(user).filter(voided_at__isnull=True, level__lte=Level.TOWNSHIP)
            .order_by("code"))


def default_year(today=None):
    """The year a bureau reports on: the current one from November (the summary is written in December),
    the last one before."""
    today = today or timezone.localdate()
    return today.year if today.month >= 11 else today.year - 1


class ReportNarrativeForm(ScopedModelForm):
    section = forms.ChoiceField(label=_("报告章节"), choices=())

    class Meta:
        model = ReportNarrative
        fields = ["region", "year", "section", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = registry.section_choices()
        self.fields["section"].widget.attrs.setdefault("class", "form-select")
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__lte=Level.TOWNSHIP)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = default_year()


class BaselineFigureForm(ScopedModelForm):
    class Meta:
        model = BaselineFigure
        fields = ["region", "year", "indicator", "value", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__lte=Level.TOWNSHIP)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year - 1


class AnnualReportForm(forms.Form):
    region = forms.ModelChoiceField(label=_("行政区划"), queryset=Region.objects.none(), to_field_name="code",
                                    error_messages={"invalid_choice": _("该行政区划不存在或不在您的管辖范围内")})
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())
    start = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("填写起止日期则按该时段生成（同一年度内，如一季度、上半年）；不填为全年"))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = report_regions(user)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-control form-control-sm" if name in ("start", "end") else \
                "form-select form-select-sm"

