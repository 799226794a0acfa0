"""The inspections' part of the bulk history (platform/core/bulkload.py): 5,000 inspections per unit of scale."""

import datetime

from yingji.platform.core import bulkload


@bulkload.register(order=20, key="inspections", per_scale=5_000)
def inspections(run, total):
    """The bureau's inspections of the drawn enterprises (risk-weighted) and their self-inspections; the visits are
    left on `run.visits` (enterprise pk → [(date, inspection pk)]) for the hazards they found."""
    ents, counties, rnd, now, today, counts = run.enterprises, run.counties, run.rnd, run.now, run.today, run.counts
    from .choices import InspectionKind
    from .demo import FINDINGS
    from .models import Inspection

    cols = ["id", "enterprise", "region", "inspected_on", "kind", "site_contact", "findings", "order_items",
            "rectify_deadline", "document_no", "created_at", "updated_at", "void_reason"]
    table = bulkload.Table(Inspection, cols)
    link = bulkload.through(Inspection._meta.get_field("inspectors"), "inspection", "user")
    kinds = [InspectionKind.ENFORCEMENT, InspectionKind.SPECIAL, InspectionKind.UNANNOUNCED,
             InspectionKind.SUPERVISION, InspectionKind.SELF]
    visits = {}  # enterprise pk -> [(date, inspection pk)] of the bureau's visits
    for n, e in enumerate(bulkload.pick(ents, rnd, total), start=1):
        day = bulkload.weekday(bulkload.date_in_years(rnd, today, 2))
        if day >= today:
            day -= datetime.timedelta(days=3)
        kind = rnd.choices(kinds, weights=[62, 14, 9, 5, 10])[0]
        found = rnd.sample(FINDINGS, k=rnd.choice([0, 1, 1, 2, 3])) if kind != InspectionKind.SELF else []
        ordered = bool(found) and rnd.random() < 0.6
        at = datetime.datetime.combine(day, datetime.time(8, rnd.randint(0, 59)), tzinfo=now.tzinfo)  # 16:xx
        pk = table.new_id()
        table.add((pk, e.pk, e.region_id, day, kind, e.principal,
                   "\n".join(f"{i}. {f}" for i, f in enumerate(found, start=1)) or
                   ("企业自查，未发现重大事故隐患。" if kind == InspectionKind.SELF else "未发现明显问题。"),
                   "\n".join(found) if ordered else "",
                   day + datetime.timedelta(days=rnd.choice([7, 15, 30])) if ordered else None,
                   f"（{day.year}）应急责改〔{n}〕号" if ordered else "", at, at, ""))
        if kind != InspectionKind.SELF:
            staff = counties[e.county].inspectors
            for u in (staff[:2] if kind == InspectionKind.ENFORCEMENT else rnd.sample(staff, k=rnd.choice([1, 2]))):
                link.add((link.new_id(), pk, u.pk))
            visits.setdefault(e.pk, []).append((day, pk))
    counts["inspections"] = table.close()
    link.close()
    run.visits = visits
    run.say(f"检查记录 {counts['inspections']:,}")
