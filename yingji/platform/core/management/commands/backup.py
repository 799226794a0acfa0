"""yingji backup [--output FILE]: the database and the media files in one checked archive (platform/core/backup.py)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingji.platform.core import backup


class Command(BaseCommand):
    help = "备份数据库和媒体文件到一个归档文件（含各表记录数清单，恢复时核对）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="归档文件路径，默认 $YINGJI_DATA_DIR/backups/yingji-<时间>.tar.gz")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backup.backup(output)
        except ValidationError as e:
            raise CommandError("；".join(e.messages))
        self.stdout.write(f"{path}\n{backup.describe(manifest)}")
