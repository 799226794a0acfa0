"""The enforcement part of the bulk history (platform/core/bulkload.py): 1,000 cases and 500 measures per unit of
scale."""

import datetime
from decimal import Decimal

from yingji.platform.core import bulkload

ORIGINS = ["inspection"] * 6 + ["report", "other"]  # 案件来源 (a case from a hazard would name the hazard)


class _CaseRules:
    def __init__(self):
        from yingji.platform.workdays.services import snapshot

        from .models import TimeLimitRule

        self.rules = list(TimeLimitRule.objects.filter(region__isnull=True, voided_at__isnull=True))
        self.calendar = snapshot()  # the holiday calendar, read once (working-day limits)

    def rule(self, code, on):
        """The national row of `code` in force on `on`, chosen as TimeLimitRule.objects.rule_for() chooses."""
        from yingji.platform.core.rules import most_specific

        return most_specific(r for r in self.rules if r.code == code and r.in_force_on(on))

    def deadline(self, code, start):
        from .choices import DayKind

        r = self.rule(code, start)
        if r is None:
            return None, None
        if r.day_kind == DayKind.WORKING:
            return self.calendar.add(start, r.days or 0), r
        return start + datetime.timedelta(days=r.days or 0), r


@bulkload.register(order=40, key="cases", per_scale=1_000)
def cases(run, total):
    """Enforcement cases through their steps to the state their dates reach, with the time limits of the stored
    rule rows, penalties (一案双罚, 停产停业 …) and the late-payment surcharge."""
    ents, counties, rnd, today, tz, counts = run.enterprises, run.counties, run.rnd, run.today, run.tz, run.counts
    from django.db.models import Max

    from . import demo as F
    from .choices import (
        MONEY_PENALTIES,
        DeliveryMethod,
        PenaltyKind,
        PenaltyTarget,
        Procedure,
        RuleCode,
        Step,
    )
    from .choices import (
        CaseState as S,
    )
    from .models import CaseStep, EnforcementCase, Penalty
    from .rules import late_payment_surcharge

    rules = _CaseRules()
    cols = ["id", "number", "year", "sequence", "enterprise", "region", "title", "origin", "origin_reference",
            "procedure", "department", "facts", "violated_provisions", "penalty_basis", "state", "filed_on",
            "investigated_on", "notified_on", "hearing_right", "decision_extension", "decided_on", "delivered_on",
            "delivery_method", "executed_on", "paid_amount", "surcharge", "closed_on", "due_on", "due_kind",
            "created_at", "updated_at", "created_by", "void_reason"]
    table = bulkload.Table(EnforcementCase, cols)
    steps = bulkload.Table(CaseStep, ["id", "case", "step", "date", "note", "due_on", "late", "recorded_at", "recorded_by"])
    step_officers = bulkload.through(CaseStep._meta.get_field("officers"), "casestep", "user")
    case_officers = bulkload.through(EnforcementCase._meta.get_field("officers"), "enforcementcase", "user")
    penalties = bulkload.Table(Penalty, ["id", "case", "kind", "target", "target_name", "amount", "suspension_days", "note",
                                "created_at", "updated_at", "created_by", "void_reason"])
    sequence = {y: m or 0 for y, m in EnforcementCase.objects.values_list("year").annotate(m=Max("sequence"))}
    dept_keys, dept_weights = [i for i, _w in F.DEPARTMENT_WEIGHTS], [w for _i, w in F.DEPARTMENT_WEIGHTS]

    def at(d):
        return datetime.datetime.combine(d, datetime.time(9), tzinfo=tz)  # 17:00 in China

    for e in bulkload.pick(ents, rnd, total):
        county = counties[e.county]
        team = county.inspectors[:2]
        industry = rnd.choices(dept_keys, weights=dept_weights)[0]
        dept = (county.departments.get(industry) or county.bureau) if industry else county.bureau
        title, facts, violated, basis = rnd.choice(F.FACTS)
        simple = rnd.random() < 0.15
        filed = bulkload.weekday(bulkload.date_in_years(rnd, today, 3))
        if filed > today:
            filed = today - datetime.timedelta(days=3)
        case = {"filed_on": filed, "investigated_on": None, "notified_on": None, "hearing_right": False,
                "decided_on": None, "delivered_on": None, "delivery_method": "", "executed_on": None,
                "paid_amount": None, "surcharge": None, "closed_on": None, "state": S.FILED}
        pk = table.new_id()
        sequence[filed.year] = seq = sequence.get(filed.year, 0) + 1
        number = f"{county.region.name[:2]}应急罚〔{filed.year}〕{seq}号"
        rows = []  # (step, date, due_on)
        pens = []

        def record(step, d, due=None, rows=rows):
            rows.append((step, d, due))

        decision_due, decision_rule = rules.deadline(
            RuleCode.DECISION_SIMPLE if simple else RuleCode.DECISION_ORDINARY, filed)
        due = (decision_due, decision_rule.code if decision_rule else "")
        record(Step.FILE, filed)
        d = filed
        reached = True
        if simple:
            fine = rnd.choice([None, 200, 500, 1000, 2000, 3000])
            pens.append((PenaltyKind.FINE, PenaltyTarget.ENTERPRISE, Decimal(fine), None) if fine else
                        (PenaltyKind.WARNING, PenaltyTarget.ENTERPRISE, None, None))
            case.update(state=S.DELIVERED, decided_on=d, delivered_on=d, delivery_method=DeliveryMethod.DIRECT)
            record(Step.DECIDE, d, decision_due)
            delivery_due, _r = rules.deadline(RuleCode.DELIVERY, d)
            record(Step.DELIVER, d, delivery_due)
        else:
            for step, lo, hi, state, key in ((Step.INVESTIGATE, 3, 15, S.INVESTIGATED, "investigated_on"),
                                             (Step.NOTIFY, 2, 8, S.NOTIFIED, "notified_on")):
                d = bulkload.weekday(d + datetime.timedelta(days=rnd.randint(lo, hi)))
                if d > today:
                    reached = False
                    break
                case.update({"state": state, key: d})
                record(step, d)
            if reached:
                fine = Decimal(rnd.choice(F.FINES))
                case["hearing_right"] = fine >= 30000
                d = bulkload.weekday(d + datetime.timedelta(days=rnd.randint(10, 25)))
                if d > today:
                    reached = False
            if reached:
                pens.append((PenaltyKind.FINE, PenaltyTarget.ENTERPRISE, fine, None))
                if rnd.random() < 0.3:  # 一案双罚
                    pens.append((PenaltyKind.FINE, PenaltyTarget.PRINCIPAL,
                                 Decimal(rnd.choice([2000, 5000, 10000, 20000])), None))
                roll = rnd.random()
                if roll < 0.08:
                    pens.append((PenaltyKind.SUSPENSION, PenaltyTarget.ENTERPRISE, None, rnd.choice([15, 30, 60])))
                elif roll < 0.10:
                    pens = [(PenaltyKind.CLOSURE, PenaltyTarget.ENTERPRISE, None, None)]
                elif roll < 0.13:
                    pens.append((PenaltyKind.CONFISCATION, PenaltyTarget.ENTERPRISE,
                                 Decimal(rnd.randint(5, 80) * 1000), None))
                case.update(state=S.DECIDED, decided_on=d)
                record(Step.DECIDE, d, decision_due)
                delivery_due, delivery_rule = rules.deadline(RuleCode.DELIVERY, d)
                due = (delivery_due, delivery_rule.code if delivery_rule else "")
                d = bulkload.weekday(d + datetime.timedelta(days=rnd.randint(0, 6)))
                if d > today:
                    reached = False
                else:
                    case.update(state=S.DELIVERED, delivered_on=d,
                                delivery_method=rnd.choice([DeliveryMethod.DIRECT, DeliveryMethod.POST]))
                    record(Step.DELIVER, d, delivery_due)
        money = sum((a for k, _t, a, _s in pens if k in MONEY_PENALTIES and a), Decimal(0))
        fines = sum((a for k, _t, a, _s in pens if k == PenaltyKind.FINE and a), Decimal(0))
        if case["state"] == S.DELIVERED:
            payment_due, payment_rule = rules.deadline(RuleCode.PAYMENT, d)
            due = (payment_due, payment_rule.code) if money and payment_rule else (None, "")
            late = rnd.random() < 0.1
            d = bulkload.weekday(d + datetime.timedelta(days=rnd.randint(20, 40) if late else rnd.randint(2, 12)))
            if d <= today:
                if money:
                    surcharge_rule = rules.rule(RuleCode.LATE_SURCHARGE, payment_due) if payment_due else None
                    surcharge = late_payment_surcharge(fines, payment_due, d, rule=surcharge_rule) \
                        if surcharge_rule else Decimal("0.00")
                    case.update(paid_amount=money + surcharge, surcharge=surcharge)
                case.update(state=S.EXECUTED, executed_on=d)
                record(Step.EXECUTE, d, payment_due if money else None)
                due = (None, "")
                d = bulkload.weekday(d + datetime.timedelta(days=rnd.randint(3, 20)))
                if d <= today:
                    case.update(state=S.CLOSED, closed_on=d)
                    record(Step.CLOSE, d)
        elif case["state"] in (S.FILED, S.INVESTIGATED, S.NOTIFIED):
            due = (decision_due, decision_rule.code if decision_rule else "")
        last = rows[-1][1]
        table.add((
            pk, number, filed.year, seq, e.pk, e.region_id, title, rnd.choice(ORIGINS),
            "", Procedure.SIMPLE if simple else Procedure.ORDINARY, dept.pk, f"经查，{e.name}{facts}", violated, basis,
            case["state"], filed, case["investigated_on"], case["notified_on"], case["hearing_right"], "none",
            case["decided_on"], case["delivered_on"], case["delivery_method"], case["executed_on"],
            case["paid_amount"], case["surcharge"], case["closed_on"], due[0], due[1], at(filed), at(last),
            team[0].pk, ""))
        for u in team:
            case_officers.add((case_officers.new_id(), pk, u.pk))
        for step, day, step_due in rows:
            sid = steps.new_id()
            steps.add((sid, pk, step, day, "", step_due, bool(step_due and day > step_due), at(day), team[0].pk))
            for u in team:
                step_officers.add((step_officers.new_id(), sid, u.pk))
        if case["decided_on"] is not None:
            for kind, target, amount, days in pens:
                penalties.add((penalties.new_id(), pk, kind, target,
                               e.principal if target == PenaltyTarget.PRINCIPAL else "", amount, days, "",
                               at(case["decided_on"]), at(case["decided_on"]), team[0].pk, ""))
    counts["cases"] = table.close()
    counts["case_steps"] = steps.close()
    step_officers.close()
    case_officers.close()
    counts["penalties"] = penalties.close()


@bulkload.register(order=45, key="measures", per_scale=500)
def measures(run, total):
    """约谈, 曝光, 典型案例 and 移送司法 of the drawn enterprises."""
    ents, counties, rnd, now, today, counts = run.enterprises, run.counties, run.rnd, run.now, run.today, run.counts
    from .choices import MeasureKind
    from .models import Measure

    notes = {MeasureKind.INTERVIEW: "约谈企业主要负责人，督促落实隐患整改", MeasureKind.EXPOSURE: "在县融媒体中心曝光重大违法行为",
             MeasureKind.TYPICAL_REPORTED: "结合本案开展警示教育", MeasureKind.JUDICIAL_TRANSFER: "涉嫌危险作业罪，移送县公安局"}
    kinds, weights = list(notes), [60, 25, 10, 5]
    table = bulkload.Table(Measure, ["id", "kind", "date", "enterprise", "region", "department", "note", "created_at",
                            "updated_at", "void_reason"])
    for e in bulkload.pick(ents, rnd, total):
        day = bulkload.date_in_years(rnd, today, 1)
        kind = rnd.choices(kinds, weights=weights)[0]
        at = datetime.datetime.combine(day, datetime.time(2), tzinfo=now.tzinfo)  # 10:00 in China
        table.add((table.new_id(), kind, day, e.pk, e.region_id, counties[e.county].bureau.pk, notes[kind], at, at,
                   ""))
    counts["measures"] = table.close()
    run.say(f"执法案件 {counts.get('cases', 0):,}（处罚 {counts.get('penalties', 0):,}），措施 {counts['measures']:,}")
