"""yingji sweeper: run the registered sweeps (叫应 escalation, reporting deadlines, offline sensors …) forever.

State lives in database rows, so any number of sweepers may run (each claims rows safely) and a killed one is
simply started again. `--once` runs every sweep once and exits (cron-style or for a check).
"""

import signal

from django.core.management.base import BaseCommand

from yingji.platform.core import sweeper


class Command(BaseCommand):
    help = "运行定时巡检进程（叫应升级、报告时限提醒、传感器离线等）。可同时运行多个，重启后从数据库状态继续。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每个巡检运行一次后退出")
        parser.add_argument("--tick", type=float, default=1.0, help="循环间隔（秒），默认 1")
        parser.add_argument("--only", nargs="+", metavar="NAME", help="只运行这些巡检")
        parser.add_argument("--list", action="store_true", help="列出已注册的巡检后退出")

    def handle(self, *args, once=False, tick=1.0, only=None, list=False, **options):
        if list:
            for s in sweeper.sweeps().values():
                self.stdout.write(f"{s.name}\t每 {s.every:g} 秒")
            return
        if once:
            for name, count in sweeper.run_once(only=only).items():
                self.stdout.write(f"{name}: {count}")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
        self.stdout.write(f"巡检进程已启动：{', '.join(sweeper.sweeps()) or '（没有已注册的巡检）'}")
        try:
            sweeper.run_forever(tick=tick, only=only, stop=lambda: bool(stopping))
        except KeyboardInterrupt:
            pass
