"""统计分析 → 年度报告: the preview (each figure linked to its query), the .docx and the .xlsx appendix, and the
narrative texts staff write for it."""

from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date
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
from .filtersets import BaselineFigureFilterSet, ReportNarrativeFilterSet
from .forms import AnnualReportForm, BaselineFigureForm, ReportNarrativeForm, default_year
from .models import BaselineFigure, ReportNarrative
from .tables import BaselineFigureTable, ReportNarrativeTable

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

    def report_dates(self):
        """(start, end) from ?start=&end=, (None, None) when neither is given (the calendar year of ?year=)."""
        return read_dates(self.request.GET)

    def build(self):
        """(report, error message): report None when there is no region to report on or the period is wrong."""
        region = self.report_region()
        if region is None:
            return None, _("请选择行政区划")
        try:
            start, end = self.report_dates()
            ctx = build_context(self.request.user, region, self.report_year(), start=start, end=end)
        except ValidationError as e:
            return None, "；".join(e.messages)
        return build_report(ctx), ""

    def report_query(self, ctx):
        """The query string of this report (region, year, and the dates of a period that is not the year)."""
        params = {"region": ctx.region.code, "year": ctx.year}
        if self.request.GET.get("start") or self.request.GET.get("end"):
            params.update(ctx.period_params())
        return urlencode(params)


def read_dates(params):
    """(start, end) dates of a report from ?start=&end=: both or neither; a bad date is a ValidationError."""
    start_text, end_text = (str(params.get(k) or "").strip() for k in ("start", "end"))
    if not start_text and not end_text:
        return None, None
    dates = []
    for text, label in ((start_text, _("开始日期")), (end_text, _("结束日期"))):
        if not text:
            raise ValidationError(_("请同时填写开始日期和结束日期"))
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("%(f)s格式不正确，应为 YYYY-MM-DD") % {"f": label})
        dates.append(day)
    return tuple(dates)


class AnnualReportView(AnnualReportMixin, View):
    template_name = "reports/annual.html"

    def get(self, request, *args, **kwargs):
        report, error = self.build()
        initial = {"year": self.report_year(), "start": request.GET.get("start"), "end": request.GET.get("end")}
        if report is not None:
            initial["region"] = report.ctx.region.code
            initial["year"] = report.ctx.year
        form = AnnualReportForm(initial=initial, user=request.user)
        context = {"form": form, "report": report, "error": error, "can_write": self._can_write()}
        if report is not None:
            query = self.report_query(report.ctx)
            context.update({
                "docx_url": f"{reverse('reports:annual_docx')}?{query}",
                "xlsx_url": f"{reverse('reports:annual_xlsx')}?{query}",
                "missing": [(s, self._add_link(report, s.key)) for s in report.missing_narratives],
            })
            self._set_edit_links(report)
        asked = request.GET.get("year") or request.GET.get("start") or request.GET.get("end")
        return render(request, self.template_name, context, status=400 if error and report is None and asked else 200)

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
            "report": "annual", "region": ctx.region.code, "year": ctx.year, "start": ctx.start.isoformat(),
            "end": ctx.end.isoformat(), "format": self.kind,
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


# --- 基期数据 ----------------------------------------------------------------------------------------------------
class BaselineFigureListView(generic.ObjectListView):
    model = BaselineFigure
    queryset = BaselineFigure.objects.select_related("region")
    filterset_class = BaselineFigureFilterSet
    table_class = BaselineFigureTable
    import_spec = "baseline-figures"


class BaselineFigureDetailView(generic.ObjectDetailView):
    model = BaselineFigure
    queryset = BaselineFigure.objects.select_related("region")


class BaselineFigureEditView(generic.ObjectEditView):
    model = BaselineFigure
    form_class = BaselineFigureForm
