from django import forms

from yingji.platform.core.forms import ScopedModelForm

from .models import CalendarDay


class CalendarDayForm(ScopedModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "holiday", "basis", "note"]
        widgets = {"date": forms.DateInput()}
