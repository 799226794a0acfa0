"""The inspections' statistics rollup (core.rollups) equals a full recount after random changes through every write
path (create, edits of the date and kind, voids and restores, an enterprise's sector change, a QuerySet.update of
kind and region, the history import), and every figure of 检查统计, the distinct enterprises inspected included,
equals a count made record by record, for several periods, regions and users; the statistics and the dashboard's
inspections section are the same from the rollup and from the records. Run on SQLite and on PostgreSQL."""

import datetime
import io
import random

import pytest

from yingji.analysis.dashboard.stats import dashboard_stats
from yingji.platform.core import excel, imports, rollups
from yingji.platform.core.filtersets import filter_subtree
from yingji.platform.core.services import restore_record, void_record
from yingji.platform.core.testing_rollups import PERIODS, assert_exact, assert_figures, rollups_off
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.choices import InspectionKind
from yingji.supervision.inspections.models import Inspection, InspectorCertificate
from yingji.supervision.inspections.rollups import inspection_cells
from yingji.supervision.inspections.stats import inspection_stats
from yingji.supervision.inspections.testing import make_inspection

pytestmark = pytest.mark.django_db
D = datetime.date
FIRST, LAST = D(2025, 1, 1), D(2026, 11, 30)
SECTORS = [Sector.HAZCHEM_USE, Sector.CONSTRUCTION, Sector.GAS, Sector.CROWDED]
KINDS = list(InspectionKind.values)


def day(rnd, lo=FIRST, hi=LAST):
    return lo + datetime.timedelta(days=rnd.randint(0, (hi - lo).days))


def history_file(rnd, ents, n):
    spec = imports.get("inspections-history")
    rows = []
    for _ in range(n):
        row = {"inspected_on": day(rnd).isoformat(), "enterprise": rnd.choice(ents).credit_code, "kind": "执法检查",
               "inspectors": "张伟、inspector2", "site_contact": "陈经理", "findings": "消防通道堵塞", "hazards": "",
               "order_items": "", "rectify_deadline": "", "document_no": ""}
        rows.append([row[c.field] for c in spec.columns])
    return io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], rows))


def randomise(world, seed, n=60):
    rnd = random.Random(seed)
    r = world.regions
    for person in (world.users.inspector, world.users.inspector2):
        InspectorCertificate.objects.create(user=person, region=person.region, certificate_no=f"33109900{person.pk}",
                                            valid_from=D(2020, 1, 1), valid_until=D(2030, 12, 31))
    world.users.inspector.full_name = "张伟"
    world.users.inspector.save()
    places = [r.township_a, r.village_a, r.township_b, r.village_b, r.township_a]
    ents = [make_enterprise(world, region, sector=rnd.choice(SECTORS)) for region in places]

    def new():
        e = rnd.choice(ents)
        return make_inspection(world, e.region, enterprise=e, inspected_on=day(rnd), kind=rnd.choice(KINDS))

    done = [new() for _ in range(12)]
    for _ in range(n):
        op = rnd.random()
        x = rnd.choice(done)
        x.refresh_from_db()
        if op < 0.3:
            done.append(new())
        elif op < 0.45:  # an edit: another date and kind (a form's save)
            x.inspected_on, x.kind = day(rnd), rnd.choice(KINDS)
            x.save(update_fields=["inspected_on", "kind"])
        elif op < 0.6:
            if x.voided_at is None:
                void_record(x, actor=world.users.admin, reason="重复录入")
            else:
                restore_record(x, actor=world.users.admin)
        elif op < 0.7:  # the enterprise's sector changes: its inspections' 行业 with it
            e = rnd.choice(ents)
            e.sector = rnd.choice(SECTORS)
            e.save()
        elif op < 0.8:
            Inspection.objects.filter(pk__in=[i.pk for i in rnd.sample(done, 3)]).update(kind=rnd.choice(KINDS))
        elif op < 0.88:  # records moved to another township or county
            Inspection.objects.filter(pk__in=[i.pk for i in rnd.sample(done, 2)]).update(
                region=rnd.choice([r.township_a, r.village_b, r.other_township]))
        else:
            result = imports.run(imports.get("inspections-history"), history_file(rnd, ents, 3), "检查记录.xlsx",
                                 world.users.admin)
            assert result.ok, result.errors
            done += list(Inspection.objects.order_by("-pk")[:3])
    return ents


def recount(key, qs, start, end):
    """The figures counted with the ORM, record by record: inspections and distinct enterprises, by kind, sector."""
    qs = qs.filter(inspected_on__gte=start, inspected_on__lte=end)
    out = {}
    for dimension, path, values in (("", None, [""]), ("kind", "kind", KINDS), ("sector", "enterprise__sector",
                                                                             Sector.values)):
        for v in values:
            part = qs.filter(**{path: v}) if path else qs
            out[(dimension, v, "inspections")] = part.count()
            out[("distinct", dimension, v, "places")] = part.values("enterprise").distinct().count()
    return out


def scoped(user, region):
    return {"inspections": filter_subtree(Inspection.objects.restrict(user, "view").active(), "region",
                                          region or user.region)}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollup_equals_a_full_recount_after_random_changes(world, seed):
    randomise(world, seed)
    assert_exact("inspections")
    assert assert_figures(world, scoped, recount) == {"rollup", "live"}


def test_the_statistics_and_the_dashboard_are_the_same_from_the_rollup_and_from_the_records(world, monkeypatch):
    randomise(world, 3, n=40)
    u, r = world.users, world.regions
    for user, (start, end), region in [(u.leader, PERIODS[0], r.county), (u.leader, PERIODS[1], r.township_a),
                                       (u.admin, PERIODS[5], r.county), (u.township_a, PERIODS[2], None)]:
        fast = inspection_stats(user, start, end, region=region)
        board = dashboard_stats(user, start, end, region)
        with rollups_off(monkeypatch):
            slow = inspection_stats(user, start, end, region=region)
            slow_board = dashboard_stats(user, start, end, region)
        assert fast == slow
        assert board.pop("inspections").pop("basis") == "rollup"
        assert slow_board.pop("inspections").pop("basis") == "live"
        for payload in (board, slow_board):
            payload.pop("generated_at")
            for key in ("hazards", "enforcement"):
                payload.get(key, {}).pop("basis", None)
        assert board == slow_board
    assert fast["places"] > 0


def test_a_distinct_enterprise_counts_once_over_the_months_and_the_days_cut(world):
    """An enterprise inspected in March, May and on 10 June counts once in the year and in 15 Feb–10 Jun (whole
    months from the stored cells, the cut days from the records: the members are united, not added)."""
    ent = make_enterprise(world, world.regions.township_a)
    for d in (D(2025, 3, 3), D(2025, 5, 5), D(2025, 6, 10)):
        make_inspection(world, world.regions.township_a, enterprise=ent, inspected_on=d)
    make_inspection(world, world.regions.township_b, inspected_on=D(2025, 6, 9))
    leader = world.users.leader
    for start, end in [(D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 2, 15), D(2025, 6, 10))]:
        cells = rollups.figures("inspections", scoped(leader, None)["inspections"], start, end, user=leader)
        assert cells.basis == "rollup"
        assert (cells.total("inspections"), cells.count_distinct("places")) == (4, 2)
        assert cells.distinct_by("kind", "places") == {InspectionKind.ENFORCEMENT: 2}


def test_the_cells_of_an_inspection():
    cells = list(inspection_cells({"kind": "self", "sector": "gas", "enterprise": 7}))
    assert ("", "", "inspections") in cells and ("sector", "gas", "places", "7") in cells and len(cells) == 6
    assert all(isinstance(c[3], rollups.Member) for c in cells if len(c) == 4)
