from django.tasks import task


@task()
def run_import(job_id):
    """Validate and import one uploaded ledger (platform/core/imports.py)."""
    from . import imports
    from .models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.finished:
        return job.status
    imports.run_job(job)
    return ImportJob.objects.values_list("status", flat=True).get(pk=job_id)


@task()
def run_export(job_id):
    """Write one list export too large for a request (platform/core/exporting.py)."""
    from . import exporting
    from .models import ExportJob

    exporting.sweep()  # expired files of earlier exports go first
    exporting.run_job(job_id)
    return ExportJob.objects.values_list("status", flat=True).get(pk=job_id)
