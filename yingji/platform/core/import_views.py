"""Upload page, template download and progress page of every registered ImportSpec."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View

from . import imports
from .forms import ImportUploadForm
from .models import ImportJob, perm_name
from .tasks import run_import
from .views import xlsx_response


class SpecMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.spec = imports.get(kwargs["spec"])
        if self.spec is None:
            raise Http404
        if not request.user.has_perm(perm_name(self.spec.model, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(SpecMixin, View):
    def get(self, request, spec):
        return self.page(ImportUploadForm())

    def post(self, request, spec):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(spec=self.spec.name, file=upload, filename=upload.name[:255],
                                       created_by=request.user)
        run_import.enqueue(job.pk)
        return redirect("core:import_job", pk=job.pk)

    def page(self, form, status=200):
        jobs = ImportJob.objects.filter(created_by=self.request.user, spec=self.spec.name)[:10]
        return render(self.request, "core/import.html", {"spec": self.spec, "form": form, "jobs": jobs,
                                                         "help": imports.IMPORT_HELP}, status=status)


class ImportTemplateView(SpecMixin, View):
    def get(self, request, spec):
        return xlsx_response(self.spec.template_xlsx(), f"{self.spec.label}-导入模板.xlsx")


class ImportJobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
        spec = imports.get(job.spec)
        template = "core/_import_job.html" if request.htmx else "core/import_job.html"
        return render(request, template, {"job": job, "spec": spec})


urlpatterns = [
    path("imports/<slug:spec>/", ImportView.as_view(), name="import"),
    path("imports/<slug:spec>/template.xlsx", ImportTemplateView.as_view(), name="import_template"),
    path("imports/jobs/<int:pk>/", ImportJobView.as_view(), name="import_job"),
]

# the pages of background exports live beside the imports' (the core namespace)
from .export_views import urlpatterns as _export_urls  # noqa: E402

urlpatterns += _export_urls

# the notifications (core/notifications.py) too
from .notification_views import urlpatterns as _notification_urls  # noqa: E402

urlpatterns += _notification_urls

# and a user's own list settings: the columns he shows and his saved filters (core/ledgers.py)
from .ledgers import urlpatterns as _ledger_urls  # noqa: E402

urlpatterns += _ledger_urls
