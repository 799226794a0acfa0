from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .models import INDICATOR_FIELDS, DisasterEvent, LossReport

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class DisasterEventForm(ScopedModelForm):
    class Meta:
        model = DisasterEvent
        fields = ["name", "disaster_type", "started_at", "ended_at", "stable_at", "region", "townships", "summary"]
        widgets = {"started_at": datetime_widget(), "ended_at": datetime_widget(), "stable_at": datetime_widget(),
                   "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_at", "ended_at", "stable_at"):
            self.fields[name].input_formats = INPUT_FORMATS
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[3, 4])
        self.fields["townships"].queryset = self.fields["townships"].queryset.filter(level=4)

    def clean(self):
        data = super().clean()
        region, townships = data.get("region"), data.get("townships")
        if region and townships:
            outside = [t.name for t in townships if not t.is_within(region)]
            if outside:
                self.add_error("townships", _("受灾乡镇不在灾害事件所在区划内：%(names)s") % {"names": "、".join(outside)})
        return data


class LossReportForm(ScopedModelForm):
    class Meta:
        model = LossReport
        fields = ["event", "region", "kind", "reported_at", "reporter", *INDICATOR_FIELDS, "note"]
        widgets = {"reported_at": datetime_widget(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_at"].input_formats = INPUT_FORMATS
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level=4)
        if self.instance.pk:
            self.fields["event"].disabled = True
            self.fields["region"].disabled = True
