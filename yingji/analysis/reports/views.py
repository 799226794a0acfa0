"""统计分析 → 年度报告: the preview (each figure linked to its query), the .docx and the .xlsx appendix, and the
narrative texts staff write for it."""

from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name
from yingji.platform.core.views import ScopedViewMixin
from yingji.platform.regions.models import Region

from . import appendix, docx
from .context import build_context
from .engine import build_report, region_in_scope
from .filtersets import ReportNarrativeFilterSet
from .forms import AnnualReportForm, ReportNarrativeForm, default_year
from .models import ReportNarrative
from .tables import ReportNarrativeTable

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnnualReportMixin(ScopedViewMixin):
    """Reads ?region=CODE&year=YYYY: a region outside the user's scope is a 404, a bad year a 400."""

    model = ReportNarrative
    action = "view"

    def report_region(self):
        code = self.request.GET.get("region")
        if code:
            try:
                return region_in_scope(self.request.user, code)
            except Region.DoesNotExist:
                raise Http404(_("该行政区划不存在或不在您的管辖范围内"))
        region = self.request.user.region
        if region is None:
            return None
        return Region.objects.restrict(self.request.user).filter(pk=region.pk).first()

    def report_year(self):
        return self.request.GET.get("year") or default_year()

    def build(self):
        """(report, error message): report None when there is no region to report on or the year is wrong."""
        region = self.report_region()
        if region is None:
            return None, _("请选择行政区划")
        try:
            ctx = build_context(self.request.user, region, self.report_year())
        except ValidationError as e:
            return None, "；".join(e.messages)
        return build_report(ctx), ""


class AnnualReportView(AnnualReportMixin, View):
    template_name = "reports/annual.html"

    def get(self, request, *args, **kwargs):
        report, error = self.build()
        initial = {"year": self.report_year()}
        if report is not None:
            initial["region"] = report.ctx.region.code
        form = AnnualReportForm(initial=initial, user=request.user)
        context = {"form": form, "report": report, "error": error, "can_write": self._can_write()}
        if report is not None:
            query = urlencode({"region": report.ctx.region.code, "year": report.ctx.year})
            context.update({
                "docx_url": f"{reverse('reports:annual_docx')}?{query}",
                "xlsx_url": f"{reverse('reports:annual_xlsx')}?{query}",
                "missing": [(s, self._add_link(report, s.key)) for s in report.missing_narratives],
            })
            self._set_edit_links(report)
        return render(request, self.template_name, context, status=400 if error and report is None
                      and request.GET.get("year") else 200)

    def _can_write(self):
        user = self.request.user
        return user.has_perm(perm_name(ReportNarrative, "add")) and user.has_perm(perm_name(ReportNarrative, "change"))

    def _add_link(self, report, key):
        if not self._can_write():
            return None
        query = urlencode({"region": report.ctx.region.pk, "year": report.ctx.year, "section": key})
        return f"{reverse('reports:reportnarrative_add')}?{query}"

    def _set_edit_links(self, report):
        """Each section's link to write or edit its narrative text, for users who may."""
        if not self._can_write():
            return
        for part in report.parts:
            for s in part.sections:
                if s.narrative is not None:
                    s.edit_link = reverse("reports:reportnarrative_edit", args=[s.narrative.pk])
                else:
                    s.edit_link = self._add_link(report, s.key)


class AnnualReportDownloadView(AnnualReportMixin, View):
    """The report as .docx (kind="docx") or its data appendix as .xlsx (kind="xlsx"); an audit event each."""

    kind = "docx"

    def get(self, request, *args, **kwargs):
        report, error = self.build()
        if report is None:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        ctx = report.ctx
        if self.kind == "xlsx":
            content = appendix.write_xlsx(report, base_url=request.build_absolute_uri("/").rstrip("/"))
            filename, content_type = f"{report.title}-数据附表.xlsx", XLSX_TYPE
        else:
            content = docx.write_docx(report)
            filename, content_type = f"{report.title}.docx", DOCX_TYPE
        record_event(AuditEvent.Kind.DOWNLOAD, user=request.user, region_id=ctx.region.pk, detail={
            "report": "annual", "region": ctx.region.code, "year": ctx.year, "format": self.kind,
            "figures": len(report.figures)})
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


# --- the narrative texts -------------------------------------------------------------------------------------------
class ReportNarrativeListView(generic.ObjectListView):
    model = ReportNarrative
    queryset = ReportNarrative.objects.select_related("region")
    filterset_class = ReportNarrativeFilterSet
    table_class = ReportNarrativeTable


class ReportNarrativeDetailView(generic.ObjectDetailView):
    model = ReportNarrative
    queryset = ReportNarrative.objects.select_related("region")

    def extra_context(self, obj):
        query = urlencode({"region": obj.region.code, "year": obj.year})
        return {"report_url": f"{reverse('reports:annual')}?{query}"}


class ReportNarrativeEditView(generic.ObjectEditView):
    model = ReportNarrative
    form_class = ReportNarrativeForm
