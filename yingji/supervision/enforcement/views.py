from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope
from yingji.platform.core.stats import PeriodStatsView
from yingji.platform.core.workflow_views import TransitionCard, TransitionView, error_messages

from . import rules, services
from .choices import CaseState, PenaltyKind, RuleCode, Step
from .filtersets import EnforcementCaseFilterSet, MeasureFilterSet, PenaltyFilterSet
from .forms import EnforcementCaseForm, MeasureForm, PenaltyForm, ReviewForm, step_form
from .models import CaseReview, EnforcementCase, Measure, Penalty
from .tables import EnforcementCaseTable, MeasureTable, PenaltyTable

FINES = Coalesce(Sum("penalties__amount", filter=Q(penalties__kind=PenaltyKind.FINE,
                                                    penalties__voided_at__isnull=True)),
                 Value(Decimal(0)), output_field=DecimalField(max_digits=14, decimal_places=2))


def case_list_queryset():
    return EnforcementCase.objects.select_related("enterprise", "department").annotate(fines=FINES)


class EnforcementCaseListView(generic.ObjectListView):
    model = EnforcementCase
    queryset = case_list_queryset()
    filterset_class = EnforcementCaseFilterSet
    table_class = EnforcementCaseTable
    import_spec = "enforcement-cases"


class EnforcementCaseDetailView(generic.ObjectDetailView):
    """The case file on the shared detail page: the facts in 基本信息 beside the steps so far, the time limits,
    penalties, measures and the review; the next steps, 登记处罚 and 案卷评查 as the row of action buttons under the
    title (each opening its form, sent after a confirmation), 下载行政处罚决定书 a link in the same row."""

    model = EnforcementCase
    queryset = EnforcementCase.objects.select_related("enterprise", "department", "region", "hazard")
    # the step dates and the limit are shown in the steps and time-limit tables, the number in the heading
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "created_at", "number", "year", "sequence",
                      "filed_on", "investigated_on", "notified_on", "hearing_requested_on",
                      "hearing_notice_on", "hearing_on", "decided_on", "delivered_on", "executed_on", "closed_on",
                      "due_on", "due_kind")
    bound_forms = None  # {kind: form} of a form sent back with its errors (render_case_page)

    def extra_context(self, obj):
        return case_context(self.request, obj, forms=self.bound_forms)


def case_context(request, case, forms=None):
    user = request.user
    can_change = in_scope(case, user, "change") if user.has_perm("enforcement.change_enforcementcase") else False
    steps = list(case.steps.prefetch_related("officers").order_by("date", "pk"))
    penalties = list(case.penalties.filter(voided_at__isnull=True))
    forms = forms or {}
    actions = []
    if can_change and not case.is_voided:
        actions = CaseStepView.cards(request, case, bound=forms)
    limits = []
    if case.filed_on:
        try:
            due, rule = rules.decision_deadline(case)
            limits.append((_("作出决定"), due, case.decided_on, rule, ""))
            for label, code, start, done, applies in (
                    (_("当事人申请听证"), RuleCode.HEARING_REQUEST, case.notified_on, case.hearing_requested_on,
                     case.notified_on and case.hearing_right),
                    (_("送达决定书"), RuleCode.DELIVERY, case.decided_on, case.delivered_on, case.decided_on),
                    (_("缴纳罚款"), RuleCode.PAYMENT, case.delivered_on, case.executed_on,
                     case.delivered_on and case.total_money > 0)):
                if applies:
                    due, rule = rules.deadline(code, start, region=case.region)
                    # a working-day limit in a year whose holidays are not entered is counted Monday to Friday
                    gap = rules.calendar_gap_text(rules.calendar_gap(start, due, rule.day_kind))
                    limits.append((label, due, done, rule, gap))
        except ValidationError as e:
            messages.warning(request, "；".join(e.messages))
    # read through the scope: 案卷评查 and internal measures (上报、移送) are not shown to an enterprise's account
    review = (CaseReview.objects.restrict(user).filter(case=case).first()
              if case.state == CaseState.CLOSED else None)
    can_review = (case.state == CaseState.CLOSED and review is None
                  and user.has_perm("enforcement.approve_enforcementcase") and in_scope(case, user, "approve"))
    if can_change and case.state == CaseState.DECIDED:
        form = forms.get("penalty") or PenaltyForm(prefix="penalty", user=user, case=case)
        actions.append(TransitionCard("penalty", _("登记处罚"), form,
                                      reverse("enforcement:enforcementcase_penalty", args=[case.pk]),
                                      "btn-outline-primary"))
    if can_review:
        actions.append(TransitionCard("review", _("案卷评查"), forms.get("review") or ReviewForm(prefix="review"),
                                      reverse("enforcement:enforcementcase_review", args=[case.pk]),
                                      "btn-outline-primary"))
    if case.decided_on:
        actions.append(TransitionCard("decision", _("下载行政处罚决定书"), None,
                                      reverse("enforcement:enforcementcase_decision", args=[case.pk]),
                                      "btn-outline-secondary"))
    offered = {card.name for card in actions}
    for kind, form in forms.items():
        if kind not in offered:  # sent back with errors, but no longer offered: its errors above the page
            for msgs in form.errors.values():
                for m in msgs:
                    messages.error(request, m)
    surcharge_now = None
    if case.state == CaseState.DELIVERED and case.total_fine > 0:
        surcharge_now = services.late_payment_surcharge_for(case)
    return {
        "steps": steps, "penalties": penalties, "limits": limits, "transition_forms": actions,
        "measures": Measure.objects.restrict(user).filter(case=case, voided_at__isnull=True)
        .select_related("department"),
        "review": review, "review_items": review.items.all() if review else [],
        "surcharge_now": surcharge_now, "today": timezone.localdate(),
    }


class EnforcementCaseEditView(generic.ObjectEditView):
    model = EnforcementCase
    form_class = EnforcementCaseForm

    def save(self, form):
        obj = super().save(form)
        services.refresh_due(obj)
        return obj


def render_case_page(request, case, kind, form):
    """The case page again (400) with `form` (a step's, the penalty's or the review's, named by `kind`) open under
    its button with its errors; the errors of a form no longer offered (a step the case cannot take now) are shown
    as messages above the page."""
    case.refresh_from_db()
    detail = EnforcementCaseDetailView(bound_forms={kind: form})
    detail.setup(request, pk=case.pk)
    return detail.render_detail(case, status=400)


class CaseStepView(TransitionView):
    """POST of one step of the case (enforcementcases/<pk>/<step>/, or enforcementcase_step with the step named in
    the form's `step`): the platform's transition view and service; a refusal renders the case page again with the
    step's form open and its errors."""

    model = EnforcementCase
    transition_field = "step"
    url_name = "enforcement:enforcementcase_{name}"

    def get_form(self, obj, name, data=None, files=None):
        return step_form(name, data, user=self.request.user, case=obj, prefix=name)

    def service_data(self, obj, name, form):
        return form.service_kwargs()

    def succeeded(self, obj, name):
        messages.success(self.request, _("已办理：%(s)s") % {"s": Step(name).label})
        return redirect(obj.get_absolute_url())

    def refused(self, obj, name, form):
        return render_case_page(self.request, obj, name, form)


class CaseActionView(generic.ScopedViewMixin, View):
    """POST of a case's penalty or review form; errors re-render the case page with the form."""

    model = EnforcementCase
    action = "change"

    def post(self, request, pk):
        case = self.get_object()
        form, kind = self.build_form(case)
        if form.is_valid():
            try:
                self.perform(case, form)
            except ValidationError as e:
                for field, msg in error_messages(e):
                    form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, self.success_message())
                return redirect(case.get_absolute_url())
        return render_case_page(request, case, kind, form)


class PenaltyAddView(CaseActionView):
    def build_form(self, case):
        return PenaltyForm(self.request.POST, prefix="penalty", user=self.request.user, case=case), "penalty"

    def perform(self, case, form):
        services.add_penalty(case, actor=self.request.user, **form.cleaned_data)

    def success_message(self):
        return _("已登记处罚")


class CaseReviewView(CaseActionView):
    action = "approve"

    def build_form(self, case):
        return ReviewForm(self.request.POST, prefix="review"), "review"

    def perform(self, case, form):
        services.review_case(case, actor=self.request.user, date=form.cleaned_data["date"], scores=form.scores(),
                             conclusion=form.cleaned_data["conclusion"])

    def success_message(self):
        return _("案卷评查已保存")


class DecisionDocumentView(generic.ScopedViewMixin, View):
    """行政处罚决定书 (.docx) filled from the case; the download is an audit event; refused in Chinese before the
    decision or without the 文号."""

    model = EnforcementCase

    def get(self, request, pk):
        from yingji.platform.core.documents import docx_response

        from .documents import TITLE, decision_document

        case = self.get_object()
        try:
            content = decision_document(case)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(case.get_absolute_url())
        record_event(AuditEvent.Kind.DOWNLOAD, detail={"document": TITLE, "case": case.pk, "number": case.number},
                     region_id=case.region_id)
        return docx_response(content, f"{TITLE}-{case.number}.docx")


class MeasureListView(generic.ObjectListView):
    model = Measure
    queryset = Measure.objects.select_related("enterprise", "department", "case")
    filterset_class = MeasureFilterSet
    table_class = MeasureTable
    import_spec = "enforcement-measures"


class MeasureDetailView(generic.ObjectDetailView):
    model = Measure
    queryset = Measure.objects.select_related("enterprise", "department", "case", "region")


class MeasureEditView(generic.ObjectEditView):
    model = Measure
    form_class = MeasureForm


class PenaltyListView(generic.ObjectListView):
    """行政处罚: every penalty of the decisions in scope, by decision date, kind, department, region and enterprise,
    with the fines' total of the filtered rows and 导出Excel. Penalties are added on the case page (they belong to a
    decision), so the list has no 新增."""

    model = Penalty
    queryset = Penalty.objects.select_related("case", "case__enterprise", "case__department").order_by(
        "-case__decided_on", "-pk")
    filterset_class = PenaltyFilterSet
    table_class = PenaltyTable

    def common_context(self):
        return {**super().common_context(), "can_add": False}


class EnforcementStatsView(PeriodStatsView):
    """执法统计: the figures of a period beside the same period last year (the numbers bureaus report)."""

    model = EnforcementCase
    title = gettext_lazy("执法统计")
    template_name = "enforcement/stats.html"

    def compute(self, start, end, region, **params):
        from .stats import enforcement_stats

        return {"data": enforcement_stats(self.request.user, start, end, region, **params)}


def case_urls():
    return [
        path("enforcementcases/stats/", EnforcementStatsView.as_view(), name="enforcement_stats"),
        path("penalties/", PenaltyListView.as_view(), name="penalty_list"),
        path("enforcementcases/<int:pk>/step/", CaseStepView.as_view(), name="enforcementcase_step"),
        *CaseStepView.urls("enforcementcases"),
        path("enforcementcases/<int:pk>/penalties/add/", PenaltyAddView.as_view(), name="enforcementcase_penalty"),
        path("enforcementcases/<int:pk>/review/", CaseReviewView.as_view(), name="enforcementcase_review"),
        path("enforcementcases/<int:pk>/decision.docx", DecisionDocumentView.as_view(),
             name="enforcementcase_decision"),
    ]
