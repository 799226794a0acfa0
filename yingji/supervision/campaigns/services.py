"""专项行动: the picker that attributes a record to a campaign, and a campaign's own figures (inspections/campaigns.py
until the split, issue 8).

A record (an inspection, a hazard, an enforcement case, a penalty, a 约谈/曝光/典型案例 measure) is attributed to a
campaign through its nullable `campaign`. The picker offers the campaigns the user may see (his region's, those
under it and those of the regions above it: Campaign.objects.restrict) that are in force on the record's date;
the model's clean() refuses, in Chinese, a campaign whose period does not hold the record's date or whose region
does not hold the record's enterprise (the web form, the API and the ledger import share it).

The figures are computed from the attributed records by the same rule as the statistics' ?campaign= (each model's
`stats_filters`, core.stats.narrow), so the campaign's page, 安全监管统计, 检查统计 and 执法统计 agree.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from yingji.platform.core.phrasing import percent, wan, wan_text, yuan
from yingji.platform.core.stats import narrow

from .models import Campaign


def campaigns_on(user, day=None):
    """The campaigns `user` may attribute a record of `day` to (today by default)."""
    day = day or timezone.localdate()
    return Campaign.objects.restrict(user, "view").active_on(day).order_by("-start_date", "name")


def limit_campaign_field(form, user, *, date_field=None, day=None, name="campaign"):
    """Offer in `form.fields[name]` the campaigns in force on the record's date (`day`, or the record's own
    `date_field`, or today); the record's current campaign stays in the list. A submitted form accepts any
    campaign the user may see, so that one of another period or region is refused by the model's clean() with the
    reason (“日期 … 不在专项行动期间”) rather than as an unknown choice."""
    field = form.fields.get(name)
    if field is None or user is None:
        return
    if form.is_bound:
        field.queryset = Campaign.objects.restrict(user, "view").active()
        return
    instance = getattr(form, "instance", None)
    if day is None and date_field:
        day = getattr(instance, date_field, None)
    qs = campaigns_on(user, day)
    current = getattr(instance, f"{name}_id", None)
    if current:
        qs = Campaign.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk=current)).order_by("-start_date", "name")
    field.queryset = qs


def _may(user, model):
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def campaign_figures(campaign, user):
    """The campaign's own figures from the records `user` may see (restrict), not voided; a figure of records he
    may not view is None. Money in 元 (strings to the fen) and in 万元, as the bureaus report fines."""
    from yingji.supervision.enforcement.choices import MONEY_PENALTIES, MeasureKind, PenaltyKind
    from yingji.supervision.enforcement.models import EnforcementCase, Measure, Penalty
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.choices import HazardLevel, HazardSource, HazardState
    from yingji.supervision.hazards.models import Hazard
    from yingji.supervision.inspections.choices import InspectionKind
    from yingji.supervision.inspections.models import Inspection

    params = {"campaign": campaign}
    f = {"period": (campaign.start_date, campaign.end_date), "region": campaign.region}

    covered = narrow(Enterprise.objects.restrict(user, "view").active(), params)
    places = campaign.places.all()
    f["enterprises_covered"] = covered.count() if _may(user, Enterprise) else None
    f["places_covered"] = places.count()
    f["places_inspected"] = places.filter(inspected_on__isnull=False).count()

    if _may(user, Inspection):
        inspections = narrow(Inspection.objects.restrict(user, "view").active(), params)
        f["inspections"] = inspections.count()
        inspected = inspections.values("enterprise_id").distinct()
        f["enterprises_inspected"] = inspected.count()
        f["inspections_by_kind"] = {str(InspectionKind(k).label): n for k, n in inspections.order_by().values_list(
            "kind").annotate(n=Count("pk")).order_by("kind")}
        f["covered_inspected"] = covered.filter(pk__in=inspected).count() if f["enterprises_covered"] else 0
        f["coverage_rate"] = percent(f["covered_inspected"], f["enterprises_covered"]) \
            if f["enterprises_covered"] else None
    else:
        f.update(inspections=None, enterprises_inspected=None, covered_inspected=None, coverage_rate=None,
                 inspections_by_kind={})

    if _may(user, Hazard):
        hazards = narrow(Hazard.objects.restrict(user, "view").active(), params)
        closed, major = Q(state=HazardState.CLOSED), Q(level=HazardLevel.MAJOR)
        h = hazards.aggregate(found=Count("pk"), rectified=Count("pk", filter=closed),
                              major_found=Count("pk", filter=major), major_rectified=Count("pk", filter=major & closed),
                              **{f"source_{s.value}": Count("pk", filter=Q(source=s.value)) for s in HazardSource})
        f["hazards_found"], f["hazards_rectified"] = h["found"], h["rectified"]
        f["major_hazards_found"], f["major_hazards_rectified"] = h["major_found"], h["major_rectified"]
        f["rectification_rate"] = percent(h["rectified"], h["found"])
        f["hazards_by_source"] = [{"key": s.value, "label": str(s.label), "value": h[f"source_{s.value}"]}
                                  for s in HazardSource if h[f"source_{s.value}"]]
    else:
        f.update(hazards_found=None, hazards_rectified=None, major_hazards_found=None,
                 major_hazards_rectified=None, rectification_rate=None, hazards_by_source=[])

    if _may(user, EnforcementCase):
        cases = narrow(EnforcementCase.objects.restrict(user, "view").active(), params)
        f["cases"] = cases.filter(filed_on__isnull=False).count()
        penalties = narrow(Penalty.objects.restrict(user, "view").active()
                           .filter(case__voided_at__isnull=True), params)
        p = penalties.aggregate(n=Count("pk"), fines=Sum("amount", filter=Q(kind=PenaltyKind.FINE)),
                                money=Sum("amount", filter=Q(kind__in=MONEY_PENALTIES)))
        fines = p["fines"] or Decimal(0)
        f["penalties"], f["fines"], f["fines_wan"] = p["n"], yuan(fines), str(wan(fines))
        f["fines_wan_text"] = wan_text(fines)
        f["money"] = yuan(p["money"] or Decimal(0))
        measures = narrow(Measure.objects.restrict(user, "view").active(), params)
        m = measures.aggregate(**{key: Count("pk", filter=Q(kind=kind)) for key, kind in (
            ("interviews", MeasureKind.INTERVIEW), ("exposures", MeasureKind.EXPOSURE),
            ("typical_reported", MeasureKind.TYPICAL_REPORTED),
            ("typical_published", MeasureKind.TYPICAL_PUBLISHED))})
        f.update(m)
    else:
        f.update(cases=None, penalties=None, fines=None, fines_wan=None, fines_wan_text=None, money=None,
                 interviews=None, exposures=None, typical_reported=None, typical_published=None)
    return f
