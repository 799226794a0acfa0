from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.periods import refuse_renamed, resolve_region

from ..context import build_context
from ..filtersets import BaselineFigureFilterSet, ReportNarrativeFilterSet
from ..models import BaselineFigure, ReportNarrative
from .serializers import BaselineFigureSerializer, ReportNarrativeSerializer


class ReportNarrativeViewSet(ScopedModelViewSet):
    queryset = ReportNarrative.objects.select_related("region")
    serializer_class = ReportNarrativeSerializer
    filterset_class = ReportNarrativeFilterSet
    ordering_fields = ["year", "section", "updated_at"]
    ordering = ["-year", "section"]


class BaselineFigureViewSet(ScopedModelViewSet):
    queryset = BaselineFigure.objects.select_related("region")
    serializer_class = BaselineFigureSerializer
    filterset_class = BaselineFigureFilterSet
    ordering_fields = ["year", "indicator", "updated_at"]
    ordering = ["-year", "indicator"]


class AnnualReportViewSet(PeriodStatsViewSet):
    """The report as JSON: ?region=&start=&end= (default: this calendar year up to today) or ?region=&year=.

    Each section's paragraphs as text, every figure with its value, unit, last year's figure, its 同比 and the query
    behind it, and in `results` the staff's texts merged in; the same report as the page, the .docx and the
    appendix."""

    queryset = ReportNarrative.objects.all()

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="开始日期（与结束日期在同一年度内；默认今年1月1日）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="结束日期（默认今天或该年12月31日）"),
        OpenApiParameter("year", OpenApiTypes.INT, description="年度（不填起止日期时按该年全年）"),
        OpenApiParameter("region", OpenApiTypes.STR, description="区划ID或12位区划代码（默认本人管辖区划）"),
    ])
    def list(self, request):
        from ..engine import build_report
        from ..views import read_dates

        params = request.query_params
        refuse_renamed(params)
        region = resolve_region(request.user, params.get("region"))
        if region is None:
            raise DjangoValidationError({"region": ["请选择行政区划"]})
        start, end = read_dates(params)
        year = params.get("year")
        if start is None and not year:
            year = timezone.localdate().year
        report = build_report(build_context(request.user, region, year, start=start, end=end))
        return Response(report_json(report))


def report_json(report):
    ctx = report.ctx
    return {
        "title": report.title,
        "region": {"id": ctx.region.pk, "code": ctx.region.code, "name": ctx.region.name},
        "period": {"start": ctx.start.isoformat(), "end": ctx.end.isoformat(), "label": ctx.period_text},
        "previous_period": {"start": ctx.previous_start.isoformat(), "end": ctx.previous_end.isoformat()},
        "parts": [{"key": part.key, "heading": f"{part.number}{part.title}", "sections": [
            {"key": s.key, "heading": f"{s.number}{s.title}" if s.number else s.title,
             "paragraphs": [f"{p.number}{p.title}" + ("" if not p.title or p.title.endswith("。") else "。") + p.text
                            if p.title else p.text for p in s.paragraphs]}
            for s in part.sections]} for part in report.parts],
        # the staff's texts merged into the report (年度报告文字), as the queryset of this endpoint
        "results": [{"id": s.narrative.pk, "section": s.key, "year": s.narrative.year,
                     "url": s.narrative.get_absolute_url()}
                    for part in report.parts for s in part.sections if s.narrative is not None],
        "figures": [{"section": f.section, "label": f.label, "value": str(f.value), "unit": f.unit, "text": f.text,
                     "previous": None if f.previous is None else str(f.previous), "change": f.change,
                     "link": f.link, "previous_link": f.previous_link} for f in report.figures],
    }
