from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

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
from ..stats import inspection_stats
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


# the period parameters this endpoint took before it followed PeriodStatsViewSet
RENAMED_PARAMETERS = {"date_from": "start", "date_to": "end"}


@extend_schema_view(list=extend_schema(summary="监督检查统计", parameters=[
    OpenApiParameter("campaign", OpenApiTypes.INT, description="专项行动ID（只统计该专项行动的检查）")]))
class InspectionStatsViewSet(PeriodStatsViewSet):
    """Inspections and places inspected for a period, region and campaign, by kind and sector, with 同比.

    The period and region parameters are those of every statistics endpoint (?start=&end=&region=); the names
    this endpoint took before (date_from, date_to) are refused with 400 and a message naming the new ones.
    """

    queryset = Inspection.objects.all()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        renamed = {old: new for old, new in RENAMED_PARAMETERS.items() if old in request.query_params}
        if renamed:
            raise DjangoValidationError({old: [_("参数 %(old)s 已停用，请改用 %(new)s") % {"old": old, "new": new}]
                                         for old, new in renamed.items()})

    def compute(self, user, start, end, region):
        return inspection_stats(user, start, end, region=region, campaign=self._campaign(user))

    def _campaign(self, user):
        text = (self.request.query_params.get("campaign") or "").strip()
        if not text:
            return None
        campaign = Campaign.objects.restrict(user).filter(pk=int(text)).first() if text.isdigit() else None
        if campaign is None:
            raise Http404(_("专项行动不存在或不在您的管辖范围内"))
        return campaign

