"""yingji serve: the production web server (gunicorn, shipped as a dependency), with static files served by the
application itself (WhiteNoise: hashed names, gzip/brotli pre-compressed, cached for a year).

    yingji serve                      # 127.0.0.1:8000, (2 × cores + 1) workers
    yingji serve --bind 0.0.0.0:8000 --workers 5

It runs `collectstatic` first (unless --no-collectstatic), so a fresh release is served with its own static files.
Settings are the environment's (docs/operations.md); with YINGJI_ENV=production they refuse unsafe values. Scale out
by running more `yingji serve` processes on more machines behind a load balancer, all on one PostgreSQL.
"""

import multiprocessing
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行生产环境网页服务（gunicorn），并由应用自身提供压缩、缓存的静态文件。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("YINGJI_BIND", "127.0.0.1:8000"),
                            help="监听地址，默认 127.0.0.1:8000（环境变量 YINGJI_BIND）")
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY", 0)) or multiprocessing.cpu_count() * 2 + 1,
                            help="工作进程数，默认 2×CPU核数+1（环境变量 WEB_CONCURRENCY）")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("YINGJI_WEB_THREADS", 1)))
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("YINGJI_WEB_TIMEOUT", 60)),
                            help="单个请求的超时（秒）；大批量导出在后台任务中进行，不受此限制")
        parser.add_argument("--no-collectstatic", action="store_true", help="跳过 collectstatic")

    def handle(self, *args, bind, workers, threads, timeout, no_collectstatic, **options):
        from gunicorn.app.base import BaseApplication

        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        from yingji.wsgi import application  # after collectstatic: WhiteNoise indexes the static folder on load
        config = {"bind": bind, "workers": workers, "threads": threads, "timeout": timeout,
                  "graceful_timeout": 30, "max_requests": 2000, "max_requests_jitter": 200,
                  "accesslog": "-", "errorlog": "-", "forwarded_allow_ips": os.environ.get("YINGJI_PROXY_IPS",
                                                                                          "127.0.0.1")}

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        self.stdout.write(f"Yingji {'production' if settings.PRODUCTION else settings.YINGJI_ENV} on http://{bind}/ "
                          f"({workers} workers)")
        Server().run()
