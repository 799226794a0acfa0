"""危险化学品重大危险源辨识与分级 (GB 18218-2018), as pure functions over decimals.

- 辨识 (4.2): S = Σ qᵢ/Qᵢ over the chemicals of the unit; S ≥ 1 means the unit is a major hazard source.
- 分级 (4.3): R = α · Σ βᵢ qᵢ/Qᵢ, with β the correction factor of each chemical (表3 for the named toxic gases,
  表4 by hazard category, 1 otherwise) and α from the number of people exposed outside the site (表5).
  R ≥ 100 一级, 50 ≤ R < 100 二级, 10 ≤ R < 50 三级, R < 10 四级 (表6).
"""

from decimal import Decimal

# 表5: (least number of people exposed, α), highest first
ALPHA_TABLE = ((100, Decimal("2.0")), (50, Decimal("1.5")), (30, Decimal("1.2")), (1, Decimal("1.0")),
               (0, Decimal("0.5")))
# 表6: (least R, level), highest first
LEVEL_TABLE = ((Decimal(100), 1), (Decimal(50), 2), (Decimal(10), 3), (Decimal(0), 4))


def alpha_for(people):
    """α for the number of people possibly exposed outside the site; None if the number is not known."""
    if people is None:
        return None
    for least, alpha in ALPHA_TABLE:
        if people >= least:
            return alpha
    raise ValueError("people must not be negative")


def ratio_sum(rows):
    """Σ q/Q over (q, Q) pairs; None if there are none or a Q is missing."""
    rows = list(rows)
    if not rows or any(q is None or Q is None or Q <= 0 for q, Q in rows):
        return None
    return sum((Decimal(q) / Decimal(Q) for q, Q in rows), Decimal(0))


def r_value(alpha, rows):
    """R = α Σ β q/Q over (q, Q, β) triples; None if α or any β (or Q) is missing."""
    rows = list(rows)
    if alpha is None or not rows or any(b is None for _q, _Q, b in rows):
        return None
    weighted = ratio_sum((Decimal(b) * Decimal(q), Q) for q, Q, b in rows)
    return None if weighted is None else alpha * weighted


def level_for(r):
    """The level (1 一级 … 4 四级) that R implies; None for None."""
    if r is None:
        return None
    for least, level in LEVEL_TABLE:
        if r >= least:
            return level
    return 4
