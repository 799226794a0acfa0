from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from yingji.platform.core.api.fields import ChoiceDisplayField
from yingji.platform.core.api.viewsets import ScopedSerializerMixin

from ..models import Organisation, User


class OrganisationSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    kind_display = ChoiceDisplayField(source="kind")

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "kind_display", "industry", "committee_kind", "region",
                  "parent", "members", "phone", "address", "voided_at", "void_reason"]
        read_only_fields = ["voided_at", "void_reason"]


class UserSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    roles = serializers.SlugRelatedField(source="groups", slug_field="name", many=True, required=False,
                                         queryset=Group.objects.filter(role__isnull=False))
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "phone", "region", "organisation", "title", "is_active", "roles",
                  "last_login", "password"]
        read_only_fields = ["last_login"]
        extra_kwargs = {"region": {"required": True, "allow_null": False}}
    def validate(self, attrs):
        org = attrs.get("organisation", getattr(self.instance, "organisation", None))
        region = attrs.get("region", getattr(self.instance, "region", None))
        if org and region and not org.region.is_within(region) and not region.is_within(org.region):
            raise serializers.ValidationError({"organisation": [_("所在单位与管辖区划不在同一辖区")]})
        password = attrs.get("password")
        if self.instance is None and not password:
            raise serializers.ValidationError({"password": [_("新建用户必须设置初始密码")]})
        if password:
            candidate = self.instance or User(username=attrs.get("username", ""))
            try:
                password_validation.validate_password(password, candidate)
            except DjangoValidationError as e:
                raise serializers.ValidationError({"password": e.messages})
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        groups = validated_data.pop("groups", [])
        user = User(**validated_data)
        user.set_password(password)
        user.must_change_password = True  # an initial password the administrator knows: changed at first login
        user.save()
        user.groups.set(groups)
        return user

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        groups = validated_data.pop("groups", None)
        for k, v in validated_data.items():
            setattr(instance, k, v)
        if password:
            instance.set_password(password)
            instance.must_change_password = True
        instance.save()
        if password:  # as when an administrator resets it on the web page
            from yingji.platform.audit.models import AuditEvent
            from yingji.platform.audit.recorder import record_event

            record_event(AuditEvent.Kind.PASSWORD_CHANGED, target=instance.username, detail={"by_admin": True})
        if groups is not None:
            instance.groups.set(groups)
        return instance
