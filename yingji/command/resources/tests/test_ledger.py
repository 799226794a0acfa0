"""The stock ledger's guarantees: a movement that would make stock negative is refused in Chinese and writes
nothing; the database itself refuses a negative balance or more reserved than on hand; movements are append-only;
every balance is the sum of its movements (the nightly check finds any difference)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.command.resources.choices import MovementKind as K
from yingji.command.resources.models import LedgerCheck, Movement, Stock, SupplyItem, Warehouse
from yingji.command.resources.services import ledger_mismatches, record_movement, transfer_stock
from yingji.command.resources.testing import make_item, make_warehouse
from yingji.platform.core import sweeper
from yingji.platform.core.models import RecordDeletionForbidden

pytestmark = pytest.mark.django_db


@pytest.fixture
def depot(world):
    return make_warehouse(world, world.regions.township_a)


@pytest.fixture
def pump(world):
    return make_item(world, world.regions.county, name="水泵", unit="台", maintenance_days=90)


def move(world, depot, item, kind, n, **kw):
    return record_movement(warehouse=depot, item=item, kind=kind, quantity=n, actor=world.users.admin, **kw)


def test_receive_issue_lend_return_scrap_keep_the_balance_and_its_trace(world, depot, pump):
    move(world, depot, pump, K.RECEIVE, 10)
    move(world, depot, pump, K.ISSUE, 3)
    move(world, depot, pump, K.LEND, 2, borrower="青石镇")
    move(world, depot, pump, K.GIVE_BACK, 2)
    move(world, depot, pump, K.SCRAP, 1)
    last = move(world, depot, pump, K.RECOVER, 4)
    stock = Stock.objects.get()
    assert (stock.on_hand, stock.reserved) == (10, 0)
    assert last.on_hand_after == 10
    assert sum(m.delta_on_hand for m in stock.movements.all()) == stock.on_hand
    assert [m.on_hand_after for m in stock.movements.order_by("pk")] == [10, 7, 5, 7, 6, 10]


def test_an_issue_beyond_the_available_quantity_is_refused_in_chinese_and_writes_nothing(world, depot, pump):
    move(world, depot, pump, K.RECEIVE, 5)
    move(world, depot, pump, K.RESERVE, 3)
    with pytest.raises(ValidationError) as e:
        move(world, depot, pump, K.ISSUE, 3)
    assert "库存不足：可用2台（库存5，已预留3），本次需要3台" in e.value.messages[0]
    stock = Stock.objects.get()
    assert (stock.on_hand, stock.reserved) == (5, 3)
    assert Movement.objects.count() == 2
    with pytest.raises(ValidationError):
        move(world, depot, pump, K.RELEASE, 4)
    with pytest.raises(ValidationError, match="数量须大于 0"):
        move(world, depot, pump, K.RECEIVE, 0)
    with pytest.raises(ValidationError, match="没有"):
        move(world, make_warehouse(world, world.regions.township_b), pump, K.ISSUE, 1)


def test_the_database_refuses_a_negative_balance_or_reserved_above_on_hand(world, depot, pump):
    move(world, depot, pump, K.RECEIVE, 2)
    stock = Stock.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=stock.pk).update(on_hand=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=stock.pk).update(reserved=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=stock.pk).update(reserved=-1)


def test_movements_are_append_only(world, depot, pump):
    m = move(world, depot, pump, K.RECEIVE, 2)
    m.quantity = 5
    with pytest.raises(ValidationError, match="只能追加"):
        m.save()
    with pytest.raises(ValidationError, match="只能追加"):
        m.delete()
    with pytest.raises(RecordDeletionForbidden):
        Movement.objects.all().delete()
    assert Movement.objects.get().quantity == 2


def test_transfer_moves_the_batch_between_warehouses_as_two_linked_rows(world, depot, pump):
    other = make_warehouse(world, world.regions.township_b, name="白水镇储备点")
    move(world, depot, pump, K.RECEIVE, 6, batch="2026-01", expires_on=datetime.date(2030, 1, 1))
    source = Stock.objects.get()
    out, into = transfer_stock(stock=source, to_warehouse=other, quantity=4, actor=world.users.admin)
    assert into.pair == out and out.counterpart == other and into.counterpart == depot
    target = Stock.objects.get(warehouse=other)
    assert (Stock.objects.get(pk=source.pk).on_hand, target.on_hand) == (2, 4)
    assert target.batch == "2026-01" and target.expires_on == datetime.date(2030, 1, 1)
    with pytest.raises(ValidationError, match="库存不足"):
        transfer_stock(stock=source, to_warehouse=other, quantity=3, actor=world.users.admin)
    assert Movement.objects.count() == 3
    with pytest.raises(ValidationError, match="不能与调出库"):
        transfer_stock(stock=source, to_warehouse=depot, quantity=1, actor=world.users.admin)


def test_expiry_and_maintenance_dates_come_from_the_catalogue(world, depot, pump):
    noodles = make_item(world, world.regions.county, name="方便面", unit="箱", shelf_life_days=180)
    today = timezone.localdate()
    move(world, depot, noodles, K.RECEIVE, 50, batch="B1", occurred_on=today - datetime.timedelta(days=170))
    assert Stock.objects.get(item=noodles).expires_on == today + datetime.timedelta(days=10)
    move(world, depot, pump, K.RECEIVE, 2, occurred_on=today - datetime.timedelta(days=80))
    assert Stock.objects.get(item=pump).next_maintenance_on == today + datetime.timedelta(days=10)
    move(world, depot, pump, K.MAINTAIN, 2)
    stock = Stock.objects.get(item=pump)
    assert stock.next_maintenance_on == today + datetime.timedelta(days=90) and stock.on_hand == 2
    from yingji.command.resources.widgets import due_stock

    assert list(due_stock(world.users.admin)) == [Stock.objects.get(item=noodles)]


def test_the_nightly_check_proves_the_movements_sum_to_the_balances_and_finds_a_difference(world, depot, pump):
    move(world, depot, pump, K.RECEIVE, 9)
    move(world, depot, pump, K.RESERVE, 4)
    move(world, depot, pump, K.DISPATCH_ISSUE, 1)
    assert ledger_mismatches() == (1, [])
    night = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(3)))
    assert sweeper.run_once(night, only=["resources.ledger_check"]) == {"resources.ledger_check": 1}
    assert sweeper.run_once(night, only=["resources.ledger_check"]) == {"resources.ledger_check": 0}
    check = LedgerCheck.objects.get()
    assert (check.balances, check.mismatches) == (1, [])
    stock = Stock.objects.get()
    Stock.objects.filter(pk=stock.pk).update(on_hand=20)  # a balance changed outside the ledger
    _n, bad = ledger_mismatches()
    assert bad == [{"stock": stock.pk, "on_hand": 20, "movements_on_hand": 8, "reserved": 3,
                    "movements_reserved": 3}]
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="账实不符"):
        call_command("check_stock_ledger")


def test_catalogue_of_the_county_is_seen_by_its_townships_but_not_by_another_county(world, pump):
    assert SupplyItem.objects.restrict(world.users.township_a).filter(pk=pump.pk).exists()
    assert not SupplyItem.objects.restrict(world.users.outsider).filter(pk=pump.pk).exists()


def test_a_township_sees_its_own_stock_only(world, depot, pump):
    move(world, depot, pump, K.RECEIVE, 1)
    other = make_warehouse(world, world.regions.township_b)
    move(world, other, pump, K.RECEIVE, 1)
    assert list(Stock.objects.restrict(world.users.township_a).values_list("warehouse", flat=True)) == [depot.pk]
    assert Movement.objects.restrict(world.users.township_b).get().warehouse == other
    assert not Warehouse.objects.restrict(world.users.outsider).exists()


def test_stock_ledger_import_is_all_or_nothing_with_row_errors(world, depot, pump):
    import io

    from yingji.platform.core import excel, imports

    spec = imports.get("resources-stock")
    headers = [c.header for c in spec.columns]

    def ledger(rows):
        return io.BytesIO(excel.write_xlsx(headers, rows))

    spec_text = pump.spec
    bad = [[depot.name, "水泵", spec_text, "", 5, "2026-01-02", "", ""],
           [depot.name, "不存在的物资", "", "", 1, "", "", ""],
           ["别的县储备库", "水泵", spec_text, "", "0", "", "", ""]]
    result = imports.run(spec, ledger(bad), "stock.xlsx", world.users.duty)
    messages = [m for _r, _c, m in result.errors]
    assert not result.ok and any("物资目录中没有" in m for m in messages)
    assert any("不在您的管辖范围内" in m for m in messages) and any("数量须大于 0" in m for m in messages)
    assert not Movement.objects.exists()
    result = imports.run(spec, ledger([bad[0], bad[0]]), "stock.xlsx", world.users.duty)
    assert result.ok and Stock.objects.get().on_hand == 10 and Movement.objects.count() == 2


def test_a_failed_nightly_check_keeps_no_empty_day_and_the_next_run_checks(world, depot, pump, monkeypatch):
    """The claim is inserted in the check's transaction: a check that fails leaves no LedgerCheck (an empty one would
    read as a day without differences) and the next hour's run checks the day."""
    from yingji.command.resources import sweeps

    move(world, depot, pump, K.RECEIVE, 3)
    night = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(3)))

    def broken():
        raise RuntimeError("the database went away")

    with monkeypatch.context() as m:
        m.setattr(sweeps, "ledger_mismatches", broken)
        assert sweeper.run_once(night, only=["resources.ledger_check"]) == {"resources.ledger_check": -1}
    assert not LedgerCheck.objects.exists()
    assert sweeper.run_once(night, only=["resources.ledger_check"]) == {"resources.ledger_check": 1}
    assert (LedgerCheck.objects.get().balances, LedgerCheck.objects.get().mismatches) == (1, [])
