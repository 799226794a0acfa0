from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed

from yingji.platform.core.api.viewsets import ScopedModelViewSet

from ..filtersets import OrganisationFilterSet, UserFilterSet
from ..models import Organisation, User
from .serializers import OrganisationSerializer, UserSerializer


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.select_related("region", "parent").prefetch_related("members")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "kind", "region__code"]
    ordering = ["region__code", "name"]


class UserViewSet(ScopedModelViewSet):
    queryset = User.objects.select_related("region", "organisation").prefetch_related("groups")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username", "full_name", "last_login"]
    ordering = ["username"]

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        raise MethodNotAllowed("POST", detail="用户不作废，请停用（is_active=false）")

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        raise MethodNotAllowed("POST", detail="用户不作废，请启用（is_active=true）")
