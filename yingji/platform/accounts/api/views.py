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

    # users are deactivated (is_active=false), never voided
    void = None
    restore = None
