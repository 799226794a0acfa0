"""Demo data: five years of natural-disaster events in the demo county, each township's 初报, 续报 and 核报.

Deterministic (ctx.random).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import DisasterType, LossReportKind

# (type, name pattern, month range, weight)
KINDS = [
    (DisasterType.FLOOD, "{m}·{d}暴雨洪涝", (5, 9), 5),
    (DisasterType.TYPHOON, "{y}年第{n}号台风", (7, 10), 3),
    (DisasterType.HAIL, "{m}·{d}风雹", (3, 8), 2),
    (DisasterType.LANDSLIDE, "{m}·{d}山体滑坡", (5, 9), 1),
    (DisasterType.DROUGHT, "{y}年夏秋连旱", (7, 8), 1),
    (DisasterType.LOW_TEMPERATURE, "{y}年初低温冷冻", (1, 2), 1),
]
TWO_PLACES = Decimal("0.01")


def _figures(rnd, factor):
    """A plausible set of indicators whose loss breakdown adds up."""
    people = int(rnd.randint(200, 4000) * factor)
    crop = (Decimal(rnd.randint(50, 2500)) / 10 * Decimal(factor)).quantize(TWO_PLACES)
    damaged = (crop * Decimal(rnd.randint(20, 60)) / 100).quantize(TWO_PLACES)
    failed = (damaged * Decimal(rnd.randint(0, 40)) / 100).quantize(TWO_PLACES)
    minor_h = int(rnd.randint(0, 20) * factor)
    severe_h = int(rnd.randint(0, 5) * factor)
    collapsed_h = int(rnd.randint(0, 2) * factor)
    parts = [(Decimal(rnd.randint(10, 8000)) / 10 * Decimal(factor)).quantize(TWO_PLACES) for _ in range(5)]
    parts[3] = (parts[3] / 10).quantize(TWO_PLACES)
    parts[4] = (parts[4] / 20).quantize(TWO_PLACES)
    return {
        "affected_population": people, "relocated": people // rnd.randint(5, 20),
        "need_relief": people // rnd.randint(20, 60), "crop_affected_ha": crop, "crop_damaged_ha": damaged,
        "crop_failed_ha": failed, "collapsed_households": collapsed_h, "collapsed_rooms": collapsed_h * 3,
        "severe_households": severe_h, "severe_rooms": severe_h * 2, "minor_households": minor_h,
        "minor_rooms": minor_h * 2, "loss_agriculture": parts[0], "loss_housing": parts[1],
        "loss_infrastructure": parts[2], "loss_public_services": parts[3], "loss_other": parts[4],
        "direct_loss": sum(parts, Decimal(0)),
    }


@register(order=70)
def build_disasters(ctx):
    from .models import DisasterEvent, LossReport

    rnd = ctx.random
    county = ctx.county
    if DisasterEvent.objects.filter(region=county).exists():
        return
    now = timezone.now()
    tz = timezone.get_current_timezone()
    this_year = timezone.localdate().year
    officer = ctx.users.get("disaster") if getattr(ctx, "users", None) else None
    weights = [k[3] for k in KINDS]
    for year in range(this_year - 4, this_year + 1):
        typhoon_no = 0
        for _i in range(rnd.randint(2, 4)):
            kind, pattern, (m1, m2), _w = rnd.choices(KINDS, weights=weights)[0]
            month, day = rnd.randint(m1, m2), rnd.randint(1, 28)
            start = datetime.datetime(year, month, day, rnd.randint(0, 23), tzinfo=tz)
            if start > now - datetime.timedelta(days=20):
                continue
            typhoon_no += kind == DisasterType.TYPHOON
            event = DisasterEvent(
                name=pattern.format(y=year, m=month, d=day, n=rnd.randint(3, 14)), disaster_type=kind,
                started_at=start, ended_at=start + datetime.timedelta(days=rnd.randint(1, 3)),
                stable_at=start + datetime.timedelta(days=rnd.randint(4, 7)), region=county,
                summary="受强降雨影响，部分乡镇出现内涝、农田受淹、道路塌方。" if kind == DisasterType.FLOOD else "")
            event.save()
            hit = rnd.sample(ctx.townships, k=rnd.randint(2, min(6, len(ctx.townships))))
            event.townships.set(hit)
            follow_every = 240 if kind == DisasterType.DROUGHT else 24
            for township in hit:
                at = start + datetime.timedelta(minutes=rnd.choice([50, 80, 100, 115, 140]))
                LossReport(event=event, region=township, kind=LossReportKind.INITIAL, reported_at=at,
                           reporter=officer.full_name if officer else "", created_by=officer,
                           **_figures(rnd, 0.5)).save()
                for step in range(rnd.randint(1, 3)):
                    at += datetime.timedelta(hours=follow_every + rnd.choice([-2, -1, 0, 1, 3]))
                    LossReport(event=event, region=township, kind=LossReportKind.FOLLOW_UP, reported_at=at,
                               reporter=officer.full_name if officer else "", created_by=officer,
                               **_figures(rnd, 0.8 + 0.1 * step)).save()
                verified_at = max(at, event.stable_at) + datetime.timedelta(days=rnd.randint(1, 3))
                LossReport(event=event, region=township, kind=LossReportKind.VERIFIED, reported_at=verified_at,
                           reporter=officer.full_name if officer else "", created_by=officer,
                           **_figures(rnd, 1)).save()
