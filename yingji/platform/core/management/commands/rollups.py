"""yingji rollups: the statistics rollups (core.rollups) checked against a full recount of their records, or rebuilt
from them (after an upgrade, raw SQL, or a difference the check found).

    yingji rollups --check             recount and compare; exit status 1 when a cell differs
    yingji rollups --rebuild [KEY …]   recount and replace the stored cells (one transaction per rollup)
"""

from django.core.management.base import BaseCommand, CommandError

from yingji.platform.core import rollups


class Command(BaseCommand):
    help = "统计汇总（rollup）：与按记录重新计数的结果核对（--check），或按记录重建（--rebuild）。"

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", metavar="KEY", help="只处理这些汇总（默认全部）")
        parser.add_argument("--check", action="store_true", help="重新计数并与已存的汇总核对，不写入")
        parser.add_argument("--rebuild", action="store_true", help="按记录重新计数并替换已存的汇总")

    def handle(self, *args, keys=(), check=False, rebuild=False, **options):
        known = {r.key: r for r in rollups.all_rollups()}
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise CommandError(f"没有这些汇总：{'、'.join(unknown)}（已注册：{'、'.join(known) or '无'}）")
        if check == rebuild:
            raise CommandError("请指定 --check 或 --rebuild 之一")
        selected = [known[k] for k in keys] if keys else list(known.values())
        if rebuild:
            for rollup in selected:
                cells = rollups.rebuild(rollup)
                self.stdout.write(f"{rollup.key}: 已重建 {cells} 个汇总单元")
            return
        _compared, found = rollups.audit(selected)  # one snapshot: a change committed meanwhile is no difference
        differing = 0
        for rollup in selected:
            diffs = found.get(rollup.key, [])
            differing += len(diffs)
            if not diffs:
                self.stdout.write(f"{rollup.key}: 与重新计数一致")
            for (prefix, month, dimension, value, measure, member), have, want in diffs[:50]:
                member = f" [{member}]" if member else ""
                self.stdout.write(f"{rollup.key}: {prefix} {month:%Y-%m} {dimension}={value} {measure}{member}: "
                                  f"已存 {have}，重新计数 {want}")
        if differing:
            raise CommandError(f"{differing} 个汇总单元与重新计数不一致；可用 --rebuild 重建")
