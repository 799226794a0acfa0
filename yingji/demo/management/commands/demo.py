"""yingji demo: build the deterministic demo county; with --scale N (N > 1), add the bulk supervision history of
yingji.demo.bulk: N counties × 5,000 enterprises and 50,000 hazards (N=20 → 100,000 enterprises, 1,000,000 hazards)."""

import random
import time
from types import SimpleNamespace

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yingji.platform.accounts.demo import DEMO_USERS
from yingji.platform.audit.context import acting
from yingji.platform.core.demodata import DEMO_PASSWORD, builders, discover


class Command(BaseCommand):
    help = "生成演示县数据（确定性随机种子）；--scale N 按倍数扩大记录数用于基准测试"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1,
                            help="规模（默认 1：演示县）；N>1 时另外批量生成 N 个县的监管历史：每个县 5,000 家企业、"
                                 "三年 50,000 条隐患及检查、执法、事故记录（N=20：10 万家企业、100 万条隐患）")
        parser.add_argument("--seed", type=int, default=20261123, help="随机种子")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, scale, seed, quiet, **options):
        discover()  # let every module (platform's accounts: the county, regions and users) register its builders
        if not 0 < scale <= 100:
            raise CommandError("--scale 应在 0 与 100 之间")
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        # the modules' builders make the base demo county; the volume of --scale comes from the
        # bulk loader, which writes rows in batches instead of going through every model's save()
        ctx = SimpleNamespace(random=random.Random(seed), stdout=self.stdout)
        with acting(None, source="demo"):
            for build in builders():
                with transaction.atomic():
                    build(ctx)
            if scale > 1:
                self._bulk(ctx, scale, seed, quiet)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"演示县“{ctx.county.name}”已生成（{time.monotonic() - started:.1f} 秒）。"))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        from yingji.platform.accounts.roles import ROLES

        for username, full_name, role, _where in DEMO_USERS:
            self.stdout.write(f"  {username:<11} {full_name:<6} {ROLES[role]}")
        from yingji.platform.accounts.models import User

        enterprise_users = User.objects.filter(enterprise_account__isnull=False).order_by("username") \
            if hasattr(User, "enterprise_account") else User.objects.none()
        for user in enterprise_users[:10]:
            self.stdout.write(f"  {user.username:<11} {user.full_name:<6} 企业用户（企业端）")
        self.stdout.write("系统管理员首次登录须绑定动态口令（手机身份验证器）。")

    def _bulk(self, ctx, scale, seed, quiet):
        from yingji.demo import bulk

        if bulk.already_loaded(ctx.county):
            if not quiet:
                self.stdout.write("批量监管历史已生成过，本次不再生成（需要其他规模时请使用新的数据目录或数据库）。")
            return
        started = time.monotonic()
        volumes = bulk.PER_SCALE.scaled(scale)
        with transaction.atomic():
            counties = bulk.demo_counties(ctx, bulk.counties_needed(scale))
            if not quiet:
                self.stdout.write(f"批量生成 {len(counties)} 个县的监管历史（规模 {scale:g}）：")
            counts = bulk.load(counties, volumes, seed=seed, stdout=None if quiet else self.stdout)
        bulk.analyze()
        if not quiet:
            self.stdout.write(f"批量生成完成（{time.monotonic() - started:.1f} 秒）：" + "，".join(
                f"{k} {v:,}" for k, v in counts.items()))
