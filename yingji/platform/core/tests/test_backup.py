"""`yingji backup` and `yingji restore` on the engine the suite runs on: a populated instance (regions, users, audited
changes, a media file) is backed up while it runs, restored into a fresh database and media folder, and every table's
row count (the audit trail among them) and the media are the same; a restore into a database or a folder that is not
empty, an archive that is not one, and an archive whose data does not match its manifest are refused in Chinese."""

import io
import json
import tarfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import backup
from yingji.platform.core.testing import scratch_database
from yingji.platform.regions.models import Region


@pytest.fixture
def instance(transactional_db, tmp_path, settings):
    """A populated instance whose data is committed (pg_dump reads it from another connection)."""
    from yingji.platform.audit.context import acting
    from yingji.platform.core.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "photos" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "photos" / "2026" / "现场.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    world = build_world()
    with acting(world.users.admin):
        town = Region.objects.exclude(parent=None).first()
        town.name = town.name + "（改）"
        town.save()
    assert ObjectChange.objects.exists()
    return world


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the suite's engine (dropped afterwards)."""
    with scratch_database(tmp_path, "yingji_restore") as url:
        yield url


def test_backup_then_restore_into_a_fresh_instance_gives_the_same_records(instance, fresh_database, tmp_path):
    out = io.StringIO()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive), stdout=out)
    manifest = backup.read_manifest(archive)
    assert manifest["tables"]["audit_objectchange"] == ObjectChange.objects.count() > 0
    assert manifest["tables"]["regions_region"] == Region.objects.count()
    assert manifest["media"] == {"files": 1, "bytes": 5002}
    assert "行记录，媒体文件 1 个" in out.getvalue()

    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(archive), "--database-url", fresh_database, "--media-root", str(restored_media),
                 stdout=out)
    assert "恢复完成" in out.getvalue()
    assert (restored_media / "photos" / "2026" / "现场.jpg").stat().st_size == 5002
    # counted again independently of restore()'s own check
    import dj_database_url

    with backup._connect(dj_database_url.parse(fresh_database)) as conn:
        cur = conn.cursor()
        again = backup._counts(cur, manifest["engine"])
        cur.execute("SELECT name FROM regions_region WHERE name LIKE '%（改）'")
        assert len(cur.fetchall()) == 1
    assert again == manifest["tables"]

    # the same archive again into the now populated instance: refused, nothing changed
    with pytest.raises(ValidationError, match="不是空库"):
        backup.restore(archive, database_url=fresh_database, media_root=tmp_path / "empty")
    with pytest.raises(ValidationError, match="已有文件"):
        backup.restore(archive, database_url=fresh_database, media_root=restored_media)


def test_an_archive_that_does_not_match_its_manifest_is_refused(instance, fresh_database, tmp_path):
    archive, manifest = backup.backup(tmp_path / "b.tar.gz")
    # a manifest that claims one more audit row than the data holds
    manifest["tables"]["audit_objectchange"] += 1
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(forged, "w:gz") as dst:
        for member in src.getmembers():
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
            else:
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    with pytest.raises(ValidationError, match="记录数与备份清单不符：audit_objectchange"):
        backup.restore(forged, database_url=fresh_database, media_root=tmp_path / "m")


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(ValidationError, match="不是 Yingji 的备份文件"):
        backup.restore(bogus, media_root=tmp_path / "m")


def _empty_archive(tmp_path, engine):
    """An archive with nothing but a manifest: enough to reach the checks of the target."""
    manifest = json.dumps({"format": backup.FORMAT, "engine": engine, "tables": {}, "media": {}}).encode()
    archive = tmp_path / "manifest-only.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo("manifest.json")
        member.size = len(manifest)
        tar.addfile(member, io.BytesIO(manifest))
    return archive


@pytest.mark.parametrize("url, message", [
    ("garbage", "无法解析"),
    ("postgres://postgres@127.0.0.1:notaport/x", "无法解析"),
    ("mysql://root@127.0.0.1/yingji", "只能恢复到 PostgreSQL 或 SQLite"),
    ("postgres://postgres@127.0.0.1:1/nowhere", "无法连接数据库 nowhere"),
])
def test_a_database_url_that_cannot_be_used_is_refused_in_chinese_by_the_command(tmp_path, db, url, message):
    """`yingji restore --database-url …` ends in one Chinese line, never a traceback, and writes nothing."""
    from django.core.management.base import CommandError

    archive = _empty_archive(tmp_path, "postgresql")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), database_url=url, media_root=str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()
