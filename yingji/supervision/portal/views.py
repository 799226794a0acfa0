from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.supervision.enforcement.models import EnforcementCase, Measure
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.choices import HazardSource, HazardState
from yingji.supervision.hazards.models import Hazard

from . import history, services
from .filtersets import EnterpriseAccountFilterSet
from .forms import EnterpriseAccountForm, OwnEnterpriseForm, SelfInspectionForm
from .models import EnterpriseAccount
from .scope import account_of, is_enterprise_user
from .tables import EnterpriseAccountTable


class EnterpriseAccountListView(generic.ObjectListView):
    model = EnterpriseAccount
    queryset = EnterpriseAccount.objects.select_related("enterprise", "user")
    filterset_class = EnterpriseAccountFilterSet
    table_class = EnterpriseAccountTable


class EnterpriseAccountDetailView(generic.ObjectDetailView):
    model = EnterpriseAccount
    queryset = EnterpriseAccount.objects.select_related("enterprise", "user")


class EnterpriseAccountEditView(generic.ObjectEditView):
    model = EnterpriseAccount
    form_class = EnterpriseAccountForm

    def save(self, form):
        if form.instance.pk is None:
            data = form.cleaned_data
            return services.create_account(data["enterprise"], actor=self.request.user, username=data["username"],
                                           full_name=data["full_name"], phone=data["phone"],
                                           password=data["password"], role=data["role"])
        account = form.save()
        if account.user.is_active != account.active:
            services.set_active(account, actor=self.request.user, active=account.active)
        return account


class PortalHomeView(generic.ScopedViewMixin, View):
    """企业端首页: the enterprise's open hazards and their deadlines, and its history."""

    model = Enterprise

    def get(self, request):
        account = account_of(request.user) if is_enterprise_user(request.user) else None
        context = {"account": account}
        if account is not None:
            from yingji.platform.core import notifications

            inbox = notifications.for_user(request.user)
            context["my_tasks"] = {"rows": inbox.notices[:8], "inbox": inbox}
            enterprise = self.get_queryset().filter(pk=account.enterprise_id).first()
            hazards = (Hazard.objects.restrict(request.user).filter(enterprise_id=account.enterprise_id)
                       .select_related("enterprise"))
            context.update(
                enterprise=enterprise,
                open_hazards=hazards.open().order_by("deadline", "pk"),
                closed_hazards=hazards.filter(state=HazardState.CLOSED).order_by("-closed_at")[:20],
                today=timezone.localdate(),
                can_report=request.user.has_perm("hazards.add_hazard"),
                can_see_enforcement=request.user.has_perm("enforcement.view_enforcementcase"),
            )
        return render(request, "portal/home.html", context)


class PortalEnforcementView(generic.ScopedViewMixin, View):
    """企业端: the enforcement history of his enterprise, as its principal needs it (history.py).

    Each case from 立案 on with its steps (环节 and date), the decision (penalties, amounts), the payment deadline and,
    when it has passed unpaid, the late-payment surcharge (加处罚款) as of today; then the 约谈/曝光 of the enterprise.
    Officers are not named here.
    """

    model = EnforcementCase

    def get(self, request):
        account = account_of(request.user) if is_enterprise_user(request.user) else None
        context = {"account": account}
        if account is not None:
            today = timezone.localdate()
            rows = [history.summary(case, today)
                    for case in history.cases_for(request.user).filter(enterprise_id=account.enterprise_id)]
            measures = (Measure.objects.restrict(request.user).active().filter(enterprise_id=account.enterprise_id)
                        .select_related("department").order_by("-date", "-pk"))
            context.update(rows=rows, measures=measures, today=today,
                           unpaid=[r for r in rows if r["payment_due"] and not r["case"].executed_on])
        return render(request, "portal/enforcement.html", context)


class OwnEnterpriseEditView(generic.ObjectEditView):
    """企业端: keep the enterprise's address, contacts and insurance current (a subset of the file)."""

    model = Enterprise
    form_class = OwnEnterpriseForm

    def get_action(self):
        return "change"


class SelfInspectionView(generic.ObjectEditView):
    """企业端: report a hazard found in self-inspection (企业自查); source and finder are fixed."""

    model = Hazard
    form_class = SelfInspectionForm

    def get_action(self):
        return "add"

    def get_instance(self):
        return Hazard()

    def common_context(self):
        return {**super().common_context(), "url_ns": "hazards:hazard"}

    def save(self, form):
        account = account_of(self.request.user) if is_enterprise_user(self.request.user) else None
        if account is None:
            raise ValidationError(_("只有企业账号可以登记企业自查隐患；监管部门请在“隐患排查治理”中登记"))
        hazard = form.save(commit=False)
        hazard.enterprise = account.enterprise
        hazard.source = HazardSource.SELF_INSPECTION
        hazard.found_by = self.request.user
        hazard.created_by = self.request.user
        hazard.full_clean(exclude=["region"])
        hazard.save()
        return hazard


