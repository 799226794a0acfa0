from django import forms
from django.utils import timezone

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.pickers import EnterpriseChoiceField

from .models import InspectionPlan, PlanFrequency, PlannedInspection


def _regions(user):
    """The regions offered as a plan's: the same as a campaign's or a draw's (inspections.services)."""
    if user is None:
        return Region.objects.none()
    from yingji.supervision.inspections.services import region_choices_for

    return region_choices_for(user)


class InspectionPlanForm(ScopedModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["name", "year", "region", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions(self.user)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year


PlanFrequencyFormSet = forms.inlineformset_factory(
    InspectionPlan, PlanFrequency, fields=["risk_grade", "times_per_year"], extra=4, max_num=4, can_delete=True,
    widgets={"risk_grade": forms.Select(attrs={"class": "form-select"}),
             "times_per_year": forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 12})})


class PlannedInspectionForm(forms.ModelForm):
    class Meta:
        model = PlannedInspection
        fields = ["enterprise", "month"]
        field_classes = {"enterprise": EnterpriseChoiceField}

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").active().order_by("name")
        self.fields["month"].widget = forms.Select(choices=[(m, f"{m}月") for m in range(1, 13)])
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select")
