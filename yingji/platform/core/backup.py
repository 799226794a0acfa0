"""Backup and restore of one Yingji instance: its database and its media files in one archive, checked on restore.

    yingji backup                               # var/backups/yingji-2026-12-04T2315.tar.gz
    yingji restore var/backups/yingji-….tar.gz  # into the configured database, which must be empty
    yingji restore ARCHIVE --database-url postgres://…/drill --media-root /tmp/drill-media   # a restore drill

The archive (tar.gz) holds

* `manifest.json`: the format, the engine, the time, and the row count of every table and the number and size of
  the media files, taken in the same snapshot as the data;
* the database: `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.dump` (pg_dump's custom format, one consistent snapshot; restored with pg_restore in one transaction);
* `media/…`: the uploaded files (photos, 文书, imports).

A restore refuses a database that already holds tables and a media folder that already holds files, so it never
mixes two instances; after restoring it counts every table and the media again and fails unless they equal the
manifest. Tested on both engines by platform/core/tests/test_backup.py. Passwords go to pg_dump through its
environment (PGPASSWORD), never on a command line or into a log.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1


# -- reading a database, whichever engine, through a plain DB-API connection ---------------------------------------------
def _target(database_url):
    """The settings of --database-url, or a Chinese refusal: a URL that does not parse, or an engine Yingji does not
    run on (only SQLite and PostgreSQL)."""
    try:
        db = dj_database_url.parse(database_url)
    except Exception:  # dj-database-url raises its own UnknownSchemeError, ParseError or ValueError
        raise ValidationError(_("数据库地址“%(u)s”无法解析：应形如 postgres://用户@主机:端口/库名 或 sqlite:////路径/文件.sqlite3")
                              % {"u": database_url}) from None
    if not any(name in db.get("ENGINE", "") for name in ("sqlite3", "postgresql")) or not db.get("NAME"):
        raise ValidationError(_("数据库地址“%(u)s”不受支持：只能恢复到 PostgreSQL 或 SQLite 数据库") % {"u": database_url})
    return db


def _engine(db):
    return "sqlite" if "sqlite" in db["ENGINE"] else "postgresql"


def _pg_env(db):
    env = dict(os.environ)
    env.update({"PGHOST": str(db.get("HOST") or "127.0.0.1"), "PGPORT": str(db.get("PORT") or 5432),
                "PGUSER": str(db.get("USER") or "postgres"), "PGDATABASE": str(db["NAME"])})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _connect(db):
    if _engine(db) == "sqlite":
        return sqlite3.connect(str(db["NAME"]))
    import psycopg

    try:
        return psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                               user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
                               dbname=db["NAME"], autocommit=True)
    except psycopg.OperationalError as e:  # no server there, no such database, refused login
        raise ValidationError(_("无法连接数据库 %(n)s（%(h)s:%(p)s）：%(e)s")
                              % {"n": db["NAME"], "h": db.get("HOST") or "127.0.0.1", "p": db.get("PORT") or 5432,
                                 "e": str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__}) from None


def _tables(cursor, engine):
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition")
    return sorted(r[0] for r in cursor.fetchall())


def _counts(cursor, engine):
    counts = {}
    for table in _tables(cursor, engine):
        quoted = table.replace('"', '""')
        cursor.execute(f'SELECT COUNT(*) FROM "{quoted}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_summary(root):
    root = Path(root)
    files = [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


# -- backup ------------------------------------------------------------------------------------------------------------
def default_path():
    stamp = timezone.localtime().strftime("%Y-%m-%dT%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"yingji-{stamp}.tar.gz"


def backup(path=None, *, media_root=None):
    """Write the archive; returns (path, manifest). Raises ValidationError (Chinese) when a tool fails."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db = connection.settings_dict
    engine = _engine(db)
    with tempfile.TemporaryDirectory(prefix="yingji-backup-") as tmp:
        tmp = Path(tmp)
        if engine == "sqlite":
            db_file = tmp / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)  # the live connection: also an in-memory database
            finally:
                target.close()
            with sqlite3.connect(db_file) as copy:
                counts = _counts(copy.cursor(), engine)
        else:
            db_file = tmp / "database.dump"
            # the counts and the dump from one snapshot: pg_dump takes the snapshot this transaction exported
            with _connect(db) as conn:
                conn.autocommit = False
                cur = conn.cursor()
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute("SELECT pg_export_snapshot()")
                snapshot = cur.fetchone()[0]
                counts = _counts(cur, engine)
                _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(db_file)],
                     _pg_env(db), _("数据库备份（pg_dump）失败"))
                conn.rollback()
        manifest = {"format": FORMAT, "engine": engine, "created_at": timezone.now().isoformat(),
                    "tables": counts, "media": _media_summary(media_root)}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
        partial.replace(path)  # a backup that broke off never looks like a finished one
    return path, manifest


def _run(args, env, message):
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError:
        raise ValidationError(_("%(m)s：找不到命令 %(c)s，请安装 PostgreSQL 客户端") % {"m": message, "c": args[0]})
    if done.returncode != 0:
        raise ValidationError(_("%(m)s：%(e)s") % {"m": message, "e": done.stderr.strip()[-500:]})


# -- restore -----------------------------------------------------------------------------------------------------------
def read_manifest(archive):
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            manifest = json.loads(member.read().decode("utf-8"))
    except (OSError, KeyError, tarfile.TarError, ValueError):
        raise ValidationError(_("“%(f)s”不是 Yingji 的备份文件（缺少或无法读取 manifest.json）") % {"f": archive})
    if manifest.get("format") != FORMAT:
        raise ValidationError(_("备份文件格式版本 %(v)s 不受支持") % {"v": manifest.get("format")})
    return manifest


def restore(archive, *, database_url=None, media_root=None):
    """Restore the archive into an empty database and media folder and check it against the manifest.

    Returns the manifest. Raises ValidationError (Chinese) and leaves an empty target when anything is refused."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    db = _target(database_url) if database_url else dict(connection.settings_dict)
    engine = _engine(db)
    if engine != manifest["engine"]:
        raise ValidationError(_("备份来自 %(a)s 数据库，不能恢复到 %(b)s 数据库") % {"a": manifest["engine"], "b": engine})
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise ValidationError(_("媒体文件目录 %(d)s 中已有文件：请恢复到空目录") % {"d": media_root})
    if engine == "sqlite" and Path(db["NAME"]).exists() and Path(db["NAME"]).stat().st_size:
        with sqlite3.connect(str(db["NAME"])) as conn:
            if _tables(conn.cursor(), engine):
                raise ValidationError(_("目标数据库 %(n)s 不是空库：请恢复到新建的空数据库") % {"n": db["NAME"]})
    if engine == "postgresql":
        with _connect(db) as conn:
            if _tables(conn.cursor(), engine):
                raise ValidationError(_("目标数据库 %(n)s 不是空库：请恢复到新建的空数据库") % {"n": db["NAME"]})

    with tempfile.TemporaryDirectory(prefix="yingji-restore-") as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, no links out of the folder
        if engine == "sqlite":
            with sqlite3.connect(tmp / "database.sqlite3") as src:
                dst = sqlite3.connect(str(db["NAME"]))
                try:
                    src.backup(dst)
                finally:
                    dst.close()
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  "-d", str(db["NAME"]), str(tmp / "database.dump")], _pg_env(db), _("数据库恢复（pg_restore）失败"))
        if (tmp / "media").is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp / "media", media_root, dirs_exist_ok=True)

    with _connect(db) as conn:
        counts = _counts(conn.cursor(), engine)
    differ = [f"{t}: {manifest['tables'].get(t)} → {counts.get(t)}"
              for t in sorted(set(counts) | set(manifest["tables"])) if counts.get(t) != manifest["tables"].get(t)]
    if differ:
        raise ValidationError(_("恢复后的记录数与备份清单不符：%(d)s") % {"d": "；".join(differ[:20])})
    media = _media_summary(media_root)
    if media != manifest["media"]:
        raise ValidationError(_("恢复后的媒体文件与备份清单不符：清单 %(a)s 个文件，恢复 %(b)s 个") % {
            "a": manifest["media"]["files"], "b": media["files"]})
    return manifest


def describe(manifest):
    """One line for the command's output: when, which engine, how many rows and files."""
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return _("%(t)s 的 %(e)s 备份：%(n)d 张表、%(r)d 行记录，媒体文件 %(f)d 个") % {
        "t": timezone.localtime(created).strftime("%Y-%m-%d %H:%M"), "e": manifest["engine"],
        "n": len(manifest["tables"]), "r": sum(manifest["tables"].values()), "f": manifest["media"]["files"]}
