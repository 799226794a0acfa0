"""The export jobs over the API (docs/exports.md, docs/api.md): start an export of any list page with its filters,
poll its progress, download the file, cancel it. A job is its owner's alone: anyone else gets 404."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from .. import exporting
from ..models import ExportJob


class ExportJobSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ("id", "title", "model", "path", "query", "filters", "format", "status", "status_display",
                  "total_rows", "written_rows", "percent", "message", "size", "filename", "created_at",
                  "started_at", "finished_at", "expires_at", "download_url")
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return reverse("api:export-download", args=[job.pk])


class StartExportSerializer(serializers.Serializer):
    list = serializers.CharField(max_length=2000, help_text=_("列表页地址及其筛选条件，如 /hazards/?state=open"))
    format = serializers.ChoiceField(choices=ExportJob.Format.choices, default=ExportJob.Format.XLSX)


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """导出任务: POST {list, format} starts one (always in the background, whatever its size); GET polls its
    progress (written_rows of total_rows, percent); download/ returns the file when status is done."""

    serializer_class = ExportJobSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return ExportJob.objects.filter(created_by=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=StartExportSerializer, responses={201: ExportJobSerializer})
    def create(self, request):
        form = StartExportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            job = exporting.start_for_list(request.user, form.validated_data["list"], form.validated_data["format"])
        except ValueError as e:
            raise ValidationError({"list": [str(e)]}) from e
        except PermissionError as e:
            raise ValidationError({"list": [str(e)]}) from e
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api:export-detail", args=[job.pk])})

    @extend_schema(request=None, responses={200: ExportJobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = self.get_object()
        exporting.cancel(job)
        job.refresh_from_db()
        return Response(ExportJobSerializer(job, context={"request": request}).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self.get_object()
        path = exporting.job_path(job)
        if job.status != ExportJob.Status.DONE or path is None or not path.exists():
            raise NotFound(_("文件不存在或已过期"))
        return exporting.download(job, path)
