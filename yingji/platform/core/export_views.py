"""The pages of background exports (core/exporting.py): a job's progress, its download and cancel, 我的导出."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from . import exporting
from .models import ExportJob


def own_job(request, pk):
    """The job if the requesting user asked for it; anyone else gets 404 (not even its existence is told)."""
    return get_object_or_404(ExportJob.objects.select_related("created_by"), pk=pk, created_by=request.user)


class ExportJobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = own_job(request, pk)
        template = "core/_export_job.html" if request.htmx else "core/export_job.html"
        return render(request, template, {"job": job})


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = own_job(request, pk)
        path = exporting.job_path(job)
        if job.status != ExportJob.Status.DONE or path is None or not path.exists():
            raise Http404(_("文件不存在或已过期"))
        return exporting.download(job, path)


class ExportCancelView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = own_job(request, pk)
        if exporting.cancel(job):
            messages.success(request, _("已取消导出"))
        return redirect("core:export_job", pk=job.pk)


class ExportJobListView(LoginRequiredMixin, View):
    def get(self, request):
        jobs = ExportJob.objects.filter(created_by=request.user)[:50]
        return render(request, "core/export_jobs.html", {"jobs": jobs})


urlpatterns = [
    path("exports/", ExportJobListView.as_view(), name="export_jobs"),
    path("exports/<int:pk>/", ExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export_download"),
    path("exports/<int:pk>/cancel/", ExportCancelView.as_view(), name="export_cancel"),
]
