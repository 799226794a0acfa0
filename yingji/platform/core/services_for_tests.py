"""Private instances of the servers a guarantee test restarts: its own Mosquitto and its own PostgreSQL.

A test that stops or restarts a broker or a database must never touch the machine's shared services (other
processes, other tests and CI use them). These context managers start a throwaway instance on a free port in a
temporary folder, let the test stop and start it at will, and remove it afterwards.

    with private_mosquitto() as broker:        # broker.port; broker.stop(); broker.start()
        ...
    with private_postgres() as pg:             # pg.url (a database named "test"); pg.stop(); pg.start()
        ...

Both skip the calling test (pytest.skip) when the program is not installed, saying which package provides it.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=15.0, *, closed=False):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if not closed:
                    return
        except OSError:
            if closed:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not {'close' if closed else 'open'} within {timeout} s")


def _skip(reason):
    import pytest

    pytest.skip(reason)


class Mosquitto:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.proc = None
        conf = self.folder / "mosquitto.conf"
        # persistence on: a restarted broker keeps QoS 1 messages queued for persistent sessions, as in production
        conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                        f"persistence_location {self.folder}/\nlog_dest none\n")
        self.conf = conf

    def start(self):
        self.proc = subprocess.Popen([shutil.which("mosquitto") or "/usr/sbin/mosquitto", "-c", str(self.conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: mosquitto writes its persistence file, as a service restart does
            self.proc.wait(10)
        self.proc = None

    def restart(self):
        self.stop()
        self.start()


@contextmanager
def private_mosquitto():
    if not (shutil.which("mosquitto") or os.path.exists("/usr/sbin/mosquitto")):
        _skip("mosquitto is not installed (Debian package mosquitto)")
    with tempfile.TemporaryDirectory(prefix="yingji-mqtt-") as folder:
        # started as root, mosquitto drops to its own user: the folder must be writable for it, or the persistence
        # file is never written and a restart silently loses the queued QoS 1 messages
        os.chmod(folder, 0o777)
        broker = Mosquitto(folder)
        broker.start()
        try:
            yield broker
        finally:
            broker.stop()


def _pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Postgres:
    """A cluster in a temporary folder. PostgreSQL refuses to run as root, so as root it runs as `postgres`."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/test"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.folder, "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
                       "fsync = off\nmax_connections = 120\n")

    def _run(self, *cmd):
        subprocess.run([*self._as, *cmd], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "start")
        wait_for_port(self.port)

    def stop(self, mode="fast"):
        """mode "fast" (a clean shutdown, like a service restart) or "immediate" (a crash)."""
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", mode, "stop")

    def restart(self, mode="fast"):
        self.stop(mode)
        self.start()


@contextmanager
def private_postgres():
    if not _pg_bin("initdb"):
        _skip("PostgreSQL's initdb is not installed (Debian package postgresql)")
    with tempfile.TemporaryDirectory(prefix="yingji-pg-") as folder:
        os.chmod(folder, 0o755)
        pg = Postgres(folder)
        pg.start()
        try:
            pg._run(_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "test")
            yield pg
        finally:
            try:
                pg.stop("immediate")
            except subprocess.CalledProcessError:
                pass


# --- worker processes killed mid-work (the guarantee tests) --------------------------------------------------------
def worker_database(tmp_path, name):
    """The database forked workers use: on SQLite a file copy of the (in-memory) test database, made with SQLite's
    backup API in WAL mode, returned as its path; on PostgreSQL None (the test database itself, which the test's
    transaction=True makes visible to other connections). The caller's connection is closed on PostgreSQL so the
    children do not share its socket."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        connection.close()
        return None
    dbfile = Path(tmp_path) / name
    connection.ensure_connection()
    dst = sqlite3.connect(dbfile)
    connection.connection.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.close()
    return dbfile


def fork_worker(dbfile, fn):
    """A child process running fn() against `dbfile` (or the PostgreSQL test database when None), as a worker
    process would; returns its pid. The child never closes the parent's database handle and always exits with
    os._exit (0 when fn returned), so the parent's test session is untouched; kill it with SIGKILL at will."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        from django.db import connections

        conn = connections["default"]
        _keep = conn.connection  # noqa: F841  (the parent's handle: never closed from here)
        conn.connection = None
        if dbfile:
            conn.settings_dict = {**conn.settings_dict, "NAME": str(dbfile)}
        fn()
        code = 0
    finally:
        os._exit(code)
