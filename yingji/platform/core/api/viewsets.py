"""The API base viewset: scoped queryset, no DELETE (void/restore instead), change history per record."""

from contextlib import contextmanager
from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Manager
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from yingji.platform.audit.recorder import history_for
from yingji.platform.core.models import ScopedQuerySet, in_scope, is_external_user
from yingji.platform.core.privacy import mask, may_see_personal
from yingji.platform.core.services import restore_record, void_record
from yingji.platform.core.views import INTEGRITY_MESSAGE

from . import rows


@contextmanager
def integrity_as_400():
    """A database constraint no serializer checks (e.g. unique among records not voided) is bad input, not a 500."""
    try:
        yield
    except IntegrityError:
        raise ValidationError({"non_field_errors": [str(INTEGRITY_MESSAGE)]})


class ChangeSerializer(serializers.Serializer):
    time = serializers.DateTimeField()
    user_name = serializers.CharField()
    ip = serializers.CharField(allow_null=True)
    action = serializers.CharField()
    changed_fields = serializers.ListField(child=serializers.CharField())
    prechange = serializers.JSONField(allow_null=True)
    postchange = serializers.JSONField(allow_null=True)
    message = serializers.CharField()


VoidSerializer = inline_serializer("VoidRequest", {"reason": serializers.CharField(max_length=500)})


def request_object(request):
    """The request body as a JSON object (a dict); any other body (a list, a string, a number, null) is a 400 in
    the error format, not an AttributeError (issue 16, item 6)."""
    data = request.data
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [_("请求内容须为 JSON 对象")]})
    return data


def bound_text_fields(serializer):
    """Every writable text field of `serializer` without a length limit takes at most TEXT_MAX_LENGTH characters,
    with the Chinese error (issue 16, item 10): for the request serializers of workflow transitions, which are not
    model serializers."""
    from django.core.validators import MaxLengthValidator

    from ..validators import TEXT_MAX_LENGTH, TEXT_TOO_LONG

    for field in serializer.fields.values():
        if isinstance(field, serializers.CharField) and not field.read_only and field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH, message=TEXT_TOO_LONG))
    return serializer


def _source_kind(model, field):
    """The kind of personal data the serializer field shows: its source followed through the model's relations."""
    from ..privacy import path_kind

    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return None
    return path_kind(model, source)


def _form_choices(form, name, default):
    """The queryset of the form's field `name` (the people it offers), or `default` where the form built for this
    user has no such field or one without a queryset."""
    field = form.fields.get(name)
    return field.queryset if field is not None and hasattr(field, "queryset") else default


class ScopedSerializerMixin:
    """Limits every related-record field to the records the requesting user may see; cleans text of control
    characters on the way in (issue 16, item 3), as core.forms.ScopedModelForm does for the web forms.

    `people_form`: the web form of the same record. Each field of the serializer that chooses accounts (发现人,
    inspectors, 包保责任人 …) takes its choices from that form's field of the same name, built for the same user, so
    that the API accepts exactly the people the web form offers (issue 15: "the API accepts what the web form
    accepts"); the choices are declared once, on the form. Without it an account field is restricted like any
    other related field (restrict(user, "view"): only those who may browse the accounts see any).
    """

    people_form = None

    def to_internal_value(self, data):
        from ..validators import strip_control_characters

        values = super().to_internal_value(data)
        for name, value in list(values.items()):
            if isinstance(value, str):
                values[name] = strip_control_characters(value)
        return values

    def build_standard_field(self, field_name, model_field):
        """A model TextField without a max_length of its own takes at most TEXT_MAX_LENGTH characters, with the
        web form's Chinese error, and the schema says so (maxLength) (issue 16, item 10)."""
        from django.db import models

        from ..validators import TEXT_MAX_LENGTH, TEXT_TOO_LONG

        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and kwargs.get("max_length") is None \
                and not kwargs.get("read_only"):
            kwargs["max_length"] = TEXT_MAX_LENGTH
            kwargs["error_messages"] = {**kwargs.get("error_messages", {}), "max_length": TEXT_TOO_LONG}
        return field_class, kwargs

    def to_representation(self, instance):
        """Personal data (declared on the model field, core/privacy.py) masked: in lists for everyone, in a single
        record for those without accounts.view_personal_data; also through a related field (source="user.phone")."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        listing = getattr(self.context.get("view"), "action", None) == "list"
        if not listing and request is not None and may_see_personal(request.user):
            return data
        for name, kind in self._personal_fields().items():
            if name in data:
                data[name] = mask(kind, data[name])
        return data

    def _personal_fields(self):
        """{output name: kind} of this serializer's fields that show a personal model field (computed once)."""
        cached = getattr(self, "_personal_cache", None)
        if cached is None:
            cached = {}
            model = getattr(getattr(self, "Meta", None), "model", None)
            for name, field in self.fields.items():
                kind = _source_kind(model, field)
                if kind and not field.write_only:
                    cached[name] = kind
            self._personal_cache = cached
        return cached

    def get_fields(self):
        """The choices of every related field restricted to the user (see the class docstring). Lazily: a list's
        output reads only the related ids and never the choices, so the restriction (and the people form) is built
        only when a value is validated or the choices are drawn (the browsable API's form, the OPTIONS answer)."""
        from django.contrib.auth import get_user_model

        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        people_form = self.people_form if getattr(user, "is_authenticated", False) else None
        form = SimpleLazyObject(partial(people_form, user=user)) if people_form is not None else None
        for name, field in fields.items():
            target = getattr(field, "child_relation", field)
            qs = getattr(target, "queryset", None)
            if isinstance(qs, Manager):  # ModelSerializer passes the related model's manager, not a queryset
                qs = qs.all()
            model = getattr(qs, "model", None)
            if isinstance(qs, ScopedQuerySet) and user is not None:
                target.queryset = qs = SimpleLazyObject(partial(qs.restrict, user, "view"))
            # 发现人, 检查人员 …: the people the web form offers this user (built once, when first needed)
            if form is not None and not field.read_only and model is get_user_model() \
                    and name in people_form.base_fields:
                target.queryset = SimpleLazyObject(partial(_form_choices, form, name, qs))
        return fields


class ScopedModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    queryset = None
    action_permissions = {"create": "add", "update": "change", "partial_update": "change", "void": "change",
                          "restore": "change"}

    # a list page is read as .values() rows where the serializer allows it (core/api/rows.py): the same output
    list_rows = True

    def get_queryset_model(self):
        return self.queryset.model

    def list(self, request, *args, **kwargs):
        plan = rows.plan_for(self.get_serializer_class()) if self.list_rows else None
        queryset = self.filter_queryset(self.get_queryset())
        if plan is None or not plan.usable(queryset):
            return self._serialized_list(queryset)
        values = plan.values(queryset)
        values.counted = queryset  # the paginator's count: the same records without the rows' joins
        page = self.paginate_queryset(values)
        found = page if page is not None else list(values)
        try:
            data = plan.render(found, request)
        except rows.PropertyNeedsInstance:
            by_pk = queryset.in_bulk([row["pk"] for row in found])
            data = self.get_serializer([by_pk[row["pk"]] for row in found], many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _serialized_list(self, queryset):
        """DRF's list(): a model instance per row through the serializer."""
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)

    def get_queryset(self):
        verb = self.action_permissions.get(self.action, "view")
        qs = self.queryset.all().restrict(self.request.user, verb)
        if self.action == "list" and hasattr(qs.model, "voided_at") and "record_status" not in self.request.GET:
            qs = qs.filter(voided_at__isnull=True)
        return qs

    def filter_queryset(self, queryset):
        # the list filters (record_status defaults to 有效) narrow lists only: a voided record stays reachable
        # by its id, so that it can be read and restored
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        extra = {"created_by": self.request.user} if hasattr(self.get_queryset_model(), "created_by_id") else {}
        with integrity_as_400(), transaction.atomic():
            obj = serializer.save(**extra)
            self._check_scope(obj)

    def perform_update(self, serializer):
        with integrity_as_400(), transaction.atomic():
            obj = serializer.save()
            self._check_scope(obj)

    def _check_scope(self, obj):
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict)
        if not in_scope(obj, self.request.user, "view"):
            raise ValidationError({"non_field_errors": [_("不能将记录保存到您的管辖范围之外")]})

    @extend_schema(request=VoidSerializer, summary="作废记录")
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        obj = self.get_object()
        reason = request_object(request).get("reason", "")
        if not isinstance(reason, str):
            raise ValidationError({"reason": [_("作废原因须为文字")]})
        try:
            void_record(obj, actor=request.user, reason=reason)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages})
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None, summary="恢复已作废记录（管理员）")
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        if not request.user.has_perm("audit.restore_record"):
            self.permission_denied(request, message=_("只有管理员可以恢复已作废的记录"))
        obj = self.get_object()
        request_object(request)  # no body is expected (an empty one is {}); one given must at least be an object
        try:
            with integrity_as_400(), transaction.atomic():
                restore_record(obj, actor=request.user)
        except DjangoValidationError as e:
            raise ValidationError({"non_field_errors": e.messages})
        return Response(self.get_serializer(obj).data)

    @extend_schema(responses=ChangeSerializer(many=True), summary="变更记录")
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        obj = self.get_object()
        if is_external_user(request.user):
            raise PermissionDenied(_("变更记录是监管部门的内部记录，企业账号不能查看"))
        return Response(ChangeSerializer(history_for(obj, masked=not may_see_personal(request.user)),
                                         many=True).data)
