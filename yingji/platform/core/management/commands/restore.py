"""yingji restore ARCHIVE [--database-url URL] [--media-root DIR]: restore a backup into an empty database and media
folder, then check every table's row count and the media against the archive's manifest (platform/core/backup.py)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingji.platform.core import backup


class Command(BaseCommand):
    help = "从备份归档恢复到空数据库和空媒体目录，并按清单核对各表记录数和媒体文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="yingji backup 生成的 .tar.gz 文件")
        parser.add_argument("--database-url", help="恢复到另一个（空）数据库，例如恢复演练；默认为当前配置的数据库")
        parser.add_argument("--media-root", help="恢复媒体文件到此（空）目录；默认为 YINGJI_MEDIA_ROOT")

    def handle(self, *args, archive, database_url=None, media_root=None, **options):
        try:
            manifest = backup.restore(archive, database_url=database_url, media_root=media_root)
        except ValidationError as e:
            raise CommandError("；".join(e.messages))
        self.stdout.write(backup.describe(manifest) + "\n恢复完成，各表记录数与媒体文件均与清单一致。")
