import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from yingji.warning.monitoring.consumer import DEFAULT_GROUP, DEFAULT_TOPIC, Consumer


class Command(BaseCommand):
    help = ("接入监测数据：订阅MQTT（共享订阅，QoS 1，入库提交后才确认），校验、入库、按规则产生报警。"
            "可启动多个进程分担（各用不同的 --name）。")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=getattr(settings, "MQTT_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=getattr(settings, "MQTT_PORT", 1883))
        parser.add_argument("--topic", default=DEFAULT_TOPIC)
        parser.add_argument("--group", default=DEFAULT_GROUP, help="shared-subscription group ($share/<group>/…)")
        parser.add_argument("--name", default=None, help="MQTT client id and heartbeat name (unique per process)")
        parser.add_argument("--batch", type=int, default=500, help="messages per transaction at most")
        parser.add_argument("--wait-ms", type=float, default=10,
                            help="how long a batch waits for more messages after its first (while the previous "
                                 "transaction runs, the next batch forms without waiting)")

    def handle(self, *args, **opts):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        consumer = Consumer(host=opts["host"], port=opts["port"], topic=opts["topic"], group=opts["group"],
                            name=opts["name"], batch=opts["batch"], wait=opts["wait_ms"] / 1000)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_a: consumer.stop())
        self.stdout.write(f"ingest {consumer.name}: $share/{opts['group']}/{opts['topic']} on "
                          f"{opts['host']}:{opts['port']}")
        consumer.run()
