from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm

from .choices import KIND_DEFAULTS
from .models import Sensor, Station


class StationForm(ScopedModelForm):
    class Meta:
        model = Station
        fields = ["code", "name", "kind", "region", "longitude", "latitude", "watched_kind", "watched_name",
                  "watched_code", "operator", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class SensorForm(ScopedModelForm):
    class Meta:
        model = Sensor
        fields = ["code", "station", "kind", "unit", "range_min", "range_max", "interval_seconds", "offline_after",
                  "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.initial.get("kind")
        if self.instance.pk is None and kind in KIND_DEFAULTS:
            unit, lo, hi = KIND_DEFAULTS[kind]
            self.initial.setdefault("unit", unit)
            self.initial.setdefault("range_min", lo)
            self.initial.setdefault("range_max", hi)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandleForm(forms.Form):
    note = forms.CharField(label=_("处置措施"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("处置结果"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("误报请说明原因"))
