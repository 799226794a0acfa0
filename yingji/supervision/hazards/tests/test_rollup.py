"""The hazards' statistics rollup (core.rollups) equals a full recount after random changes through every write path
(create, workflow transitions with back-dated steps, edits, voids and restores, an enterprise's sector change and
move to another region, a QuerySet.update, the history import and the bulk loader), for several periods, regions
and users; the dashboard's figures are the same from the rollup and from the records; `yingji rollups` checks and
rebuilds. Run on SQLite and on PostgreSQL (DATABASE_URL=… --create-db)."""

import datetime
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from yingji.analysis.dashboard.stats import dashboard_stats
from yingji.platform.core import bulkload, excel, imports, rollups
from yingji.platform.core.filtersets import filter_subtree
from yingji.platform.core.models import RollupCount
from yingji.platform.core.services import restore_record, void_record
from yingji.platform.core.testing_rollups import assert_exact, assert_figures, rollups_off
from yingji.platform.core.workflow import transition
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards import services  # noqa: F401 (registers the closed loop's workflow)
from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState, SupervisionLevel
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.hazards.rollups import HAZARDS, hazard_cells

pytestmark = pytest.mark.django_db
D = datetime.date
FIRST, LAST = D(2025, 1, 1), D(2026, 11, 30)
PLAN = {"plan_responsibility": "企业安全科", "plan_measures": "更换电缆", "plan_funds": 3000,
        "plan_time_limit": "一周内完成", "plan_contingency": "停用并设警示", "responsible_person": "王电工"}
SECTORS = [Sector.HAZCHEM_USE, Sector.CONSTRUCTION, Sector.GAS, Sector.CROWDED]
BULK_COLUMNS = ["id", "enterprise", "region", "description", "category", "level", "criterion", "major_basis", "source",
                "found_by", "found_by_name", "found_on", "photo", "deadline", "responsible_person",
                "plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency", "evidence",
                "evidence_file", "state", "submitted_by", "submitted_at", "accepted_by", "closed_at",
                "supervision_level", "supervising_unit", "supervision_deadline", "created_at", "updated_at",
                "void_reason", "ledger_no"]


def day(rnd, lo=FIRST, hi=LAST):
    return lo + datetime.timedelta(days=rnd.randint(0, (hi - lo).days))


def new_hazard(rnd, ent):
    level = HazardLevel.MAJOR if rnd.random() < 0.3 else HazardLevel.GENERAL
    listed = level == HazardLevel.MAJOR and rnd.random() < 0.6
    found = day(rnd)
    return Hazard.objects.create(
        enterprise=ent, description="隐患", category="electrical", level=level,
        source=rnd.choice(list(HazardSource.values)), found_on=found,
        major_basis="判定依据" if level == HazardLevel.MAJOR else "",
        supervision_level=rnd.choice(list(SupervisionLevel.values)) if listed else "",
        supervising_unit="县安委办" if listed else "", supervision_deadline=found if listed else None)


def step(rnd, world, h):
    """One step of the closed loop with a back-dated real date (`at`); a refused one changes nothing."""
    h.refresh_from_db()
    at = day(rnd, h.found_on, timezone.localdate())
    inspector, other = world.users.inspector, world.users.inspector2
    try:
        if h.state == HazardState.PENDING:
            transition(h, "start", actor=inspector, at=at, deadline=h.found_on + datetime.timedelta(days=30), **PLAN)
        elif h.state == HazardState.IN_PROGRESS:
            transition(h, "submit", actor=inspector, at=at, evidence="已整改")
        elif h.state == HazardState.AWAITING_ACCEPTANCE:
            if rnd.random() < 0.7:
                transition(h, "accept", actor=other, at=at)
            else:
                transition(h, "reject", actor=other, at=at, note="不合格")
    except ValidationError:
        pass


def import_rows(rnd, ents, n):
    spec = imports.get("hazards-history")
    rows = []
    for i in range(n):
        ent = rnd.choice(ents)
        found = day(rnd, FIRST, D(2026, 10, 1))
        rectified = found + datetime.timedelta(days=5) if rnd.random() < 0.6 else None
        closed = rectified + datetime.timedelta(days=3) if rectified and rnd.random() < 0.6 else None
        row = {"ledger_no": f"RND-{rnd.random():.12f}-{i}", "enterprise": ent.credit_code, "description": "隐患",
               "category": "用电安全", "level": "一般", "major_basis": "", "source": rnd.choice(["部门检查", "企业自查"]),
               "found_by_name": "王明", "found_on": found.isoformat(),
               "deadline": (found + datetime.timedelta(days=20)).isoformat(), "responsible_person": "李强",
               "plan_measures": "更换电缆", "plan_funds": "100", "evidence": "已整改" if rectified else "",
               "rectified_on": rectified.isoformat() if rectified else "",
               "closed_on": closed.isoformat() if closed else "", "accepted_by_name": "", "supervision_level": "",
               "supervising_unit": "", "supervision_deadline": ""}
        rows.append([row[c.field] for c in spec.columns])
    return io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def bulk_write(rnd, ents, n):
    table = bulkload.Table(Hazard, BULK_COLUMNS)
    now = timezone.now()
    for _ in range(n):
        e = rnd.choice(ents)
        state = rnd.choice([HazardState.PENDING, HazardState.CLOSED])
        table.add((table.new_id(), e.pk, e.region_id, "批量隐患", "electrical", HazardLevel.GENERAL, None, "",
                   rnd.choice(list(HazardSource.values)), None, "", day(rnd), "", None, "", "", "", None, "", "", "",
                   "", state, None, None, None, now if state == HazardState.CLOSED else None, "", "", None, now, now,
                   "", ""))
    return table.close()


def randomise(world, seed, n=70):
    rnd = random.Random(seed)
    r = world.regions
    ents = [make_enterprise(world, region, sector=rnd.choice(SECTORS))
            for region in (r.township_a, r.village_a, r.township_b, r.village_b, r.township_a)]
    hazards = [new_hazard(rnd, rnd.choice(ents)) for _ in range(12)]
    for _ in range(n):
        op = rnd.random()
        h = rnd.choice(hazards)
        if op < 0.2:
            hazards.append(new_hazard(rnd, rnd.choice(ents)))
        elif op < 0.55:
            step(rnd, world, h)
        elif op < 0.62:  # an edit: another found date and level (a form's save)
            h.refresh_from_db()
            h.found_on, h.source = day(rnd), rnd.choice(list(HazardSource.values))
            h.save(update_fields=["found_on", "source"])
        elif op < 0.7:
            h.refresh_from_db()
            if h.voided_at is None:
                void_record(h, actor=world.users.admin, reason="重复录入")
            else:
                restore_record(h, actor=world.users.admin)
        elif op < 0.76:  # the enterprise's sector changes: its hazards' 行业 with it
            e = rnd.choice(ents)
            e.sector = rnd.choice(SECTORS)
            e.save()
        elif op < 0.82:  # the enterprise moves to another township: its hazards follow (a QuerySet.update)
            e = rnd.choice(ents)
            e.region = rnd.choice([r.township_a, r.village_a, r.township_b, r.village_b, r.other_township])
            e.save()
        elif op < 0.88:
            Hazard.objects.filter(pk__in=[x.pk for x in rnd.sample(hazards, 3)]).update(
                level=rnd.choice([HazardLevel.GENERAL, HazardLevel.MAJOR]), state=rnd.choice(list(HazardState.values)))
        elif op < 0.94:
            ours = [e for e in ents if e.region.code.startswith("331099")] or ents[:1]  # not moved out
            if ours is ents[:1]:
                continue
            result = imports.run(imports.get("hazards-history"), import_rows(rnd, ours, 3), "隐患台账.xlsx",
                                 world.users.admin)
            assert result.ok, result.errors
            hazards += list(Hazard.objects.order_by("-pk")[:3])
        else:
            bulk_write(rnd, ents, 3)
            hazards += list(Hazard.objects.order_by("-pk")[:3])
    return ents


def recount(key, qs, start, end):
    """The figures counted from the records one by one with the ORM: independent of the rollup's grouping code."""
    qs = qs.filter(found_on__gte=start, found_on__lte=end)
    closed = qs.filter(state=HazardState.CLOSED)
    out = {("", "", "found"): qs.count(), ("", "", "rectified"): closed.count()}
    for dimension, path, values in (("level", "level", HazardLevel.values), ("source", "source", HazardSource.values),
                                    ("sector", "enterprise__sector", Sector.values)):
        for v in values:
            out[(dimension, v, "found")] = qs.filter(**{path: v}).count()
            out[(dimension, v, "rectified")] = closed.filter(**{path: v}).count()
    for v in SupervisionLevel.values:
        listed = qs.filter(level=HazardLevel.MAJOR, supervision_level=v)
        out[("listed", v, "found")] = listed.count()
        out[("listed", v, "rectified")] = listed.filter(state=HazardState.CLOSED).count()
    return out


def scoped(user, region):
    return {"hazards": filter_subtree(Hazard.objects.restrict(user, "view").active(), "region", region or user.region)}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollup_equals_a_full_recount_after_random_changes(world, seed):
    randomise(world, seed)
    assert_exact("hazards")
    # the village and the department's officer are counted from the records
    assert assert_figures(world, scoped, recount) == {"rollup", "live"}


def test_rebuild_and_check(world):
    randomise(world, 3, n=25)
    call_command("rollups", "--check", stdout=io.StringIO())
    cell = RollupCount.objects.filter(rollup="hazards").exclude(n=0).first()
    RollupCount.objects.filter(pk=cell.pk).update(n=cell.n + 5)  # drift (raw SQL, a bug): the check finds it
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 个汇总单元"):
        call_command("rollups", "--check", stdout=out)
    assert f"已存 {cell.n + 5}，重新计数 {cell.n}" in out.getvalue()
    call_command("rollups", "--rebuild", stdout=io.StringIO())
    assert rollups.differences(HAZARDS) == []
    with pytest.raises(CommandError, match="没有这些汇总"):
        call_command("rollups", "--check", "nope")


def test_the_dashboard_gives_the_same_figures_from_the_rollup_and_from_the_records(world, monkeypatch):
    randomise(world, 4, n=40)
    u, r = world.users, world.regions
    cases = [(u.leader, D(2025, 1, 1), D(2025, 12, 31), r.county, {}),
             (u.leader, D(2025, 2, 14), D(2026, 3, 3), r.township_a, {}),
             (u.admin, D(2024, 6, 1), D(2026, 11, 30), r.county, {}),  # the periods overlap: months of their span
             (u.leader, D(2025, 1, 1), D(2025, 12, 31), r.county, {"source": HazardSource.SELF_INSPECTION})]
    for user, start, end, region, params in cases:
        fast = dashboard_stats(user, start, end, region, **params)["hazards"]
        with rollups_off(monkeypatch):
            slow = dashboard_stats(user, start, end, region, **params)
        assert slow["hazards"].pop("basis") == "live"
        assert fast.pop("basis") == ("live" if params else "rollup")
        assert fast == slow["hazards"]


def test_a_refused_transition_and_a_failed_import_leave_the_counts_as_they_were(world):
    ent = make_enterprise(world, world.regions.township_a)
    h = Hazard.objects.create(enterprise=ent, description="隐患", category="electrical", source=HazardSource.DEPARTMENT,
                              found_on=D(2025, 5, 1))
    before = rollups.stored(HAZARDS)
    with pytest.raises(ValidationError):
        transition(h, "start", actor=world.users.inspector)  # no 五落实: refused, nothing written
    spec = imports.get("hazards-history")
    good = {"ledger_no": "X-1", "enterprise": ent.credit_code, "description": "隐患", "category": "用电安全",
            "level": "一般", "source": "部门检查", "found_on": "2025-05-02"}
    rows = [[row.get(c.field, "") for c in spec.columns] for row in (good, {**good, "ledger_no": "X-2",
                                                                            "enterprise": "没有这家企业"})]
    bad = io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))
    assert not imports.run(imports.get("hazards-history"), bad, "隐患台账.xlsx", world.users.admin).ok
    assert rollups.stored(HAZARDS) == before
    assert before[("331099101", D(2025, 5, 1), "", "", "found", "")] == 1


def test_the_cells_of_a_hazard():
    row = {"level": HazardLevel.MAJOR, "source": "grid", "state": HazardState.CLOSED,
           "supervision_level": SupervisionLevel.CITY, "sector": "gas"}
    cells = set(hazard_cells(row))
    assert ("listed", SupervisionLevel.CITY, "rectified") in cells and ("", "", "found") in cells and len(cells) == 10
    general = {**row, "level": HazardLevel.GENERAL, "state": HazardState.PENDING}
    assert {d for d, _v, _m in hazard_cells(general)} == {"", "level", "source", "sector"}


def test_the_county_layer_migration_sums_the_stored_townships(world):
    """core 0008 computes the county layer from the stored township cells (one INSERT … SELECT): the same cells as
    the write paths keep, whichever order it runs in."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("yingji.platform.core.migrations.0008_rollup_county_layer")
    randomise(world, 5, n=30)
    kept = rollups.stored(HAZARDS, digits=rollups.COUNTY_DIGITS)
    assert kept
    editor = type("Editor", (), {"connection": connection})()
    RollupCount.objects.filter(rollup=HAZARDS.layer_key(rollups.COUNTY_DIGITS)).update(n=0)  # a stale layer
    migration.backfill(apps, editor)
    assert rollups.stored(HAZARDS, digits=rollups.COUNTY_DIGITS) == kept
    assert_exact("hazards")
    migration.forget(apps, editor)
    assert not RollupCount.objects.filter(rollup__contains="@").exists()


def _nightly(hour, minute=0):
    from yingji.platform.core import sweeper

    local = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour, minute)))
    return sweeper.run_once(local, only=["core.rollups_check"])["core.rollups_check"]


@pytest.mark.django_db(transaction=True)  # the check's own transaction, with its snapshot on PostgreSQL
def test_the_nightly_check_finds_a_drift_rebuilds_it_and_keeps_it_once_a_day(world, caplog):
    from yingji.platform.core.models import RollupCheck

    randomise(world, 5, n=25)
    cell = RollupCount.objects.filter(rollup="hazards").exclude(n=0).order_by("pk").first()
    RollupCount.objects.filter(pk=cell.pk).update(n=cell.n + 2)  # drift: raw SQL, a restore, a bug
    assert _nightly(2, 30) == 0 and not RollupCheck.objects.exists()  # before the hour
    assert _nightly(3, 10) == 1
    check = RollupCheck.objects.get()
    assert check.day == timezone.localdate() and check.checked_at is not None
    assert check.differing == 1 and check.rebuilt == ["hazards"] and check.cells > 100
    assert check.differences == [{"rollup": "hazards", "region_code": cell.region_code,
                                  "month": cell.month.isoformat(), "dimension": cell.dimension, "value": cell.value,
                                  "measure": cell.measure, "member": cell.member, "stored": cell.n + 2,
                                  "recount": cell.n}]
    assert "1 of" in caplog.text and "rebuilding hazards" in caplog.text
    assert rollups.differences(HAZARDS) == []  # repaired
    RollupCount.objects.filter(rollup="hazards").exclude(n=0).update(n=99)  # (the rebuild wrote new rows)
    assert _nightly(4) == 0 and RollupCheck.objects.count() == 1  # once a day, whichever sweeper runs it
    assert rollups.differences(HAZARDS) != []


def test_a_failed_nightly_check_leaves_no_claim_and_the_next_run_checks(world, monkeypatch):
    from yingji.platform.core.models import RollupCheck

    randomise(world, 6, n=10)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as m:
        m.setattr(rollups, "audit", broken)
        assert _nightly(3) == -1  # the sweeper logs it and goes on
    assert not RollupCheck.objects.exists()
    assert _nightly(3, 5) == 1
    check = RollupCheck.objects.get()
    assert (check.differing, check.rebuilt, check.differences) == (0, [], [])
