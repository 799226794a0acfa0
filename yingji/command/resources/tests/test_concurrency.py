"""Contention on PostgreSQL: the conditional UPDATE lets exactly as many issues succeed as there are units.

50 connections (threads, each its own database connection) try again and again to issue the last units of one item;
in every round exactly as many succeed as there were units, the balance ends at 0, never below, and the movements
sum to it. Two officers dispatching the last pump at once: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from yingji.command.resources.choices import MovementKind as K
from yingji.command.resources.models import Dispatch, Movement, Stock
from yingji.command.resources.services import dispatch_supply, ledger_mismatches, record_movement
from yingji.command.resources.testing import LAT, LON, make_item, make_warehouse

THREADS = 50
ROUNDS = 4
UNITS = 7


def _race(n_threads, attempt):
    """Run attempt(i) in n_threads threads released at once; returns the list of results (True = succeeded)."""
    barrier = threading.Barrier(n_threads)
    results = [None] * n_threads

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = attempt(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_connections_issuing_the_last_units_exactly_as_many_succeed_as_there_were_units(world):
    depot = make_warehouse(world, world.regions.township_a)
    pump = make_item(world, world.regions.county)
    actor = world.users.duty

    def issue(_i):
        wins = 0
        for _try in range(3):  # each connection tries several times per round
            try:
                record_movement(warehouse=depot, item=pump, kind=K.ISSUE, quantity=1, actor=actor)
                wins += 1
            except ValidationError:
                pass
        return wins

    for _round in range(ROUNDS):
        record_movement(warehouse=depot, item=pump, kind=K.RECEIVE, quantity=UNITS, actor=actor)
        results = _race(THREADS, issue)
        assert sum(results) == UNITS
        assert Stock.objects.get().on_hand == 0
    assert Movement.objects.filter(kind=K.ISSUE).count() == UNITS * ROUNDS
    assert ledger_mismatches() == (1, [])
    # reserving (dispatch) and issuing at once: never more than on hand between them
    record_movement(warehouse=depot, item=pump, kind=K.RECEIVE, quantity=UNITS, actor=actor)

    def mixed(i):
        try:
            record_movement(warehouse=depot, item=pump, kind=K.RESERVE if i % 2 else K.ISSUE, quantity=1, actor=actor)
            return 1
        except ValidationError:
            return 0

    assert sum(_race(THREADS, mixed)) == UNITS
    stock = Stock.objects.get()
    assert stock.on_hand - stock.reserved == 0 and stock.reserved <= stock.on_hand
    assert ledger_mismatches() == (1, [])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_dispatching_the_last_pump_at_once_exactly_one_wins(world):
    depot = make_warehouse(world, world.regions.township_a)
    pump = make_item(world, world.regions.county)
    record_movement(warehouse=depot, item=pump, kind=K.RECEIVE, quantity=1, actor=world.users.admin)
    stock = Stock.objects.get()
    officers = [world.users.duty, world.users.leader]
    errors = []

    def send(i):
        try:
            dispatch_supply(stock, quantity=1, lon=LON, lat=LAT, task=f"排涝{i}", actor=officers[i])
            return True
        except ValidationError as e:
            errors.append(e.messages[0])
            return False

    assert sorted(_race(2, send)) == [False, True]
    assert Dispatch.objects.count() == 1 and "库存不足" in errors[0]
    assert (Stock.objects.get().reserved, Stock.objects.get().on_hand) == (1, 1)
    assert connection.vendor == "postgresql"
