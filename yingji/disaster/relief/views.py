from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name

from .filtersets import ReliefFundFilterSet, ReliefPaymentFilterSet
from .forms import ReliefFundForm, ReliefPaymentForm
from .models import ReliefFund, ReliefPayment
from .tables import ReliefFundTable, ReliefPaymentTable


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


class ReliefPaymentDetailView(generic.ObjectDetailView):
    model = ReliefPayment
    queryset = ReliefPayment.objects.select_related("region", "fund")
    personal_fields = ("id_number", "phone")


class ReliefPaymentEditView(generic.ObjectEditView):
    model = ReliefPayment
    form_class = ReliefPaymentForm
