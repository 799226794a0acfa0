from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import views as generic
from yingji.platform.core.documents import docx_response
from yingji.platform.core.models import in_scope
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin, styled

from . import card, services
from .files import serve_file
from .filtersets import DrillFilterSet, DrillFindingFilterSet, PlanFilterSet
from .forms import (
    ActionFormSet,
    DecideForm,
    DrillFindingForm,
    DrillForm,
    DrillPhotoForm,
    FilePlanForm,
    LevelFormSet,
    PlanForm,
    PlanShellForm,
    PlanVersionForm,
    ReturnFilingForm,
    ReviseForm,
    SubmitFilingForm,
)
from .models import Drill, DrillFinding, DrillPhoto, Plan, PlanVersion
from .tables import DrillFindingTable, DrillTable, PlanTable, PlanVersionTable


# --- plans ---------------------------------------------------------------------------------------------------------
class PlanTransitionView(TransitionView):
    model = Plan
    forms = {"submit": SubmitFilingForm, "file": FilePlanForm, "return": ReturnFilingForm}
    url_name = "plans:plan_{name}"
    quiet = {"return": "btn-outline-danger"}

    def initial(self, obj, name):
        return {"authority": obj.filing_authority} if name == "submit" else {}


class PlanListView(generic.ObjectListView):
    model = Plan
    queryset = Plan.objects.select_related("owner", "region")
    filterset_class = PlanFilterSet
    table_class = PlanTable


class PlanDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Plan
    queryset = Plan.objects.select_related("owner", "region")
    template_name = "plans/plan_detail.html"
    transition_view = PlanTransitionView

    def get_related(self, obj):
        user = self.request.user
        versions = obj.versions.select_related("uploaded_by")
        drills = (Drill.objects.restrict(user).active().filter(plans=obj).select_related("organiser", "region"))
        findings = (DrillFinding.objects.restrict(user).active().filter(plan=obj)
                    .select_related("drill", "plan"))
        return [(_("版本记录"), PlanVersionTable(versions, orderable=False)),
                (_("演练记录"), DrillTable(drills, orderable=False, exclude=("region",))),
                (_("演练发现问题"), DrillFindingTable(findings, orderable=False, exclude=("plan",)))]

    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["levels"] = services.levels_of(obj)
        context["can_add_version"] = (user.has_perm("plans.change_plan") and in_scope(obj, user, "change")
                                      and not obj.is_voided)
        context["version_form"] = styled(PlanVersionForm(plan=obj, user=user)) if context["can_add_version"] else None
        context["drill_rule"] = services.cycle_rule(obj, "drill")
        context["evaluation_rule"] = services.cycle_rule(obj, "evaluation")
        return context


class PlanEditView(generic.ObjectEditView):
    model = Plan
    form_class = PlanForm

    def save(self, form):
        obj = super().save(form)
        upload = form.cleaned_data.get("first_file")
        if upload:
            services.add_version(obj, actor=self.request.user, label=form.cleaned_data.get("first_label")
                                 or _("首次发布版"), issued_on=obj.issued_on, file=upload,
                                 reason="initial", document_no=obj.document_no)
        return obj


class PlanLevelsView(generic.FormsetEditView):
    model = Plan
    form_class = PlanShellForm
    formset_class = LevelFormSet
    formset_title = gettext_lazy("响应分级与启动条件（Ⅳ级最低，Ⅰ级最高）")

    def get_action(self):
        return "change"


class PlanActionsView(PlanLevelsView):
    formset_class = ActionFormSet
    formset_title = gettext_lazy("各级响应中各单位应采取的措施")


class PlanVersionAddView(generic.ScopedViewMixin, View):
    """登记新版本 (POST from the plan's page): a new row with its file; the findings ticked are closed with it."""

    model = Plan
    action = "change"

    def post(self, request, pk):
        plan = self.get_object()
        if plan.is_voided:
            messages.error(request, _("该预案已作废，不能登记新版本"))
            return redirect(plan.get_absolute_url())
        form = PlanVersionForm(request.POST, request.FILES, plan=plan, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_version(plan, actor=request.user, label=data["label"], issued_on=data["issued_on"],
                                     file=data["file"], reason=data["reason"], summary=data["summary"],
                                     document_no=data["document_no"], findings=list(data["findings"]))
            except ValidationError as e:
                for message in e.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("已登记新版本：%(v)s") % {"v": data["label"]})
                return redirect(plan.get_absolute_url())
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(request, f"{label}：{e}" if label else e)
        return redirect(plan.get_absolute_url())


class PlanVersionFileView(generic.ScopedViewMixin, View):
    """A version's text, to those who may see its plan (scope: the plan's region)."""

    model = PlanVersion

    def get(self, request, pk):
        plans = Plan.objects.restrict(request.user, "view")
        try:
            version = PlanVersion.objects.select_related("plan").get(pk=pk, plan__in=plans)
        except PlanVersion.DoesNotExist:
            raise Http404(_("记录不存在或不在您的管辖范围内"))
        ext = version.file.name.rsplit(".", 1)[-1] if "." in version.file.name else ""
        record_event(AuditEvent.Kind.DOWNLOAD, detail={"document": "预案文本", "model": "plans.PlanVersion",
                                                       "id": version.pk}, region_id=version.plan.region_id)
        return serve_file(version.file, f"{version.plan.name}（{version.label}）.{ext}")


class PlanCardView(generic.ScopedViewMixin, View):
    """明白卡: a printable page, or .docx (?format=docx) through core/documents.py."""

    model = Plan

    def get(self, request, pk):
        plan = self.get_object()
        if request.GET.get("format") == "docx":
            content = card.render_docx(plan, request.user)
            record_event(AuditEvent.Kind.DOWNLOAD, detail={"document": "预案明白卡", "model": "plans.Plan",
                                                           "id": plan.pk}, region_id=plan.region_id)
            return docx_response(content, f"{plan.name}明白卡.docx")
        return render(request, "plans/plan_card.html", card.card_context(plan, request.user))


# --- drills --------------------------------------------------------------------------------------------------------
class DrillListView(generic.ObjectListView):
    model = Drill
    queryset = Drill.objects.select_related("organiser", "region")
    filterset_class = DrillFilterSet
    table_class = DrillTable


class DrillDetailView(generic.ObjectDetailView):
    model = Drill
    queryset = Drill.objects.select_related("organiser", "region")
    template_name = "plans/drill_detail.html"

    def get_related(self, obj):
        plans = obj.plans.select_related("owner", "region")
        findings = DrillFinding.objects.restrict(self.request.user).active().filter(drill=obj).select_related(
            "drill", "plan")
        return [(_("演练的预案"), PlanTable(plans, orderable=False,
                                           exclude=("document_no", "last_evaluated_on", "filing_state"))),
                (_("发现的问题"), DrillFindingTable(findings, orderable=False, exclude=("drill",)))]

    def extra_context(self, obj):
        user = self.request.user
        can_change = user.has_perm("plans.change_drill") and in_scope(obj, user, "change") and not obj.is_voided
        return {"photos": obj.photos.all(),
                "photo_form": styled(DrillPhotoForm(user=user)) if can_change else None,
                "can_add_finding": can_change and user.has_perm("plans.add_drillfinding")}


class DrillEditView(generic.ObjectEditView):
    model = Drill
    form_class = DrillForm


class DrillPhotoUploadView(generic.ScopedViewMixin, View):
    model = Drill
    action = "change"

    def post(self, request, pk):
        drill = self.get_object()
        form = DrillPhotoForm(request.POST, request.FILES, user=request.user)
        if drill.is_voided:
            messages.error(request, _("该演练已作废，不能上传照片"))
        elif form.is_valid():
            photo = form.save(commit=False)
            photo.drill = drill
            photo.uploaded_by = request.user
            with transaction.atomic():
                photo.save()
            messages.success(request, _("照片已上传"))
        else:
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        return redirect(drill.get_absolute_url())


class DrillPhotoView(generic.ScopedViewMixin, View):
    model = DrillPhoto

    def get(self, request, pk):
        try:
            photo = DrillPhoto.objects.get(pk=pk, drill__in=Drill.objects.restrict(request.user, "view"))
        except DrillPhoto.DoesNotExist:
            raise Http404(_("记录不存在或不在您的管辖范围内"))
        return serve_file(photo.file, inline=True)


# --- findings ------------------------------------------------------------------------------------------------------
class FindingTransitionView(TransitionView):
    model = DrillFinding
    forms = {"revise": ReviseForm, "decide": DecideForm}
    url_name = "plans:drillfinding_{name}"
    quiet = {"decide": "btn-outline-secondary", "reopen": "btn-outline-danger"}

    def form_kwargs(self, obj, name):
        return {"finding": obj} if name == "revise" else {}


class DrillFindingListView(generic.ObjectListView):
    model = DrillFinding
    queryset = DrillFinding.objects.select_related("drill", "plan", "region")
    filterset_class = DrillFindingFilterSet
    table_class = DrillFindingTable


class DrillFindingDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = DrillFinding
    queryset = DrillFinding.objects.select_related("drill", "plan", "region", "revision")
    template_name = "plans/drillfinding_detail.html"
    transition_view = FindingTransitionView


class DrillFindingEditView(generic.ObjectEditView):
    model = DrillFinding
    form_class = DrillFindingForm


plan_transition_urls = PlanTransitionView.urls("plans")
finding_transition_urls = FindingTransitionView.urls("findings")
