"""导出Excel of every list page: in the request up to a threshold, a background job above it (docs/exports.md).

The list view (core/views.ObjectListView.export) hands over its table, configured for the request (filters, sort,
region scope of the user). Up to YINGJI_EXPORT_SYNC_ROWS rows (default 10,000) the file is written to a temporary
file in constant memory and streamed back. Above it an ExportJob row is created and the task worker (`yingji
worker`, core/tasks.run_export) rebuilds the very same list — the same URL and query resolved to the same view, as
the same user — and writes the file under YINGJI_EXPORT_DIR, updating the job's progress every chunk; the user
watches it on the job's page (or leaves and finds it under 我的导出), may cancel it, and alone may download it until
it expires (YINGJI_EXPORT_EXPIRY_DAYS, default 7; the sweeper removes the file). Every export, direct or
background, is an audit event (导出) with its model, filters and row count. At most YINGJI_EXPORT_MAX_ROWS rows
(default 200,000) are written.
"""

import datetime
import logging
import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from . import excel
from .export import export_columns, iter_records, iter_rows, prepared_queryset

logger = logging.getLogger(__name__)
FORMATS = ("xlsx", "csv", "csv-gb18030")
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8", "csv-gb18030": "text/csv; charset=gb18030"}
SMALL_FILE = 2 * 1024 * 1024  # a file up to this size is sent as one body; a larger one is streamed from its file
IGNORED_PARAMS = ("_export", "page", "per_page")
# a running job whose worker has not reported for this long is taken as dead (killed worker, lost machine)
STALE_AFTER = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 2


def sync_limit():
    return int(getattr(settings, "YINGJI_EXPORT_SYNC_ROWS", 10_000))


def max_rows():
    return int(getattr(settings, "YINGJI_EXPORT_MAX_ROWS", 200_000))


def expiry_days():
    return int(getattr(settings, "YINGJI_EXPORT_EXPIRY_DAYS", 7))


def export_dir():
    configured = getattr(settings, "YINGJI_EXPORT_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "exports"


class Capture:
    """What a list view hands the background job instead of a response: its configured table and filterset."""

    def __init__(self, table, filterset):
        self.table, self.filterset = table, filterset


def count(table):
    data = table.data
    qs = getattr(data, "data", data)
    return qs.count() if hasattr(qs, "count") and not isinstance(qs, list) else len(qs)


def queryset_of(table):
    data = table.data
    return getattr(data, "data", data)


def filters_of(params):
    return {k: v for k, v in params.items() if k not in IGNORED_PARAMS}


def filter_lines(filterset, params):
    """The filters of the export as a person reads them: [(label, value)]."""
    lines = []
    form = filterset.form if filterset is not None else None
    cleaned = getattr(form, "cleaned_data", {}) if form is not None else {}
    for key, raw in filters_of(params).items():
        if key == "sort":
            lines.append((str(_("排序")), raw))
            continue
        field = form.fields.get(key) if form is not None else None
        label = str(field.label) if field is not None and field.label else key
        value = cleaned.get(key, raw)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
            value = "、".join(str(v) for v in value)
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict((str(k), str(v)) for k, v in field.choices).get(str(value), value)
        lines.append((label, str(value)))
    return lines


def notes_for(opts, user, filterset, params, total, started):
    def notes(n):
        lines = [(_("台账"), str(opts.verbose_name_plural))]
        filters = filter_lines(filterset, params)
        lines.append((_("筛选条件"), "；".join(f"{k}：{v}" for k, v in filters) if filters else _("无（全部有效记录）")))
        lines.append((_("行数"), f"{n}" + (_("（共 %(total)s 行，超出导出上限 %(max)s 行，未全部导出）")
                                           % {"total": total, "max": max_rows()} if total > n else "")))
        lines.append((_("导出人"), f"{getattr(user, 'full_name', '') or user.get_username()}（{user.get_username()}）"))
        lines.append((_("导出时间"), timezone.localtime(started).strftime("%Y-%m-%d %H:%M:%S")))
        lines.append((_("个人信息"), _("手机号码、身份证号等个人信息按列表页的规则显示（无查看权限者为脱敏值）")))
        return lines

    return notes


def filename_for(opts, fmt, started):
    stamp = timezone.localtime(started).strftime("%Y%m%d%H%M")
    return f"{opts.verbose_name_plural}-{stamp}.{'xlsx' if fmt == 'xlsx' else 'csv'}"


def write(table, target, *, fmt, opts, user, filterset, params, total, started, progress=None, every=2000):
    """Write the table's export to `target` (a path); returns the rows written."""
    columns = export_columns(table)
    headers = [c.header for c in columns]
    qs = prepared_queryset(queryset_of(table), columns)
    limit = max_rows()
    if total > limit:
        qs = qs[:limit]
    rows = iter_rows(columns, iter_records(qs))
    if fmt == "xlsx":
        return excel.write_ledger(target, headers, rows, sheet_title=opts.verbose_name_plural,
                                  notes=notes_for(opts, user, filterset, params, total, started),
                                  progress=progress, every=every)
    encoding = "gb18030" if fmt == "csv-gb18030" else "utf-8-sig"
    with open(target, "w", encoding=encoding, errors="replace", newline="") as fh:
        return excel.write_csv(fh, headers, rows, encoding=encoding, progress=progress, every=every)


def audit(opts, params, rows, *, user=None, fmt="xlsx", job=None, seconds=None):
    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    detail = {"model": opts.label, "rows": rows, "filters": filters_of(params), "format": fmt}
    if job is not None:
        detail["job"] = job.pk
    if seconds is not None:
        detail["seconds"] = round(seconds, 2)
    record_event(AuditEvent.Kind.EXPORT, user=user, detail=detail)


class _TempFileResponse(FileResponse):
    """A FileResponse that removes its temporary file when closed."""

    def __init__(self, *args, path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._temp_path = path

    def close(self):
        super().close()
        try:
            os.unlink(self._temp_path)
        except OSError:
            pass


def respond(request, table, opts, *, fmt, total, filterset=None):
    """The export in this response: written to a temporary file (constant memory), streamed from it."""
    started = timezone.now()
    t0 = time.perf_counter()
    fd, path = tempfile.mkstemp(prefix="yingji-export-", suffix="." + fmt.split("-")[0])
    os.close(fd)
    try:
        n = write(table, path, fmt=fmt, opts=opts, user=request.user, filterset=filterset, params=request.GET,
                  total=total, started=started)
    except BaseException:
        os.unlink(path)
        raise
    audit(opts, request.GET, n, user=request.user, fmt=fmt, seconds=time.perf_counter() - t0)
    name = filename_for(opts, fmt, started)
    if os.path.getsize(path) <= SMALL_FILE:
        with open(path, "rb") as fh:
            content = fh.read()
        os.unlink(path)
        return bytes_response(content, name, fmt)
    return file_response(open(path, "rb"), name, fmt, temp_path=path)


def bytes_response(content, filename, fmt):
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def file_response(fileobj, filename, fmt, temp_path=None):
    cls = _TempFileResponse if temp_path else FileResponse
    kwargs = {"path": temp_path} if temp_path else {}
    response = cls(fileobj, content_type=CONTENT_TYPES[fmt], **kwargs)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- background jobs ----------------------------------------------------------------------------------------------------
def start_job(request, opts, *, fmt, total):
    """The list page's export above the threshold: a job for the worker, from the request's own path and filters."""
    return _create_job(request.user, request.path, request.GET, opts, fmt=fmt, total=total)


def start_for_list(user, url, fmt="xlsx"):
    """An export job of the list page at `url` (its path and query, as the page's 导出Excel sends it) for `user`,
    whatever its size: the API's way (POST /api/v1/exports/). The list is rebuilt here as the worker will rebuild
    it, so a URL that is not an exporting list raises ValueError and a list the user may not see PermissionError,
    before anything is written."""
    from django.urls import Resolver404

    from .models import ExportJob
    from .views import ObjectListView

    if fmt not in FORMATS:
        raise ValueError(_("不支持的导出格式：%(f)s（可选：%(all)s）") % {"f": fmt, "all": "、".join(FORMATS)})
    path, _sep, query = str(url or "").partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView) or view_class.table_class is None:
        raise ValueError(_("不是可导出的列表地址：%(url)s（应为列表页的地址，如 /hazards/?state=open）") % {"url": url})
    params = QueryDict(query, mutable=True)
    for key in IGNORED_PARAMS:
        params.pop(key, None)
    probe = ExportJob(path=path, query=params.urlencode(), format=fmt, created_by=user)
    capture, opts, _request = rebuild(probe)
    return _create_job(user, path, params, opts, fmt=fmt, total=count(capture.table))


def _create_job(user, path, params, opts, *, fmt, total):
    from .models import ExportJob
    from .tasks import run_export

    params = params.copy()
    for key in IGNORED_PARAMS:
        params.pop(key, None)
    job = ExportJob.objects.create(
        path=path, query=params.urlencode(), filters=filters_of(params), model=opts.label,
        title=str(opts.verbose_name_plural)[:200], format=fmt, total_rows=min(total, max_rows()),
        created_by=user)
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


class Cancelled(Exception):
    pass


def rebuild(job):
    """The list of the job, as its user sees it now: (Capture, view's model options). Raises PermissionError."""
    match = resolve(job.path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.query + ("&" if job.query else "") + "_export=" + job.format)
    request.user = job.created_by
    request.resolver_match = match
    request.META = {"SERVER_NAME": "worker", "SERVER_PORT": "80", "REQUEST_METHOD": "GET"}
    request.htmx = False
    request.yingji_export_capture = True
    view_class = match.func.view_class
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    if not job.created_by.is_active or not view.has_permission():
        raise PermissionError(_("您已无权查看该列表，导出已停止"))
    result = view.get(request, *match.args, **match.kwargs)
    if not isinstance(result, Capture):
        raise RuntimeError("the list view did not hand over its table")
    return result, view.meta(), request


def run_job(job_id):
    """Write one export job's file (the worker's task). Idempotent: a finished job is left as it is."""
    from .models import ExportJob

    S = ExportJob.Status
    claimed = ExportJob.objects.filter(pk=job_id, status__in=(S.PENDING, S.RUNNING)).update(
        status=S.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), written_rows=0)
    if not claimed:
        return
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    ExportJob.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{job.format.split('-')[0]}"
    path = folder / name
    t0 = time.perf_counter()
    try:
        capture, opts, request = rebuild(job)
        total = min(count(capture.table), max_rows())
        ExportJob.objects.filter(pk=job_id).update(total_rows=total)

        def progress(n):
            still = ExportJob.objects.filter(pk=job_id, status=S.RUNNING).update(
                written_rows=n, heartbeat_at=timezone.now())
            if not still:
                raise Cancelled

        n = write(capture.table, path, fmt=job.format, opts=opts, user=job.created_by, filterset=capture.filterset,
                  params=request.GET, total=count(capture.table), started=job.created_at, progress=progress)
    except Cancelled:
        path.unlink(missing_ok=True)
        return
    except Exception as e:  # noqa: BLE001 — the job says what went wrong; the worker goes on
        path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job_id).update(
            status=S.FAILED, finished_at=timezone.now(),
            message=(str(e) if isinstance(e, PermissionError) else _("导出失败：%(e)s") % {"e": type(e).__name__})[:500])
        if not isinstance(e, PermissionError):
            logger.exception("export job %s failed", job_id)
        return
    now = timezone.now()
    done = ExportJob.objects.filter(pk=job_id, status=S.RUNNING).update(
        status=S.DONE, written_rows=n, file=name, size=path.stat().st_size, finished_at=now, heartbeat_at=now,
        filename=filename_for(opts, job.format, job.created_at)[:255],
        expires_at=now + datetime.timedelta(days=expiry_days()))
    if not done:  # cancelled while the file was being saved
        path.unlink(missing_ok=True)
        return
    job.refresh_from_db()
    audit(opts, request.GET, n, user=job.created_by, fmt=job.format, job=job, seconds=time.perf_counter() - t0)


def download(job, path):
    """The finished job's file, as a response; the download is an audit event (下载) of its owner."""
    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    record_event(AuditEvent.Kind.DOWNLOAD, detail={"export_job": job.pk, "model": job.model,
                                                  "rows": job.written_rows, "file": job.filename})
    return file_response(open(path, "rb"), job.filename, job.format)


def job_path(job):
    return export_dir() / job.file if job.file else None


def cancel(job):
    from .models import ExportJob

    S = ExportJob.Status
    return ExportJob.objects.filter(pk=job.pk, status__in=(S.PENDING, S.RUNNING)).update(
        status=S.CANCELLED, finished_at=timezone.now(), message=_("已由导出人取消"))


def sweep(now=None):
    """Expired files removed; a job whose worker stopped reporting retried once, then marked failed. Returns the
    number of jobs changed (the sweeper and `yingji worker`'s task call it)."""
    from .models import ExportJob
    from .tasks import run_export

    S = ExportJob.Status
    now = now or timezone.now()
    changed = 0
    for job in ExportJob.objects.filter(status=S.DONE, expires_at__lte=now):
        path = job_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
        changed += ExportJob.objects.filter(pk=job.pk, status=S.DONE).update(status=S.EXPIRED, file="")
    stale = now - STALE_AFTER
    for job in ExportJob.objects.filter(status=S.RUNNING, heartbeat_at__lt=stale):
        if job.attempts < MAX_ATTEMPTS:
            if ExportJob.objects.filter(pk=job.pk, status=S.RUNNING, heartbeat_at__lt=stale).update(
                    status=S.PENDING, message=_("导出进程中断，已重新排队")):
                run_export.enqueue(job.pk)
                changed += 1
        else:
            changed += ExportJob.objects.filter(pk=job.pk, status=S.RUNNING, heartbeat_at__lt=stale).update(
                status=S.FAILED, finished_at=now, message=_("导出进程多次中断，导出失败，请重新导出"))
    return changed
