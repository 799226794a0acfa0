from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from yingji.platform.core.api.stats import PeriodStatsViewSet
from yingji.platform.core.api.viewsets import ScopedModelViewSet

from .. import services
from ..choices import Step
from ..filtersets import EnforcementCaseFilterSet, MeasureFilterSet
from ..models import CaseStep, EnforcementCase, Measure, Penalty
from ..stats import enforcement_stats
from . import serializers as s

STEP_ACTIONS = {
    "file": (Step.FILE, s.StepRequestSerializer, "立案"),
    "investigate": (Step.INVESTIGATE, s.StepRequestSerializer, "调查取证"),
    "notify": (Step.NOTIFY, s.NotifyRequestSerializer, "告知"),
    "request_hearing": (Step.REQUEST_HEARING, s.StepRequestSerializer, "申请听证"),
    "hold_hearing": (Step.HOLD_HEARING, s.HearingRequestSerializer, "听证"),
    "decide": (Step.DECIDE, s.DecideRequestSerializer, "决定（含处罚）"),
    "deliver": (Step.DELIVER, s.DeliverRequestSerializer, "送达"),
    "execute": (Step.EXECUTE, s.ExecuteRequestSerializer, "执行"),
    "close": (Step.CLOSE, s.StepRequestSerializer, "结案"),
}


def _raise(e):
    raise ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages})


class EnforcementCaseViewSet(ScopedModelViewSet):
    queryset = EnforcementCase.objects.select_related("enterprise", "department").prefetch_related(
        "officers", Prefetch("penalties", queryset=Penalty.objects.all()))
    serializer_class = s.EnforcementCaseSerializer
    filterset_class = EnforcementCaseFilterSet
    ordering_fields = ["filed_on", "number", "due_on", "state"]
    ordering = ["-filed_on", "-pk"]
    action_permissions = {**ScopedModelViewSet.action_permissions, **{name: "change" for name in STEP_ACTIONS},
                          "add_penalty": "change", "review": "approve"}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.EnforcementCaseDetailSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("steps", queryset=CaseStep.objects.prefetch_related("officers")))
        return qs

    def perform_update(self, serializer):
        super().perform_update(serializer)
        services.refresh_due(serializer.instance)

    def _step(self, request, name):
        step, serializer_class, _label = STEP_ACTIONS[name]
        case = self.get_object()
        data = serializer_class(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        kwargs = dict(data.validated_data)
        try:
            services.STEP_FUNCTIONS[step](case, actor=request.user, **kwargs)
        except DjangoValidationError as e:
            _raise(e)
        case = self.get_queryset().get(pk=case.pk)
        return Response(s.EnforcementCaseDetailSerializer(case, context=self.get_serializer_context()).data)

    @extend_schema(request=s.PenaltyRequestSerializer, summary="登记处罚决定的处罚（须已作出决定）")
    @action(detail=True, methods=["post"], url_path="penalties")
    def add_penalty(self, request, pk=None):
        case = self.get_object()
        data = s.PenaltyRequestSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            services.add_penalty(case, actor=request.user, **data.validated_data)
        except DjangoValidationError as e:
            _raise(e)
        case = self.get_queryset().get(pk=case.pk)
        return Response(s.EnforcementCaseDetailSerializer(case, context=self.get_serializer_context()).data,
                        status=201)

    @extend_schema(request=s.ReviewRequestSerializer, summary="案卷评查（仅已结案案件）")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        case = self.get_object()
        data = s.ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        scores = {code: (score, v["remarks"].get(code, "")) for code, score in v["scores"].items()}
        try:
            review = services.review_case(case, actor=request.user, date=v["date"], scores=scores,
                                          conclusion=v["conclusion"])
        except DjangoValidationError as e:
            _raise(e)
        return Response({"id": review.pk, "case": case.pk, "total": str(review.total),
                         "max_total": str(review.max_total),
                         "items": [{"code": i.code, "item": i.item, "score": str(i.score),
                                    "max_score": str(i.max_score),
                                    "remark": i.remark} for i in review.items.all()]}, status=201)


def _make_step_action(name):
    step, serializer_class, label = STEP_ACTIONS[name]

    def handler(self, request, pk=None):
        return self._step(request, name)

    handler.__name__ = name
    handler = extend_schema(request=serializer_class, responses=s.EnforcementCaseDetailSerializer,
                            summary=f"办案环节：{label}")(handler)
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(handler)


for _name in STEP_ACTIONS:
    setattr(EnforcementCaseViewSet, _name, _make_step_action(_name))


class MeasureViewSet(ScopedModelViewSet):
    queryset = Measure.objects.select_related("enterprise")
    serializer_class = s.MeasureSerializer
    filterset_class = MeasureFilterSet
    ordering_fields = ["date", "kind"]
    ordering = ["-date", "-pk"]


@extend_schema_view(list=extend_schema(summary="行政执法统计（含同比）"))
class EnforcementStatsViewSet(PeriodStatsViewSet):
    """Enforcement figures of a period and region (?start=&end=&region=) and the same period last year, narrowed
    by ?campaign= and ?source= (the statistics parameters EnforcementCase declares, core.stats)."""

    queryset = EnforcementCase.objects.all()

    def compute(self, user, start, end, region, **params):
        data = enforcement_stats(user, start, end, region, **params)
        cur, prev = data["current"], data["previous"]
        return {
            "start": data["start"], "end": data["end"], "region": region.pk if region else None,
            "campaign": params["campaign"].pk if params.get("campaign") is not None else None,
            "source": params.get("source"),
            "previous_start": data["previous_start"], "previous_end": data["previous_end"],
            "results": data["rows"],
            "penalties_by_kind": cur["penalties_by_kind"], "fines_by_department": cur["fines_by_department"],
            "previous_penalties_by_kind": prev["penalties_by_kind"],
            "previous_fines_by_department": prev["fines_by_department"],
        }
