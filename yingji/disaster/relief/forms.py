from django import forms

from yingji.platform.core.forms import ScopedModelForm

from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


class ReliefFundForm(ScopedModelForm):
    class Meta:
        model = ReliefFund
        fields = ["name", "document_no", "level", "kind", "category", "amount", "goods_name", "goods_quantity",
                  "goods_unit", "received_on", "region", "event", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[3, 4])


class ReliefPaymentForm(ScopedModelForm):
    class Meta:
        model = ReliefPayment
        fields = ["fund", "recipient_kind", "recipient_name", "id_number", "phone", "region", "category",
                  "person_times", "amount", "goods_quantity", "paid_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[4, 5])


class HousingInsurancePolicyForm(ScopedModelForm):
    class Meta:
        model = HousingInsurancePolicy
        fields = ["year", "region", "insurer", "policy_no", "premium", "insured_households", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[3, 4])


class HousingInsuranceClaimForm(ScopedModelForm):
    class Meta:
        model = HousingInsuranceClaim
        fields = ["policy", "household_name", "id_number", "phone", "region", "event", "amount", "paid_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[4, 5])
        # a policy's label names its region: one query for the dropdown, not one per policy
        self.fields["policy"].queryset = self.fields["policy"].queryset.select_related("region")
