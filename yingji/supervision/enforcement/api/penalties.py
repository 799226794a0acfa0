"""GET /api/v1/enforcement-penalties/: the 行政处罚 list (read-only: a penalty is added with its case's decision,
POST /api/v1/enforcement-cases/{id}/decide/ or …/penalties/), with the filters of the web list."""

from rest_framework import mixins, serializers, viewsets

from yingji.platform.core.api.fields import ChoiceDisplayField

from ..filtersets import PenaltyFilterSet
from ..models import Penalty


class PenaltyListSerializer(serializers.ModelSerializer):
    """A penalty with its case, enterprise, department and decision date. The name of a person fined
    (target_name) is left out: it is on the case's own page and API."""

    kind_display = ChoiceDisplayField(source="kind")
    target_display = ChoiceDisplayField(source="target")
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)
    enterprise = serializers.IntegerField(source="case.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="case.enterprise.name", read_only=True)
    department = serializers.IntegerField(source="case.department_id", read_only=True)
    department_name = serializers.CharField(source="case.department.name", read_only=True)
    decided_on = serializers.DateField(source="case.decided_on", read_only=True)

    class Meta:
        model = Penalty
        fields = ["id", "case", "case_number", "case_state", "enterprise", "enterprise_name", "department",
                  "department_name", "decided_on", "kind", "kind_display", "target", "target_display", "amount",
                  "suspension_days", "note"]
        read_only_fields = fields


class PenaltyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Penalty.objects.select_related("case", "case__enterprise", "case__department")
    serializer_class = PenaltyListSerializer
    filterset_class = PenaltyFilterSet
    action_permissions = {}
    ordering_fields = ["amount", "kind", "case__decided_on"]
    ordering = ["-case__decided_on", "-pk"]

    def get_queryset_model(self):
        return Penalty

    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "view")

    def filter_queryset(self, queryset):
        # the list filters (有效 by default) narrow the list only: a voided penalty stays readable by its id
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)
