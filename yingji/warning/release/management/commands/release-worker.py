from django.core.management.base import BaseCommand

from yingji.warning.release.delivery import worker_loop


class Command(BaseCommand):
    help = "运行预警发送进程：领取到期的发送记录并发送（可多开，可随时终止，不重发不漏发）"

    def handle(self, *args, **opts):
        self.stdout.write("release worker running")
        worker_loop()
