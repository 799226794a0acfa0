"""`yingji serve` really serves, with production settings: a gunicorn process answers /healthz and a static file,
compressed and cached, without any other server."""

import gzip
import os
import secrets
import subprocess
import sys
import urllib.request

from yingji.platform.core.services_for_tests import free_port, wait_for_port


def test_serve_answers_pages_and_compressed_static_files(tmp_path):
    port = free_port()
    # its own embedded database under tmp_path, whatever database the suite runs on
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "YINGJI_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "127.0.0.1", "YINGJI_ENV": "production",
           "SECRET_KEY": secrets.token_urlsafe(50), "YINGJI_HTTPS": "0"}
    # no migrate: /healthz asks the database for SELECT 1 only, and a static file touches no table (a migration of
    # the whole schema would be most of this test's time)
    server = subprocess.Popen([sys.executable, "-m", "yingji.cli", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
            assert r.status == 200 and b"ok" in r.read()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11/htmx.min.js",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert b"htmx" in gzip.decompress(r.read())
            assert "max-age" in r.headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(20)
