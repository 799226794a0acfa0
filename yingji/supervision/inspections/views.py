import mimetypes
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import views as generic
from yingji.platform.core.documents import docx_response
from yingji.platform.core.stats import PeriodStatsView, list_filters
from yingji.platform.core.workflow_views import TransitionView
from yingji.supervision.hazards.views import HazardEditView

from . import documents
from .choices import ItemResult
from .filtersets import (
    ChecklistTemplateFilterSet,
    InspectionFilterSet,
    InspectorCertificateFilterSet,
    SupervisionNoticeFilterSet,
    SupervisionVisitFilterSet,
)
from .forms import (
    ChecklistAnswerForm,
    ChecklistItemFormSet,
    ChecklistTemplateForm,
    InspectionForm,
    InspectionHazardForm,
    InspectorCertificateForm,
    PhotoForm,
    SupervisionNoticeForm,
    SupervisionVisitForm,
    hazard_source_of,
)
from .models import (
    ChecklistAnswer,
    ChecklistTemplate,
    Inspection,
    InspectionPhoto,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)
from .stats import inspection_stats
from .tables import (
    ChecklistTemplateTable,
    InspectionTable,
    InspectorCertificateTable,
    SupervisionNoticeTable,
    SupervisionVisitTable,
)

RELATED_LIMIT = 500


def _inspections(user):
    return (Inspection.objects.restrict(user).active().select_related("enterprise", "region", "campaign")
            .prefetch_related("inspectors"))


# --- inspections --------------------------------------------------------------------------------------------------
class InspectionListView(generic.ObjectListView):
    model = Inspection
    queryset = (Inspection.objects.select_related("enterprise", "region", "campaign")
                .prefetch_related("inspectors"))
    filterset_class = InspectionFilterSet
    table_class = InspectionTable
    import_spec = "inspections-history"


class InspectionDetailView(generic.ObjectDetailView):
    model = Inspection
    queryset = Inspection.objects.select_related("enterprise", "region", "campaign", "checklist", "plan_item__plan",
                                                 "draw_item__draw", "created_by")

    def extra_context(self, obj):
        return {
            "inspectors": obj.inspectors.all().order_by("username"),
            "hazards": obj.hazards.restrict(self.request.user).active().order_by("found_on", "pk"),
            "answers": obj.answers.select_related("item").order_by("item__position", "item_id"),
            "photos": InspectionPhoto.objects.restrict(self.request.user).filter(inspection=obj),
            "photo_form": PhotoForm(),
            "can_add_photo": self.request.user.has_perm("inspections.add_inspectionphoto"),
            "can_review": self.request.user.has_perm("inspections.approve_inspection"),
            "events": obj.events.select_related("actor"),
        }


class InspectionReviewView(TransitionView):
    """审核 (services.REVIEW): the generic transition view, with the record's one transition."""

    model = Inspection
    transition = "review"
    url_name = "inspections:inspection_{name}"


class InspectionEditView(generic.ObjectEditView):
    model = Inspection
    form_class = InspectionForm
    template_name = "inspections/inspection_form.html"


def hazard_choices(request, enterprise_id, checked, status=200):
    """The inspection form's 发现的隐患 checkboxes for `enterprise_id`, `checked` ticked: the same field the form
    renders (InspectionForm: the enterprise's hazards the user may see), so the page and the server agree."""
    form = InspectionForm(user=request.user, initial={"enterprise": enterprise_id, "hazards": checked})
    chosen = form.chosen_enterprise_id()
    if chosen and not form.fields["enterprise"].queryset.filter(pk=chosen).exists():
        chosen = None  # an enterprise the user may not choose: no hazards either
        form.fields["hazards"].queryset = form.fields["hazards"].queryset.none()
    html = render_to_string("inspections/_inspection_hazards.html",
                            {"field": form["hazards"], "enterprise_chosen": chosen}, request=request)
    return HttpResponse(html, status=status)


class InspectionHazardChoicesView(generic.ScopedViewMixin, View):
    """GET ?enterprise=…&hazards=…: the 发现的隐患 of the inspection form for the enterprise chosen there (htmx swaps
    them in when the enterprise changes); the ticked ones of that enterprise stay ticked."""

    model = Inspection
    action = "add"

    def get(self, request):
        return hazard_choices(request, request.GET.get("enterprise"), request.GET.getlist("hazards"))


class InspectionHazardAddView(HazardEditView):
    """登记新隐患 without leaving the inspection form: GET the dialog for ?enterprise= (its 检查方式 and 检查日期 give
    the 隐患来源 and 发现日期), POST registers the hazard as the hazard ledger's form does (scope, 发现人, audit)
    and answers the form's hazard checkboxes with the new one ticked; a refusal answers the dialog with the reasons
    (400), nothing written."""

    form_class = InspectionHazardForm
    template_name = "inspections/_inspection_hazard_dialog.html"
    saved = None

    def get_initial(self):
        get = self.request.GET
        initial = {"enterprise": get.get("enterprise", "")}
        try:
            day = parse_date(get.get("inspected_on") or "")
        except ValueError:
            day = None
        if day and day <= timezone.localdate():
            initial["found_on"] = day
        source = hazard_source_of(get.get("kind"))
        if source:
            initial["source"] = source
        return initial

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "enterprise": form.chosen_enterprise()}
        return render(self.request, self.template_name, context, status=status)

    def save(self, form):
        self.saved = super().save(form)
        return self.saved

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if self.saved is None or response.status_code != 302:
            return response
        checked = [*request.POST.getlist("hazards"), str(self.saved.pk)]
        response = hazard_choices(request, self.saved.enterprise_id, checked)
        response["HX-Retarget"] = "#inspection-hazards"
        response["HX-Reswap"] = "innerHTML"
        response["HX-Trigger"] = "yj-dialog-done"
        return response


class InspectionChecklistView(generic.ScopedViewMixin, View):
    """填写检查表: one result (符合/不符合/不适用) and a note per item of the record's checklist."""

    model = Inspection
    action = "change"

    def forms(self, inspection, data=None):
        items = list(inspection.checklist.items.all()) if inspection.checklist_id else []
        answers = {a.item_id: a for a in inspection.answers.all()}
        rows = []
        for item in items:
            a = answers.get(item.pk)
            initial = {"result": a.result, "note": a.note} if a else {}
            rows.append((item, ChecklistAnswerForm(data=data, prefix=f"item{item.pk}", initial=initial)))
        return rows

    def get(self, request, pk):
        inspection = self.get_object()
        return self.page(inspection, self.forms(inspection))

    def post(self, request, pk):
        inspection = self.get_object()
        rows = self.forms(inspection, request.POST)
        if not all(f.is_valid() for _i, f in rows):
            return self.page(inspection, rows, status=400)
        with transaction.atomic():
            for item, form in rows:
                result = form.cleaned_data["result"]
                if not result:
                    continue
                answer = ChecklistAnswer.objects.filter(inspection=inspection, item=item).first() or \
                    ChecklistAnswer(inspection=inspection, item=item)
                answer.result, answer.note = result, form.cleaned_data["note"]
                answer.save()
        messages.success(request, _("已保存检查表"))
        return redirect(inspection.get_absolute_url())

    def page(self, inspection, rows, status=200):
        return render(self.request, "inspections/inspection_checklist.html", {
            **self.common_context(), "object": inspection, "rows": rows, "results": ItemResult.choices},
            status=status)


class InspectionPhotoUploadView(generic.ScopedViewMixin, View):
    model = Inspection
    action = "change"

    def has_permission(self):
        return super().has_permission() and self.request.user.has_perm("inspections.add_inspectionphoto")

    def post(self, request, pk):
        inspection = self.get_object()
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            InspectionPhoto.objects.create(inspection=inspection, file=form.cleaned_data["file"],
                                           caption=form.cleaned_data["caption"], uploaded_by=request.user)
            messages.success(request, _("已上传照片"))
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
        return redirect(inspection.get_absolute_url())


class InspectionPhotoFileView(generic.ScopedViewMixin, View):
    model = InspectionPhoto

    def get(self, request, pk):
        photo = self.get_object()
        try:
            handle = photo.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404(_("照片文件不存在"))
        content_type = mimetypes.guess_type(photo.file.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(photo.file.name.rsplit('/', 1)[-1])}"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class InspectionDocumentView(generic.ScopedViewMixin, View):
    """现场检查记录 / 责令限期整改指令书 as .docx, each download an audit event; refused in Chinese without the 文号."""

    model = Inspection
    document = "record"

    def get(self, request, pk):
        inspection = self.get_object()
        render_document, title = ((documents.rectification_order, documents.ORDER) if self.document == "order"
                                  else (documents.inspection_record, documents.RECORD))
        try:
            content = render_document(inspection)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(inspection.get_absolute_url())
        record_event(AuditEvent.Kind.DOWNLOAD, detail={"document": title, "model": "inspections.Inspection",
                                                       "id": inspection.pk, "number": inspection.document_no},
                     region_id=inspection.region_id)
        return docx_response(content, f"{title}-{inspection.enterprise.name}-{inspection.inspected_on:%Y%m%d}.docx")




# --- inspectors and checklists ------------------------------------------------------------------------------------
class InspectorCertificateListView(generic.ObjectListView):
    model = InspectorCertificate
    queryset = InspectorCertificate.objects.select_related("user")
    filterset_class = InspectorCertificateFilterSet
    table_class = InspectorCertificateTable
    import_spec = "inspector-certificates"


class InspectorCertificateDetailView(generic.ObjectDetailView):
    model = InspectorCertificate
    queryset = InspectorCertificate.objects.select_related("user", "region")


class InspectorCertificateEditView(generic.ObjectEditView):
    model = InspectorCertificate
    form_class = InspectorCertificateForm


class ChecklistTemplateListView(generic.ObjectListView):
    model = ChecklistTemplate
    queryset = ChecklistTemplate.objects.annotate(item_count=Count("items"))
    filterset_class = ChecklistTemplateFilterSet
    table_class = ChecklistTemplateTable


class ChecklistTemplateDetailView(generic.ObjectDetailView):
    model = ChecklistTemplate
    queryset = ChecklistTemplate.objects.select_related("region")

    def extra_context(self, obj):
        return {"items": obj.items.all()}


class ChecklistTemplateEditView(generic.FormsetEditView):
    model = ChecklistTemplate
    form_class = ChecklistTemplateForm
    formset_class = ChecklistItemFormSet
    formset_title = gettext_lazy("检查项")



# --- supervision of townships and departments ---------------------------------------------------------------------
class SupervisionVisitListView(generic.ObjectListView):
    model = SupervisionVisit
    queryset = SupervisionVisit.objects.select_related("organisation").prefetch_related("team")
    filterset_class = SupervisionVisitFilterSet
    table_class = SupervisionVisitTable


class SupervisionVisitDetailView(generic.ObjectDetailView):
    model = SupervisionVisit
    queryset = SupervisionVisit.objects.select_related("organisation", "region", "campaign")

    def get_related(self, obj):
        notices = SupervisionNotice.objects.restrict(self.request.user).active().filter(visits=obj)
        return [(gettext_lazy("督导通报"), SupervisionNoticeTable(notices, orderable=False))]

    def extra_context(self, obj):
        return {"team": obj.team.all().order_by("username")}


class SupervisionVisitEditView(generic.ObjectEditView):
    model = SupervisionVisit
    form_class = SupervisionVisitForm


class SupervisionNoticeListView(generic.ObjectListView):
    model = SupervisionNotice
    queryset = SupervisionNotice.objects.all()
    filterset_class = SupervisionNoticeFilterSet
    table_class = SupervisionNoticeTable


class SupervisionNoticeDetailView(generic.ObjectDetailView):
    model = SupervisionNotice
    queryset = SupervisionNotice.objects.select_related("region")

    def get_related(self, obj):
        visits = (SupervisionVisit.objects.restrict(self.request.user).filter(notices=obj)
                  .select_related("organisation").prefetch_related("team"))
        return [(gettext_lazy("通报的督导检查"), SupervisionVisitTable(visits, orderable=False))]


class SupervisionNoticeEditView(generic.ObjectEditView):
    model = SupervisionNotice
    form_class = SupervisionNoticeForm


class SupervisionNoticeDocumentView(generic.ScopedViewMixin, View):
    model = SupervisionNotice

    def get(self, request, pk):
        notice = self.get_object()
        try:
            content = documents.supervision_notice(notice)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(notice.get_absolute_url())
        record_event(AuditEvent.Kind.DOWNLOAD, detail={"document": "督导通报", "model": "inspections.SupervisionNotice",
                                                       "id": notice.pk, "number": notice.document_no},
                     region_id=notice.region_id)
        return docx_response(content, f"{notice.title}.docx")


# --- statistics ---------------------------------------------------------------------------------------------------
class InspectionStatsView(PeriodStatsView):
    """检查统计: inspections and places inspected by kind and sector, with 同比; each figure links to its records."""

    model = Inspection
    title = gettext_lazy("监督检查统计")
    template_name = "inspections/stats.html"

    def compute(self, start, end, region, **params):
        data = inspection_stats(self.request.user, start, end, region=region, **params)
        # the inspection list's own filters: its date range, the region and everything under it, the campaign and
        # the source
        base = {"date_from": data["date_from"], "date_to": data["date_to"], **list_filters(Inspection, params)}
        if region is not None:
            base["region"] = region.code

        def link(**extra):
            return f"{reverse('inspections:inspection_list')}?{urlencode({**base, **extra})}"

        rows = {"kind": [], "sector": []}
        for row in data["results"]:
            rows[row["dimension"]].append({**row, "url": link(**{row["dimension"]: row["key"]})})
        return {"data": data, "rows": rows, "total_url": link()}
