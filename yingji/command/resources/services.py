"""The stock ledger's and the dispatch's services. Every change of a balance is a Movement row written in the same
transaction as a conditional UPDATE of the balance row:

    UPDATE stock SET on_hand = on_hand - n WHERE <warehouse, item, batch> AND on_hand >= reserved + n
        RETURNING id, on_hand

so two officers issuing the last units at once cannot both succeed (the second UPDATE waits for the first's row lock
and then finds the condition false), and the database's CHECK constraints (on_hand >= 0, 0 <= reserved <= on_hand)
stand behind it. On PostgreSQL the UPDATE and the movement's INSERT are one statement (a WITH), so the row lock is
held for that statement and the COMMIT only. A refusal is a ValidationError in Chinese and writes nothing."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.services import service

from .choices import EFFECT, DispatchKind, DispatchState, MovementKind, ShelterStatus, TeamStatus
from .models import Dispatch, Movement, RescueTeam, Shelter, Stock

MAX_QUANTITY = 10**12


def _quantity(value):
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"quantity": _("数量须为正整数")})
    if n != value and str(n) != str(value).strip():
        raise ValidationError({"quantity": _("数量须为正整数")})
    if n <= 0:
        raise ValidationError({"quantity": _("数量须大于 0")})
    if n > MAX_QUANTITY:
        raise ValidationError({"quantity": _("数量过大")})
    return n


def _stock_row(warehouse, item, batch, *, expires_on=None):
    """Make sure the balance row exists when stock comes in (race-free: INSERT … ON CONFLICT DO NOTHING)."""
    Stock.objects.bulk_create([Stock(warehouse=warehouse, item=item, batch=batch, expires_on=expires_on)],
                              ignore_conflicts=True)


def _no_stock_row(warehouse, item, batch):
    label = _("批次“%(b)s”") % {"b": batch} if batch else _("（无批次）")
    return ValidationError(_("%(w)s没有%(i)s%(b)s的库存") % {"w": warehouse, "i": item, "b": label})


def _balance_update(warehouse, item, batch, kind, n, *, now, occurred_on, expires_on=None):
    """The conditional UPDATE of one movement, on the balance row of (warehouse, item, batch): one statement,
    `UPDATE … WHERE <the row> AND <enough> RETURNING id, on_hand`, so the row lock is taken by the statement that
    changes the balance and the balance after it comes back with it (no SELECT before or after while other issuers
    wait). Returns (sql, params, where). PostgreSQL and SQLite (≥ 3.35) both have RETURNING."""
    d_on, d_res = (e * n for e in EFFECT[kind])
    where = {"warehouse_id": warehouse.pk, "item_id": item.pk, "batch": batch}
    ops = connection.ops
    sets, set_params = ["updated_at = %s"], [ops.adapt_datetimefield_value(now)]
    if d_on:
        sets.append("on_hand = on_hand + %s")
        set_params.append(d_on)
    if d_res:
        sets.append("reserved = reserved + %s")
        set_params.append(d_res)
    if kind == MovementKind.MAINTAIN:
        sets.append("next_maintenance_on = %s")
        set_params.append(ops.adapt_datefield_value(
            occurred_on + datetime.timedelta(days=item.maintenance_days) if item.maintenance_days else None))
    if expires_on is not None:
        sets.append("expires_on = %s")
        set_params.append(ops.adapt_datefield_value(expires_on))
    conds, cond_params = [f"{ops.quote_name(k)} = %s" for k in where], list(where.values())
    if d_on < 0 and d_res == 0 or d_res > 0:
        conds.append("on_hand >= reserved + %s")  # the available quantity covers it
        cond_params.append(n)
    if d_res < 0:
        conds.append("reserved >= %s")  # the reservation covers it
        cond_params.append(n)
    sql = (f"UPDATE {ops.quote_name(Stock._meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(conds)} "
           "RETURNING id, on_hand")
    return sql, set_params + cond_params, where


def _refusal(warehouse, item, kind, n, where):
    """The Chinese refusal of a conditional UPDATE that changed no row: no balance row, or not enough."""
    d_res = EFFECT[kind][1] * n
    found = Stock.objects.filter(**where).values_list("on_hand", "reserved").first()
    if found is None:
        return _no_stock_row(warehouse, item, where["batch"])
    on_hand, reserved = found
    if d_res < 0:
        return ValidationError({"quantity": _("预留数量不足：已预留%(r)s，本次需要%(n)s") % {"r": reserved, "n": n}})
    return ValidationError({"quantity": _("库存不足：可用%(a)s%(u)s（库存%(h)s，已预留%(r)s），本次需要%(n)s%(u)s，"
                                         "未登记") % {"a": on_hand - reserved, "h": on_hand, "r": reserved,
                                                      "n": n, "u": item.unit}})


@service
def record_movement(*, warehouse, item, kind, quantity, actor, batch="", occurred_on=None, expires_on=None,
                    borrower="", note="", counterpart=None, pair=None, dispatch=None):
    """Append one movement to the ledger and change its balance row in the same transaction."""
    if kind not in EFFECT:
        raise ValidationError({"kind": _("未知的出入库类型")})
    n = _quantity(quantity)
    if warehouse.voided_at is not None:
        raise ValidationError({"warehouse": _("储备库（点）“%(w)s”已作废") % {"w": warehouse}})
    if item.voided_at is not None:
        raise ValidationError({"item": _("物资“%(i)s”已作废") % {"i": item}})
    now = timezone.now()
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("业务日期不能晚于今天")})
    d_on, d_res = (e * n for e in EFFECT[kind])
    incoming = d_on > 0
    if incoming and kind == MovementKind.RECEIVE and expires_on is None and item.shelf_life_days:
        expires_on = occurred_on + datetime.timedelta(days=item.shelf_life_days)
    batch = (batch or "").strip()
    if incoming:
        _stock_row(warehouse, item, batch, expires_on=expires_on)
    movement = Movement(
        warehouse=warehouse, item=item, batch=batch, kind=kind, quantity=n, delta_on_hand=d_on,
        delta_reserved=d_res, on_hand_after=0, occurred_on=occurred_on, counterpart=counterpart, pair=pair,
        borrower=borrower, dispatch=dispatch, note=note, actor=actor, created_at=now)
    update = _balance_update(warehouse, item, batch, kind, n, now=now, occurred_on=occurred_on,
                             expires_on=expires_on if incoming else None)
    if not _write_movement(movement, update):
        raise _refusal(warehouse, item, kind, n, update[2])
    if kind == MovementKind.RECEIVE and item.maintenance_days:
        Stock.objects.filter(pk=movement.stock_id, next_maintenance_on__isnull=True).update(
            next_maintenance_on=occurred_on + datetime.timedelta(days=item.maintenance_days))
    return movement


def _write_movement(movement, update):
    """Run the balance UPDATE and, when it changed the row, INSERT the ledger row with the row's id and balance
    after; False (nothing written) when the UPDATE's condition refused. The INSERT's SQL and values are prepared
    first (by each field, as the ORM would). On PostgreSQL both are one statement,

        WITH s AS (UPDATE stock … RETURNING id, on_hand) INSERT INTO movement (…) SELECT …, s.id, …, s.on_hand, … FROM s

    so between the UPDATE that locks the balance row and the COMMIT no other statement is sent (the other issuers
    wait on that lock); SQLite (no UPDATE in a WITH) sends the two in turn. (Movement is not audited and nothing
    listens to its post_save: the one change is that no such signal is sent.)"""
    meta = Movement._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    ops = connection.ops
    late = {"stock_id": "s.id", "on_hand_after": "s.on_hand"}
    values = [f.get_db_prep_save(f.pre_save(movement, True), connection) for f in fields]
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    update_sql, update_params, _where = update
    table = ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            select = ", ".join(late.get(f.attname, "%s") for f in fields)
            params = [v for f, v in zip(fields, values, strict=True) if f.attname not in late]
            cursor.execute(f"WITH s AS ({update_sql}) INSERT INTO {table} ({columns}) SELECT {select} FROM s "
                           f"RETURNING {ops.quote_name(meta.pk.column)}, stock_id, on_hand_after",
                           update_params + params)
            row = cursor.fetchone()
            if row is None:
                return False
            movement.pk, movement.stock_id, movement.on_hand_after = row
        else:
            cursor.execute(update_sql, update_params)
            row = cursor.fetchone()
            if row is None:
                return False
            movement.stock_id, movement.on_hand_after = row
            values = [row[0] if f.attname == "stock_id" else row[1] if f.attname == "on_hand_after" else v
                      for f, v in zip(fields, values, strict=True)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "
                           f"RETURNING {ops.quote_name(meta.pk.column)}", values)
            movement.pk = cursor.fetchone()[0]
    movement._state.adding = False
    movement._state.db = connection.alias
    return True


@service
def transfer_stock(*, stock, to_warehouse, quantity, actor, occurred_on=None, note=""):
    """调拨: out of one warehouse and into another (same batch) in one transaction, the two rows linked."""
    if to_warehouse.pk == stock.warehouse_id:
        raise ValidationError({"to_warehouse": _("调入库（点）不能与调出库（点）相同")})
    out = record_movement(warehouse=stock.warehouse, item=stock.item, batch=stock.batch,
                          kind=MovementKind.TRANSFER_OUT, quantity=quantity, actor=actor, occurred_on=occurred_on,
                          counterpart=to_warehouse, note=note)
    into = record_movement(warehouse=to_warehouse, item=stock.item, batch=stock.batch, kind=MovementKind.TRANSFER_IN,
                           quantity=quantity, actor=actor, occurred_on=occurred_on, counterpart=stock.warehouse,
                           pair=out, expires_on=stock.expires_on, note=note)
    return out, into


def ledger_mismatches(limit=None):
    """Balance rows whose movements do not sum to them: [(stock id, on_hand, Σ, reserved, Σ)]. One grouped query
    over the ledger and one over the balances, both in one snapshot (core.services.snapshot): a movement committed
    between the two reads would otherwise show as a difference."""
    from django.db.models import Sum

    from yingji.platform.core.services import snapshot

    bad = []
    checked = 0
    with snapshot():
        sums = {row["stock"]: (row["h"], row["r"]) for row in
                Movement.objects.values("stock").annotate(h=Sum("delta_on_hand"), r=Sum("delta_reserved")).order_by()}
        for pk, on_hand, reserved in Stock.objects.values_list("pk", "on_hand", "reserved").iterator(chunk_size=5000):
            checked += 1
            h, r = sums.pop(pk, (0, 0))
            if (h, r) != (on_hand, reserved):
                bad.append({"stock": pk, "on_hand": on_hand, "movements_on_hand": h, "reserved": reserved,
                            "movements_reserved": r})
    for pk, (h, r) in sums.items():  # movements of a balance row that does not exist (cannot happen: PROTECT)
        bad.append({"stock": pk, "on_hand": None, "movements_on_hand": h, "reserved": None, "movements_reserved": r})
    return checked, bad[:limit] if limit else bad


# -- dispatch ------------------------------------------------------------------------------------------------------

def _timeline(dispatch, text, actor, kind="dispatch"):
    """Write the incident's timeline, in this transaction, when the dispatch is for an incident."""
    if dispatch.incident_id is None:
        return
    from yingji.command.incidents.services import record_event

    record_event(dispatch.incident, kind, text, actor=actor, ref=dispatch)


def _new_dispatch(kind, *, region, lon, lat, task, actor, distance_km=None, incident=None, **fields):
    task = (task or "").strip()
    if not task:
        raise ValidationError({"task": _("请填写调派任务")})
    if distance_km is not None:  # a computed float (haversine) is kept to the field's two decimal places
        distance_km = Decimal(str(distance_km)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    d = Dispatch(kind=kind, region=region, lon=lon, lat=lat, task=task[:300], created_by=actor,
                 distance_km=distance_km, **fields)
    if incident is not None:
        if incident.voided_at is not None:
            raise ValidationError(_("该突发事件已作废，不能调派"))
        d.incident = incident
    d.full_clean(exclude=["region", "team", "stock", "shelter", "incident"])
    d.save()
    return d


@service
def dispatch_team(team, *, lon, lat, task, actor, distance_km=None, incident=None):
    """Send a standby team: 待命 → 出动, only if it is still 待命 (of two officers, one wins)."""
    won = RescueTeam.objects.filter(pk=team.pk, status=TeamStatus.STANDBY, voided_at__isnull=True).update(
        status=TeamStatus.DEPLOYED)
    if not won:
        raise ValidationError(_("队伍“%(t)s”当前不在待命状态（可能已被调派），未调派") % {"t": team})
    d = _new_dispatch(DispatchKind.TEAM, region=team.region, lon=lon, lat=lat, task=task, actor=actor, team=team,
                      distance_km=distance_km, incident=incident)
    _timeline(d, _("调派队伍：%(t)s，任务：%(task)s") % {"t": team, "task": d.task}, actor)
    return d


@service
def dispatch_supply(stock, *, quantity, lon, lat, task, actor, distance_km=None, incident=None):
    """Reserve `quantity` of a stock batch for the task (调派预留); refused if not that many are available."""
    n = _quantity(quantity)
    d = _new_dispatch(DispatchKind.SUPPLY, region=stock.warehouse.region, lon=lon, lat=lat, task=task, actor=actor,
                      stock=stock, quantity=n, distance_km=distance_km, incident=incident)
    record_movement(warehouse=stock.warehouse, item=stock.item, batch=stock.batch, kind=MovementKind.RESERVE,
                    quantity=n, actor=actor, dispatch=d, note=d.task[:300])
    _timeline(d, _("调派物资：%(w)s %(i)s %(n)s%(u)s，任务：%(task)s") % {
        "w": stock.warehouse, "i": stock.item, "n": n, "u": stock.item.unit, "task": d.task}, actor)
    return d


@service
def dispatch_shelter(shelter, *, people, lon, lat, task, actor, distance_km=None, incident=None):
    """Book places in a shelter (opening it if closed): only if that many places are free."""
    n = _quantity(people)
    won = Shelter.objects.filter(pk=shelter.pk, voided_at__isnull=True,
                                 occupancy__lte=F("capacity") - n).update(occupancy=F("occupancy") + n,
                                                                          status=ShelterStatus.OPEN)
    if not won:
        fresh = Shelter.objects.get(pk=shelter.pk)
        raise ValidationError({"quantity": _("避难场所“%(s)s”剩余可安置%(f)s人，本次需要%(n)s人，未调派") % {
            "s": shelter, "f": fresh.capacity - fresh.occupancy, "n": n}})
    d = _new_dispatch(DispatchKind.SHELTER, region=shelter.region, lon=lon, lat=lat, task=task, actor=actor,
                      shelter=shelter, quantity=n, distance_km=distance_km, incident=incident)
    _timeline(d, _("安排避难场所：%(s)s 安置%(n)s人，任务：%(task)s") % {"s": shelter, "n": n, "task": d.task}, actor)
    return d


@service
def return_dispatch(dispatch, *, actor, consumed=0, team_status=TeamStatus.STANDBY, note=""):
    """返回: release what the dispatch held — the team back to 待命 (or 休整), the reservation released (the
    consumed part issued from it), the shelter's places freed."""
    d = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if d.state != DispatchState.ACTIVE:
        raise ValidationError(_("该调派已返回，不能重复登记"))
    consumed = int(consumed or 0)
    if consumed < 0 or (d.kind == DispatchKind.SUPPLY and consumed > d.quantity):
        raise ValidationError({"consumed": _("消耗数量须在 0 与调派数量之间")})
    if d.kind != DispatchKind.SUPPLY:
        consumed = 0
    if d.kind == DispatchKind.TEAM:
        if team_status not in (TeamStatus.STANDBY, TeamStatus.RESTING):
            raise ValidationError({"team_status": _("返回后状态须为待命或休整")})
        RescueTeam.objects.filter(pk=d.team_id, status=TeamStatus.DEPLOYED).update(status=team_status)
        text = _("队伍返回：%(t)s") % {"t": d.team}
    elif d.kind == DispatchKind.SUPPLY:
        stock = d.stock
        if consumed:
            record_movement(warehouse=stock.warehouse, item=stock.item, batch=stock.batch,
                            kind=MovementKind.DISPATCH_ISSUE, quantity=consumed, actor=actor, dispatch=d, note=note)
        if d.quantity - consumed:
            record_movement(warehouse=stock.warehouse, item=stock.item, batch=stock.batch, kind=MovementKind.RELEASE,
                            quantity=d.quantity - consumed, actor=actor, dispatch=d, note=note)
        text = _("物资返回：%(i)s 归还%(r)s%(u)s，消耗%(c)s%(u)s") % {
            "i": stock.item, "r": d.quantity - consumed, "c": consumed, "u": stock.item.unit}
    else:
        Shelter.objects.filter(pk=d.shelter_id, occupancy__gte=d.quantity).update(occupancy=F("occupancy") - d.quantity)
        text = _("避难场所撤离：%(s)s %(n)s人") % {"s": d.shelter, "n": d.quantity}
    d.state = DispatchState.RETURNED
    d.returned_at = timezone.now()
    d.returned_by = actor
    d.consumed = consumed
    d.save(update_fields=["state", "returned_at", "returned_by", "consumed", "updated_at"])
    _timeline(d, text, actor, kind="return")
    return d
