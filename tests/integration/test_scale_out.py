"""Scale-out on one PostgreSQL (docs/operations.md, "Several machines"): two production web processes (`yingji
serve`) and two task workers (`yingji worker`) on the same database. A session opened on one web process is valid on
the other and ends on both at logout (sessions live in the database); twelve queued import jobs are each run by
exactly one worker, both workers take part, and every job's records and audit event exist once."""

import io
import os
import secrets
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client, override_settings
from openpyxl import Workbook

from yingji.platform.core.services_for_tests import free_port, wait_for_port

pytestmark = pytest.mark.postgres

JOBS = 12


def _env(media_root):
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "YINGJI_ENV": "production", "SECRET_KEY": settings.SECRET_KEY,
           "ALLOWED_HOSTS": "127.0.0.1", "YINGJI_HTTPS": "0", "YINGJI_MEDIA_ROOT": str(media_root),
           "YINGJI_TASK_BACKEND": "django_tasks_db.DatabaseBackend", "DB_CONN_MAX_AGE": "0"}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _get(port, path, session):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", "")


def _ledger(n):
    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称", "上级区划代码"])
    for k in range(3):
        ws.append([f"331099101{500 + n * 3 + k:03d}", f"扩展村{n}-{k}", "331099101000"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_share_sessions_and_two_workers_claim_each_job_once(world, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("several processes on one database is the PostgreSQL path (SQLite is the one-machine demo)")
    from django_tasks_db.models import DBTaskResult

    from yingji.platform.audit.models import AuditEvent
    from yingji.platform.core.models import ImportJob
    from yingji.platform.core.tasks import run_import
    from yingji.platform.regions.models import Region

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECRET_KEY = secrets.token_urlsafe(50)  # production settings refuse a short key; sessions are signed with it
    env = _env(settings.MEDIA_ROOT)
    user = world.users.inspector  # no second factor required of this role
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for n in range(JOBS):
            job = ImportJob(spec="regions", filename=f"v{n}.xlsx", created_by=world.users.admin)
            job.file.save(f"v{n}.xlsx", ContentFile(_ledger(n)), save=True)
            run_import.enqueue(job.pk)
    assert DBTaskResult.objects.filter(status="READY").count() == JOBS

    ports = [free_port(), free_port()]
    cli = [sys.executable, "-m", "yingji.cli"]
    webs = [subprocess.Popen(cli + ["serve", "--bind", f"127.0.0.1:{p}", "--workers", "1", "--no-collectstatic"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in ports]
    workers = [subprocess.Popen(cli + ["worker", "--batch", "--no-startup-delay", "--worker-id", f"w{i}"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for i in (1, 2)]
    try:
        for w in workers:
            _out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err[-2000:]
        for p in ports:
            wait_for_port(p, timeout=60)
        # the session opened here is valid on both web processes
        for p in ports:
            status, body = _get(p, "/api/v1/regions/", session)
            assert status == 200 and world.regions.county.code in body, (p, status)
        # logging out on the first ends it on the second
        client.post("/accounts/logout/")
        status, _body = _get(ports[1], "/api/v1/regions/", session)
        assert status in (401, 403)
    finally:
        for w in webs:
            w.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown (TERM waits up to the graceful timeout)
        for w in workers:
            w.terminate()
        for w in webs + workers:
            w.wait(30)

    results = list(DBTaskResult.objects.all())
    assert len(results) == JOBS
    assert all(r.status == "SUCCESSFUL" for r in results), [r.traceback for r in results if r.traceback][:1]
    assert all(len(r.worker_ids) == 1 for r in results), [r.worker_ids for r in results]
    assert {r.worker_ids[0] for r in results} == {"w1", "w2"}  # both workers took jobs
    assert ImportJob.objects.filter(status=ImportJob.Status.DONE, created_rows=3).count() == JOBS
    assert Region.objects.filter(name__startswith="扩展村").count() == JOBS * 3
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT, success=True).count() == JOBS
