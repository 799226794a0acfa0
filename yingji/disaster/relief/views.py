from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name

from .filtersets import (
    HousingInsuranceClaimFilterSet,
    HousingInsurancePolicyFilterSet,
    ReliefFundFilterSet,
    ReliefPaymentFilterSet,
)
from .forms import HousingInsuranceClaimForm, HousingInsurancePolicyForm, ReliefFundForm, ReliefPaymentForm
from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment
from .tables import HousingInsuranceClaimTable, HousingInsurancePolicyTable, ReliefFundTable, ReliefPaymentTable


class ReliefFundListView(generic.ObjectListView):
    model = ReliefFund
    queryset = ReliefFund.objects.select_related("region")
    filterset_class = ReliefFundFilterSet
    table_class = ReliefFundTable


class ReliefFundDetailView(generic.ObjectDetailView):
    model = ReliefFund
    queryset = ReliefFund.objects.select_related("region", "event")

    def get_related(self, obj):
        payments = (ReliefPayment.objects.restrict(self.request.user).filter(fund=obj, voided_at__isnull=True)
                    .select_related("region", "fund"))
        return [(_("发放记录"), ReliefPaymentTable(payments, orderable=False, exclude=("fund",)))]

    def extra_context(self, obj):
        return {"paid": obj.paid(), "balance": obj.balance(),
                "can_add_payment": self.request.user.has_perm(perm_name(ReliefPayment, "add"))}


class ReliefFundEditView(generic.ObjectEditView):
    model = ReliefFund
    form_class = ReliefFundForm


class ReliefPaymentListView(generic.ObjectListView):
    model = ReliefPayment
    queryset = ReliefPayment.objects.select_related("region", "fund")
    filterset_class = ReliefPaymentFilterSet
    table_class = ReliefPaymentTable
    import_spec = "relief-payments"


class ReliefPaymentDetailView(generic.ObjectDetailView):
    model = ReliefPayment
    queryset = ReliefPayment.objects.select_related("region", "fund")


class ReliefPaymentEditView(generic.ObjectEditView):
    model = ReliefPayment
    form_class = ReliefPaymentForm


class HousingInsurancePolicyListView(generic.ObjectListView):
    model = HousingInsurancePolicy
    queryset = HousingInsurancePolicy.objects.select_related("region")
    filterset_class = HousingInsurancePolicyFilterSet
    table_class = HousingInsurancePolicyTable


class HousingInsurancePolicyDetailView(generic.ObjectDetailView):
    model = HousingInsurancePolicy
    queryset = HousingInsurancePolicy.objects.select_related("region")

    def get_related(self, obj):
        claims = (HousingInsuranceClaim.objects.restrict(self.request.user).filter(policy=obj, voided_at__isnull=True)
                  .select_related("region", "policy"))
        return [(_("理赔记录"), HousingInsuranceClaimTable(claims, orderable=False, exclude=("policy",)))]


class HousingInsurancePolicyEditView(generic.ObjectEditView):
    model = HousingInsurancePolicy
    form_class = HousingInsurancePolicyForm


class HousingInsuranceClaimListView(generic.ObjectListView):
    model = HousingInsuranceClaim
    queryset = HousingInsuranceClaim.objects.select_related("region", "policy")
    filterset_class = HousingInsuranceClaimFilterSet
    table_class = HousingInsuranceClaimTable
    import_spec = "housing-insurance-claims"


class HousingInsuranceClaimDetailView(generic.ObjectDetailView):
    model = HousingInsuranceClaim
    queryset = HousingInsuranceClaim.objects.select_related("region", "policy", "event")


class HousingInsuranceClaimEditView(generic.ObjectEditView):
    model = HousingInsuranceClaim
    form_class = HousingInsuranceClaimForm
