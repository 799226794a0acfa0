"""yingji demo: build the deterministic demo county (and, with --scale, more of everything for benchmarks)."""

import random
import time
from types import SimpleNamespace

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from yingji.demo import county  # noqa: F401  (registers the platform's builders)
from yingji.demo.county import DEMO_PASSWORD, DEMO_USERS
from yingji.demo.registry import builders
from yingji.platform.audit.context import acting


class Command(BaseCommand):
    help = "生成演示县数据（确定性随机种子）；--scale N 按倍数扩大记录数用于基准测试"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="记录数倍数（默认 1）")
        parser.add_argument("--seed", type=int, default=20261123, help="随机种子")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, scale, seed, quiet, **options):
        from django.apps import apps

        for app in apps.get_app_configs():  # let every module register its builders
            if app.name.startswith("yingji."):
                try:
                    __import__(f"{app.name}.demo")
                except ModuleNotFoundError as e:
                    if e.name != f"{app.name}.demo":
                        raise
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        ctx = SimpleNamespace(random=random.Random(seed), scale=max(1, scale), stdout=self.stdout)
        with acting(None, source="demo"):
            for build in builders():
                with transaction.atomic():
                    build(ctx)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"演示县“{ctx.county.name}”已生成（{time.monotonic() - started:.1f} 秒）。"))
        self.stdout.write("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        from yingji.platform.accounts.roles import ROLES

        for username, full_name, role, _where in DEMO_USERS:
            self.stdout.write(f"  {username:<11} {full_name:<6} {ROLES[role]}")
        from yingji.platform.accounts.models import User

        enterprise_users = User.objects.filter(enterprise_account__isnull=False).order_by("username") \
            if hasattr(User, "enterprise_account") else User.objects.none()
        for user in enterprise_users[:10]:
            self.stdout.write(f"  {user.username:<11} {user.full_name:<6} 企业用户（企业端）")
        self.stdout.write("系统管理员首次登录须绑定动态口令（手机身份验证器）。")
