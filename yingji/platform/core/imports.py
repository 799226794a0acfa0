"""The ledger (台账) import framework.

upload .xlsx → validate every row with the import form (the same validation as the web form) → all errors as
(row, column, message) in Chinese → import only if there are no errors, in one transaction (all or nothing).

A module declares an ImportSpec and registers it; the URLs, the template download, the progress page and the
background task are the framework's. See docs/import-format.md.
"""

import datetime
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import excel

MAX_ERRORS_KEPT = 1000
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    help: str = ""
    example: str = ""


class ImportSpec:
    """What one kind of ledger looks like and how its rows become records."""

    name = ""  # URL slug
    label = ""  # Chinese title
    model = None
    form_class = None  # a form taking (data=, user=, ctx=) whose save(commit=False) returns an unsaved instance
    columns: list[Column] = []
    batch_size = 2000

    # -- hooks ----------------------------------------------------------------------------------------------------
    def prepare(self, user, rows):
        """Per-import caches (code → id maps …), loaded once so that row validation costs no queries."""
        return {}

    def order_rows(self, rows):
        return rows

    def row_key(self, obj):
        """The natural key of a row, to refuse duplicates in the file and against the database; None to skip."""
        return None

    def existing_keys(self, keys):
        return set()

    def duplicate_column(self):
        return self.columns[0].header

    def save(self, objs, user):
        """Insert the validated instances (already in one transaction) and log them in the audit trail."""
        from yingji.platform.audit.recorder import record_bulk_create

        for start in range(0, len(objs), self.batch_size):
            chunk = objs[start: start + self.batch_size]
            for o in chunk:
                if hasattr(o, "created_by_id") and o.created_by_id is None:
                    o.created_by = user
            self.model.objects.bulk_create(chunk, batch_size=self.batch_size)
            record_bulk_create(chunk, message=_("台账导入"))

    # -- template --------------------------------------------------------------------------------------------------
    def template_xlsx(self):
        notes = [(_("列名"), _("必填"), _("说明"), _("示例"))]
        notes += [(c.header, _("是") if c.required else _("否"), c.help, c.example) for c in self.columns]
        notes += [("", "", "", ""), (_("规则"), "", _("第 1 行为表头，从第 2 行起每行一条记录；任何一行有错误则整个文件都不导入。"), "")]
        example = [c.example for c in self.columns]
        return excel.write_xlsx([c.header for c in self.columns], [example] if any(example) else [],
                                sheet_title=str(self.label), notes=notes)


_registry = {}


def register(spec_class):
    spec = spec_class()
    _registry[spec.name] = spec
    return spec_class


def get(name):
    return _registry.get(name)


def all_specs():
    return dict(_registry)


class ImportResult:
    def __init__(self):
        self.errors = []  # (row, column header, message)
        self.error_count = 0
        self.total = 0
        self.created = 0

    def add(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, str(column), str(message)))

    @property
    def ok(self):
        return self.error_count == 0


def run(spec, fileobj, filename, user, progress=None):
    """Validate and (if every row is valid) import a ledger. Returns an ImportResult; writes nothing on error."""
    with _rare_full_collections():
        return _run(spec, fileobj, filename, user, progress)


@contextmanager
def _rare_full_collections():
    """Fewer full garbage collections while a large file is read, validated and saved.

    An import keeps every row and its instance alive until the insert: a heap that Python's full (generation 2)
    collections would walk again and again, about a fifth of the time of a 100,000-row import (bench/import_xlsx.py).
    Young cycles (a form per row) are still collected at the usual rate, so memory does not grow.
    """
    old = gc.get_threshold()
    gc.set_threshold(*old[:2], max(old[2], 1000))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _run(spec, fileobj, filename, user, progress):
    result = ImportResult()
    try:
        header, rows = excel.read_rows(fileobj, filename)
    except excel.SheetError as e:
        result.add(1, "", str(e))
        return result

    by_header = {c.header: c for c in spec.columns}
    positions = {}
    for i, h in enumerate(header):
        if not h:
            continue
        if h not in by_header:
            result.add(1, h, _("无法识别的列“%(h)s”，请使用下载的模板") % {"h": h})
        elif h in positions:
            result.add(1, h, _("列“%(h)s”重复") % {"h": h})
        else:
            positions[h] = i
    for c in spec.columns:
        if c.required and c.header not in positions:
            result.add(1, c.header, _("缺少必填列“%(h)s”") % {"h": c.header})
    if not result.ok:
        return result

    field_header = {c.field: c.header for c in spec.columns}
    raw_rows = []
    try:
        for number, values in rows:
            data = {}
            for c in spec.columns:
                i = positions.get(c.header)
                v = values[i] if i is not None and i < len(values) else None
                data[c.field] = _clean_cell(v)
            raw_rows.append((number, data))
    except excel.SheetError as e:  # the file breaks off in the middle: a bad file, not a system error
        result.add(e.row or (raw_rows[-1][0] + 1 if raw_rows else 2), "", str(e))
        return result
    result.total = len(raw_rows)
    if not raw_rows:
        result.add(2, "", _("文件中没有数据行"))
        return result
    if progress:
        progress(0, result.total)

    ctx = spec.prepare(user, raw_rows)
    objs, keys_seen = [], {}
    for done, (number, data) in enumerate(spec.order_rows(raw_rows), start=1):
        form = spec.form_class(data=data, user=user, ctx=ctx)
        if form.is_valid():
            obj = form.save(commit=False)
            key = spec.row_key(obj)
            if key is not None:
                if key in keys_seen:
                    result.add(number, spec.duplicate_column(),
                               _("与第 %(row)d 行重复") % {"row": keys_seen[key]})
                    continue
                keys_seen[key] = number
            objs.append((number, obj))
            if hasattr(form, "after_valid"):
                form.after_valid(obj)
        else:
            for field, errs in form.errors.items():
                column = field_header.get(field, "") if field != "__all__" else ""
                for err in errs:
                    result.add(number, column, err)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, result.total)

    if keys_seen:
        existing = spec.existing_keys(set(keys_seen))
        for key in existing:
            result.add(keys_seen[key], spec.duplicate_column(), _("系统中已存在相同记录"))
    if not result.ok:
        result.errors.sort(key=lambda e: e[0])
        return result

    with transaction.atomic():
        spec.save([o for _n, o in objs], user)
    result.created = len(objs)
    if progress:
        progress(result.total, result.total)
    return result


def _clean_cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time() else v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def run_job(job):
    """Run an ImportJob (from the task worker), keeping its progress and result on the row."""
    from yingji.platform.audit.context import acting
    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.audit.recorder import record_event

    from .models import ImportJob

    spec = get(job.spec)
    started = time.monotonic()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    with acting(job.created_by, source="import"):
        try:
            with job.file.open("rb") as f:
                result = run(spec, f, job.filename, job.created_by, progress=progress)
        except Exception as e:  # a bug, not bad input: keep the job row truthful and re-raise for the worker log
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED, finished_at=timezone.now(),
                errors=[[0, "", _("系统错误：%(e)s") % {"e": type(e).__name__}]])
            raise
        status = ImportJob.Status.DONE if result.ok else ImportJob.Status.REJECTED
        ImportJob.objects.filter(pk=job.pk).update(
            status=status, total_rows=result.total, processed_rows=result.total, created_rows=result.created,
            error_count=result.error_count, errors=[list(e) for e in result.errors], finished_at=timezone.now(),
            seconds=round(time.monotonic() - started, 2))
        record_event(AuditEvent.Kind.IMPORT, success=result.ok, user=job.created_by,
                     detail={"spec": job.spec, "file": job.filename, "rows": result.total,
                             "created": result.created, "errors": result.error_count})
    return result


IMPORT_HELP = gettext_lazy("第 1 行为表头，列名须与模板一致；任何一行有错误则整个文件都不导入，请改正后重新上传。")
