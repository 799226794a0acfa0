from django.core.management.base import BaseCommand

from yingji.warning.release import gateway


class Command(BaseCommand):
    help = "运行本地回环网关（模拟短信/语音/应急广播运营商的真实 HTTP 服务，记录收到的每条消息）"

    def add_arguments(self, parser):
        gateway.add_arguments(parser)

    def handle(self, *args, **opts):
        self.stdout.write(f"loopback gateway on http://{opts['host']}:{opts['port']}/ recording in {opts['db']}")
        gateway.serve(opts["port"], opts["db"], host=opts["host"], flaky=opts["flaky"], reject=opts["reject"])
