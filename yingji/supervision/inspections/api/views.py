from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from yingji.platform.core.api.errors import bad_request
from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.regions.models import Region

from ..filtersets import (
    CampaignFilterSet,
    ChecklistTemplateFilterSet,
    DrawFilterSet,
    InspectionFilterSet,
    InspectionPlanFilterSet,
    InspectorCertificateFilterSet,
    SupervisionNoticeFilterSet,
    SupervisionVisitFilterSet,
)
from ..models import (
    Campaign,
    ChecklistTemplate,
    Draw,
    Inspection,
    InspectionPlan,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)
from ..stats import inspection_stats, parse_period
from .serializers import (
    CampaignSerializer,
    ChecklistTemplateSerializer,
    DrawSerializer,
    InspectionPlanSerializer,
    InspectionSerializer,
    InspectorCertificateSerializer,
    SupervisionNoticeSerializer,
    SupervisionVisitSerializer,
)


class InspectionViewSet(ScopedModelViewSet):
    queryset = Inspection.objects.select_related("enterprise", "region").prefetch_related("inspectors", "hazards")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["inspected_on", "created_at"]
    ordering = ["-inspected_on", "-id"]


class CampaignViewSet(ScopedModelViewSet):
    queryset = Campaign.objects.prefetch_related("enterprises")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    ordering = ["-start_date", "id"]


class InspectionPlanViewSet(ScopedModelViewSet):
    queryset = InspectionPlan.objects.prefetch_related("frequencies")
    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet
    ordering = ["-year", "id"]


class DrawViewSet(ScopedModelViewSet):
    queryset = Draw.objects.prefetch_related("items__enterprise", "items__inspectors")
    serializer_class = DrawSerializer
    filterset_class = DrawFilterSet
    ordering = ["-drawn_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]


class InspectorCertificateViewSet(ScopedModelViewSet):
    queryset = InspectorCertificate.objects.select_related("user")
    serializer_class = InspectorCertificateSerializer
    filterset_class = InspectorCertificateFilterSet
    ordering = ["user__username", "id"]


class ChecklistTemplateViewSet(ScopedModelViewSet):
    queryset = ChecklistTemplate.objects.prefetch_related("items")
    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilterSet
    ordering = ["sector", "id"]


class SupervisionVisitViewSet(ScopedModelViewSet):
    queryset = SupervisionVisit.objects.select_related("organisation").prefetch_related("team")
    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionVisitFilterSet
    ordering = ["-visited_on", "-id"]


class SupervisionNoticeViewSet(ScopedModelViewSet):
    queryset = SupervisionNotice.objects.prefetch_related("visits")
    serializer_class = SupervisionNoticeSerializer
    filterset_class = SupervisionNoticeFilterSet
    ordering = ["-issued_on", "-id"]


class InspectionStatsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Inspections and places inspected for a period, region and campaign, by kind and sector, with 同比."""

    queryset = Inspection.objects.all()
    action_permissions = {}
    pagination_class = None
    filter_backends = []

    def get_queryset_model(self):
        return Inspection

    @extend_schema(summary="监督检查统计", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("date_from", str, description="开始日期 YYYY-MM-DD（默认本年1月1日）"),
        OpenApiParameter("date_to", str, description="结束日期 YYYY-MM-DD（默认今天）"),
        OpenApiParameter("region", str, description="区划代码"),
        OpenApiParameter("campaign", int, description="专项行动编号")])
    def list(self, request, *args, **kwargs):
        try:
            date_from, date_to = parse_period(request.query_params)
        except ValueError as e:
            return bad_request(str(e), {"date_from": [str(e)]})
        region = campaign = None
        code = request.query_params.get("region")
        if code:
            region = Region.objects.restrict(request.user).filter(code=code).first()
            if region is None:
                return bad_request(_("区划不存在或不在您的管辖范围内"), {"region": [code]})
        campaign_id = request.query_params.get("campaign")
        if campaign_id:
            campaign = (Campaign.objects.restrict(request.user).filter(pk=campaign_id).first()
                        if campaign_id.isdigit() else None)
            if campaign is None:
                return bad_request(_("专项行动不存在或不在您的管辖范围内"), {"campaign": [campaign_id]})
        return Response(inspection_stats(request.user, date_from, date_to, region=region, campaign=campaign))
