from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField

from .models import Accident, AccidentInvestigation, AccidentReport

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
NEGATIVE_LABELS = {"deaths": _("死亡人数"), "missing": _("下落不明人数"), "serious_injuries": _("重伤人数"),
                   "injuries": _("受伤人数"), "direct_loss": _("直接经济损失")}


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class AccidentForm(ScopedModelForm):
    class Meta:
        model = Accident
        fields = ["occurred_at", "place", "region", "longitude", "latitude", "enterprise", "unit_name",
                  "department", "sector", "accident_type", "deaths", "missing", "serious_injuries", "injuries",
                  "direct_loss", "summary", "investigation_extended", "investigation_report_date"]
        field_classes = {"enterprise": EnterpriseChoiceField}
        widgets = {"occurred_at": datetime_widget(), "investigation_report_date": forms.DateInput(),
                   "summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {name: {"min_value": _("%(label)s不能为负数") % {"label": label}}
                          for name, label in NEGATIVE_LABELS.items()}
        help_texts = {"direct_loss": _("单位：元。等级按死亡、重伤、直接经济损失中最高者自动认定，不能手工填写")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__gte=3)
        self.fields["occurred_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class AccidentReportForm(ScopedModelForm):
    class Meta:
        model = AccidentReport
        fields = ["accident", "kind", "to_level", "reported_at", "reporter", "note"]
        widgets = {"reported_at": datetime_widget(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["accident"].queryset = self.fields["accident"].queryset.select_related("region")
        if self.instance.pk:
            # a report belongs to its accident for good; its snapshot was taken from that accident
            self.fields["accident"].disabled = True


class AccidentInvestigationForm(ScopedModelForm):
    class Meta:
        model = AccidentInvestigation
        fields = ["accident", "lead_unit", "leader", "members", "started_on", "nature", "cause", "approved_on",
                  "criminal_count", "discipline_count", "penalised_count", "enterprise_fine", "enforcement_case",
                  "measures", "review_due", "reviewed_on", "review_result"]
        widgets = {"started_on": forms.DateInput(), "approved_on": forms.DateInput(), "review_due": forms.DateInput(),
                   "reviewed_on": forms.DateInput(), "members": forms.Textarea(attrs={"rows": 2}),
                   "cause": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3}),
                   "review_result": forms.Textarea(attrs={"rows": 2})}
        error_messages = {name: {"min_value": _("%(label)s不能为负数") % {"label": label}} for name, label in {
            "criminal_count": _("追究刑事责任人数"), "discipline_count": _("党纪政务处分人数"),
            "penalised_count": _("行政处罚人数"), "enterprise_fine": _("罚款")}.items()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accidents = self.fields["accident"].queryset.select_related("region")
        if self.instance.pk:
            self.fields["accident"].disabled = True
        else:
            accidents = accidents.filter(investigation__isnull=True)
        self.fields["accident"].queryset = accidents
