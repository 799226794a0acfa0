"""Consistency of the supervision history in the database, whoever wrote it. The bulk loader writes rows without
save() and the services, so the tests and the scale runs check here what those would have guaranteed.

problems() returns the findings as "<what is wrong>: <how many rows>"; an empty list is a consistent database.
Every check is one aggregate query (the credit codes one pass over a column), so it runs on a million hazards.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q


def problems():
    from yingji.platform.core.validators import validate_credit_code
    from yingji.supervision.accidents.models import Accident, AccidentReport
    from yingji.supervision.enforcement.choices import CaseState
    from yingji.supervision.enforcement.models import CaseStep, EnforcementCase, Penalty
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard, HazardEvent
    from yingji.supervision.inspections.models import Inspection

    found = []

    def check(label, qs):
        n = qs.count()
        if n:
            found.append(f"{label}: {n}")

    try:
        connection.check_constraints()
    except Exception as e:  # IntegrityError with the first broken reference
        found.append(f"foreign keys: {e}")

    # enterprises: valid credit codes (GB 32100 check character), checked in Python over the code column only
    def invalid(code):
        try:
            validate_credit_code(code)
        except ValidationError:
            return True
        return False

    bad = sum(1 for code in Enterprise.objects.values_list("credit_code", flat=True).iterator(chunk_size=20000)
              if invalid(code))
    if bad:
        found.append(f"enterprises with an invalid credit code: {bad}")

    # hazards: denormalised region, dates, the closed loop's fields by state, major hazards
    h = Hazard.objects.all()
    check("hazards whose region is not their enterprise's", h.exclude(region=F("enterprise__region")))
    check("hazards with a deadline before they were found", h.filter(deadline__lt=F("found_on")))
    check("hazards supervised until before they were found", h.filter(supervision_deadline__lt=F("found_on")))
    check("closed hazards without evidence, submitter, acceptor or closing time",
          h.filter(state="closed").filter(Q(evidence="") | Q(submitted_by__isnull=True) |
                                          Q(accepted_by__isnull=True) | Q(closed_at__isnull=True)))
    check("closed hazards accepted by their submitter", h.filter(state="closed", accepted_by=F("submitted_by")))
    check("closed hazards closed before they were submitted", h.filter(state="closed",
                                                                       closed_at__lt=F("submitted_at")))
    check("open hazards with an acceptor or closing time",
          h.exclude(state="closed").filter(Q(accepted_by__isnull=False) | Q(closed_at__isnull=False)))
    check("hazards awaiting acceptance without a submitter",
          h.filter(state="awaiting_acceptance", submitted_by__isnull=True))
    check("major hazards without a criterion or basis", h.filter(level="major", criterion__isnull=True,
                                                                 major_basis=""))
    check("general hazards with a criterion or 挂牌督办",
          h.filter(level="general").filter(Q(criterion__isnull=False) | ~Q(supervision_level="")))
    check("挂牌督办 without unit or deadline", h.exclude(supervision_level="").filter(
        Q(supervising_unit="") | Q(supervision_deadline__isnull=True)))
    check("pending hazards with steps of the closed loop", HazardEvent.objects.filter(hazard__state="pending"))
    check("events of closed hazards after they were closed",
          HazardEvent.objects.filter(hazard__state="closed", at__gt=F("hazard__closed_at")))

    # inspections and cases: denormalised regions, the procedure's dates in order
    check("inspections whose region is not their enterprise's",
          Inspection.objects.exclude(region=F("enterprise__region")))
    c = EnforcementCase.objects.all()
    check("cases whose region is not their enterprise's", c.exclude(region=F("enterprise__region")))
    check("filed cases without number, year or filing date",
          c.exclude(state="draft").filter(Q(number__isnull=True) | Q(year__isnull=True) | Q(filed_on__isnull=True)))
    check("cases decided before filed", c.filter(decided_on__lt=F("filed_on")))
    check("cases delivered before decided", c.filter(delivered_on__lt=F("decided_on")))
    check("cases executed before delivered", c.filter(executed_on__lt=F("delivered_on")))
    check("cases closed before executed", c.filter(closed_on__lt=F("executed_on")))
    check("closed cases without a closing date", c.filter(state=CaseState.CLOSED, closed_on__isnull=True))
    check("open cases with a closing date", c.exclude(state=CaseState.CLOSED).filter(closed_on__isnull=False))
    check("penalties of undecided cases", Penalty.objects.filter(case__decided_on__isnull=True))
    check("cases without a filing step",
          c.exclude(state="draft").exclude(pk__in=CaseStep.objects.filter(step="file").values("case")))

    # accidents: reports after the accident
    check("accident reports before the accident",
          AccidentReport.objects.filter(reported_at__lt=F("accident__occurred_at")))
    check("accidents with more serious injuries than injuries",
          Accident.objects.filter(serious_injuries__gt=F("injuries")))
    return found
