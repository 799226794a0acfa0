from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..forms import InspectionForm, InspectorCertificateForm, SupervisionVisitForm
from ..models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectorCertificate,
    SupervisionNotice,
    SupervisionVisit,
)
from ..services import check_inspectors


class InspectionSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "enterprise", "enterprise_name", "region", "region_name", "inspected_on", "kind",
                  "kind_display", "inspectors", "site_contact", "campaign", "plan_item", "draw_item", "checklist",
                  "findings", "hazards", "order_items", "rectify_deadline", "document_no", "reviewed_at",
                  "reviewed_by", "created_at", "updated_at", "voided_at", "void_reason"]
        read_only_fields = ["region", "reviewed_at", "reviewed_by", "created_at", "updated_at", "voided_at",
                            "void_reason"]

    # inspectors: the same choices as the web form's (ScopedSerializerMixin.people_form)
    people_form = InspectionForm

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        if "inspectors" in attrs:
            inspectors = attrs["inspectors"]
        elif self.instance is not None:
            inspectors = list(self.instance.inspectors.all())
        else:
            inspectors = []
        try:
            check_inspectors(kind, [u.pk for u in inspectors],
                             attrs.get("inspected_on", getattr(self.instance, "inspected_on", None)))
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict)
        enterprise = attrs.get("enterprise", getattr(self.instance, "enterprise", None))
        if enterprise is not None and any(h.enterprise_id != enterprise.pk for h in attrs.get("hazards", [])):
            raise serializers.ValidationError({"hazards": ["只能关联被检查单位的隐患"]})
        return attrs




class InspectorCertificateSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = InspectorCertificate
        fields = ["id", "user", "user_name", "certificate_no", "issued_by", "valid_from", "valid_until", "region",
                  "voided_at", "void_reason"]
        read_only_fields = ["region", "voided_at", "void_reason"]

    people_form = InspectorCertificateForm


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "position", "text", "basis"]


class ChecklistTemplateSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "sector", "region", "notes", "items", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class StatsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    region = serializers.CharField(required=False, help_text="区划代码")
    campaign = serializers.IntegerField(required=False)


class SupervisionVisitSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = ["id", "target_kind", "organisation", "organisation_name", "region", "visited_on", "team",
                  "campaign", "subject", "findings", "requirements", "rectify_deadline", "voided_at", "void_reason"]
        read_only_fields = ["region", "voided_at", "void_reason"]

    people_form = SupervisionVisitForm

    def validate_team(self, value):
        if not value:
            raise serializers.ValidationError("请选择督导组成员")
        return value


class SupervisionNoticeSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = SupervisionNotice
        fields = ["id", "title", "document_no", "issued_on", "region", "visits", "content", "voided_at",
                  "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]
