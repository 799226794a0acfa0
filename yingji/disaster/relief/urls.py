from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment

app_name = "relief"
urlpatterns = [
    path("relief/", include([
        *crud_urls("relieffund", model=ReliefFund, list_view=views.ReliefFundListView,
                   detail_view=views.ReliefFundDetailView, edit_view=views.ReliefFundEditView),
        *crud_urls("reliefpayment", model=ReliefPayment, list_view=views.ReliefPaymentListView,
                   detail_view=views.ReliefPaymentDetailView, edit_view=views.ReliefPaymentEditView),
        *crud_urls("housinginsurancepolicy", model=HousingInsurancePolicy,
                   list_view=views.HousingInsurancePolicyListView, detail_view=views.HousingInsurancePolicyDetailView,
                   edit_view=views.HousingInsurancePolicyEditView),
        *crud_urls("housinginsuranceclaim", model=HousingInsuranceClaim,
                   list_view=views.HousingInsuranceClaimListView, detail_view=views.HousingInsuranceClaimDetailView,
                   edit_view=views.HousingInsuranceClaimEditView),
    ])),
]
