"""GET /api/v1/portal/enforcement-history/: 本企业执法记录 for the enterprise's own systems (read-only).

Answers over the cases the caller may see (an enterprise account: his own from 立案 on; a bureau user: his scope),
in the shape of the portal page: penalties, payment deadline, overdue and surcharge, steps without officers. The
measures (约谈/曝光) are at /api/v1/enforcement-measures/.
"""

from django.utils import timezone
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from yingji.platform.core.api.permissions import ModelPermissions
from yingji.supervision.enforcement.models import EnforcementCase

from .. import history
from .serializers import EnforcementHistorySerializer


class EnforcementHistoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = EnforcementCase.objects.all()
    serializer_class = EnforcementHistorySerializer
    permission_classes = [ModelPermissions]
    action_permissions = {}
    filter_backends = []

    def get_queryset_model(self):
        return EnforcementCase

    def get_queryset(self):
        return history.cases_for(self.request.user)

    def _rows(self, cases):
        today = timezone.localdate()
        return [history.summary(case, today) for case in cases]

    def list(self, request, *args, **kwargs):
        cases = self.get_queryset()
        page = self.paginate_queryset(cases)
        data = self.get_serializer(self._rows(cases if page is None else page), many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._rows([self.get_object()])[0]).data)
