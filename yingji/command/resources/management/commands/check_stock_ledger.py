"""`yingji check_stock_ledger`: prove now that the movements sum to the balances (the nightly sweep's check)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "账实核对：核对每个库存行的数量是否等于其出入库记录之和"

    def handle(self, *args, **options):
        from yingji.command.resources.sweeps import run_check

        row = run_check(timezone.localdate())
        if row.mismatches:
            for m in row.mismatches[:50]:
                self.stderr.write(f"库存行 {m['stock']}：库存 {m['on_hand']}，出入库合计 {m['movements_on_hand']}；"
                                  f"预留 {m['reserved']}，预留合计 {m['movements_reserved']}")
            raise CommandError(f"账实不符：{len(row.mismatches)} 个库存行（共核对 {row.balances} 行）")
        self.stdout.write(f"账实相符：核对 {row.balances} 个库存行，出入库记录之和均等于库存")
