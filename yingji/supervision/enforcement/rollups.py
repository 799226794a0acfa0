"""The enforcement statistics' rollups (core.rollups), the figures of 执法统计 and of the supervision dashboard
(stats.py, dashboard.py), each by the month of its own date and the township of the case (of the measure):

* cases: 立案 by filed_on and 处罚机关, 结案 by closed_on, 作出处罚决定 by decided_on (three rollups of the case, one
  per date: a case counts in the month of each of its dates);
* penalties: by the decision date of their case (a penalty of a voided case counts nowhere), by 处罚种类 with the sum
  of their amounts in fen (an exact integer: 元 × 100), and the fines by 处罚机关 with their sum;
* measures (约谈, 曝光, 典型案例, 移送): by their date and kind.

"一案双罚" (a decided case with both an enterprise's and its principal's penalty) depends on two penalties of one case
and is counted from the records (a few hundred decided cases of a county's year)."""

from yingji.platform.core import rollups

from .choices import PenaltyKind
from .models import EnforcementCase, Measure, Penalty

FILED, CLOSED, DECIDED = "filed", "closed", "decided"
PENALTIES, AMOUNT, FINES, FINE_AMOUNT, MEASURES = "penalties", "amount", "fines", "fine_amount", "measures"
FEN = 100  # amounts are kept in fen: sums of Decimal 元 with two decimals, exactly


def filed_cells(r):
    yield "", "", FILED
    yield "department", r["department"], FILED


def penalty_cells(r):
    yield "kind", r["kind"], PENALTIES
    yield "kind", r["kind"], AMOUNT, rollups.Amount("amount")
    if r["kind"] == PenaltyKind.FINE:
        yield "department", r["department"], FINES
        yield "department", r["department"], FINE_AMOUNT, rollups.Amount("amount")


CASES_FILED = rollups.register(rollups.Rollup(
    "enforcement.filed", EnforcementCase, date="filed_on", fields={"department": "department"}, cells=filed_cells))
CASES_CLOSED = rollups.register(rollups.Rollup(
    "enforcement.closed", EnforcementCase, date="closed_on", fields={}, cells=lambda r: [("", "", CLOSED)]))
CASES_DECIDED = rollups.register(rollups.Rollup(
    "enforcement.decided", EnforcementCase, date="decided_on", fields={}, cells=lambda r: [("", "", DECIDED)]))
PENALTY_ROLLUP = rollups.register(rollups.Rollup(
    "enforcement.penalties", Penalty, date="case__decided_on", region="case__region", alive=("case",),
    fields={"kind": "kind", "department": "case__department"}, sums={"amount": ("amount", FEN)},
    cells=penalty_cells))
MEASURE_ROLLUP = rollups.register(rollups.Rollup(
    "enforcement.measures", Measure, date="date", fields={"kind": "kind"},
    cells=lambda r: [("kind", r["kind"], MEASURES)]))
ALL = (CASES_FILED, CASES_CLOSED, CASES_DECIDED, PENALTY_ROLLUP, MEASURE_ROLLUP)
