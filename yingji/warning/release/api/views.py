from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from yingji.platform.core.api.viewsets import ScopedModelViewSet, request_object

from .. import services
from ..filtersets import GroupFilterSet, RecipientFilterSet, ReleaseFilterSet, WardFilterSet
from ..models import Group, Recipient, Release, Ward
from .serializers import (
    ConfirmSerializer,
    GroupSerializer,
    RecipientSerializer,
    ReleaseSerializer,
    StartReleaseSerializer,
    WardSerializer,
)


def _as_400(e):
    return ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages})


class GroupViewSet(ScopedModelViewSet):
    queryset = Group.objects.select_related("region")
    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet
    ordering = ["region__code", "name"]


class RecipientViewSet(ScopedModelViewSet):
    queryset = Recipient.objects.select_related("region").prefetch_related("recipient_groups")
    serializer_class = RecipientSerializer
    filterset_class = RecipientFilterSet
    ordering = ["region__code", "name", "id"]


class WardViewSet(ScopedModelViewSet):
    queryset = Ward.objects.select_related("region")
    serializer_class = WardSerializer
    filterset_class = WardFilterSet
    ordering = ["region__code", "id"]


class ReleaseViewSet(ScopedModelViewSet):
    """Releases. POST starts one through the same service as the page (queued, sent in the background); the
    board action gives the per-township figures; confirm records a phone 叫应; redial calls a person again."""

    queryset = Release.objects.select_related("region").prefetch_related("target_regions", "target_groups")
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {**ScopedModelViewSet.action_permissions, "confirm": "change", "redial": "change"}
    ordering = ["-created_at", "-id"]

    @extend_schema(request=StartReleaseSerializer, responses=ReleaseSerializer)
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("release.add_release"):
            self.permission_denied(request)
        s = StartReleaseSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        d = s.validated_data
        try:
            release = services.start_release(None, actor=request.user, title=d["title"], text=d["text"],
                                             level=d["level"], regions=d.get("regions", []),
                                             groups=d.get("groups", []), channels=d.get("channels"),
                                             confirm=d.get("confirm"))
        except DjangoValidationError as e:
            raise _as_400(e)
        return Response(ReleaseSerializer(release, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=None, summary="发布看板（分乡镇）")
    @action(detail=True, methods=["get"])
    def board(self, request, pk=None):
        rows, total = services.release_board(self.get_object())
        return Response({"townships": rows, "total": total})

    @extend_schema(request=ConfirmSerializer, responses=None, summary="记录电话叫应")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        release = self.get_object()
        s = ConfirmSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.record_phone_confirmation(release, actor=request.user, target_id=s.validated_data["target"],
                                               note=s.validated_data["note"])
        except DjangoValidationError as e:
            raise _as_400(e)
        return Response({"ok": True})

    @extend_schema(request=None, responses=None, summary="一键重拨")
    @action(detail=True, methods=["post"])
    def redial(self, request, pk=None):
        release = self.get_object()
        try:
            d = services.redial(release, actor=request.user, target_id=int(request_object(request).get("target") or 0))
        except (DjangoValidationError, ValueError, TypeError) as e:
            raise _as_400(e) if isinstance(e, DjangoValidationError) else ValidationError(
                {"target": [_("该人员不在本次发布的名单中")]})
        return Response({"delivery": d.pk})
