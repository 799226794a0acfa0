from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.pickers import EnterpriseMultipleChoiceField
from yingji.supervision.inspections.services import region_choices_for

from .models import Campaign, CampaignPlace


class CampaignForm(ScopedModelForm):
    sectors = forms.MultipleChoiceField(label=_("涉及行业"), choices=Sector.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    add_sector_enterprises = forms.BooleanField(
        label=_("将区划内上述行业的在产企业全部纳入"), required=False)

    class Meta:
        model = Campaign
        fields = ["name", "region", "start_date", "end_date", "sectors", "enterprises", "description"]
        widgets = {"start_date": forms.DateInput(), "end_date": forms.DateInput(),
                   "description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"enterprises": EnterpriseMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (region_choices_for(self.user) if self.user is not None
                                          else Region.objects.none())
        self.fields["sectors"].widget.attrs["class"] = ""
        self.fields["add_sector_enterprises"].widget.attrs["class"] = "form-check-input"

    def _save_m2m(self):
        super()._save_m2m()
        if self.cleaned_data.get("add_sector_enterprises") and self.instance.sectors:
            from yingji.platform.regions import codes
            from yingji.supervision.enterprises.choices import OperatingStatus

            region = self.instance.region
            lo, hi = codes.subtree_bounds(region.code, region.level)
            extra = (Enterprise.objects.restrict(self.user, "view").active()
                     .filter(status=OperatingStatus.OPERATING, sector__in=self.instance.sectors,
                             region__code__gte=lo, region__code__lte=hi))
            self.instance.enterprises.add(*extra)


CampaignPlaceFormSet = forms.inlineformset_factory(
    Campaign, CampaignPlace, fields=["name", "address", "inspected_on", "note"], extra=5, can_delete=True,
    widgets={"name": forms.TextInput(attrs={"class": "form-control"}),
             "address": forms.TextInput(attrs={"class": "form-control"}),
             "inspected_on": forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
             "note": forms.TextInput(attrs={"class": "form-control"})})
