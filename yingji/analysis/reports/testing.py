"""Sample narrative texts for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory

from .models import BaselineFigure, ReportNarrative


@sample_factory(ReportNarrative)
def make_report_narrative(world, region, **kw):
    kw.setdefault("section", "problems")
    kw.setdefault("text", "一是基层应急管理力量还需进一步加强。")
    if "year" not in kw:  # one text per region, year and section: take the latest year still free
        taken = set(ReportNarrative.objects.filter(region=region, section=kw["section"], voided_at__isnull=True)
                    .values_list("year", flat=True))
        kw["year"] = next(y for y in range(2023, 1999, -1) if y not in taken) if len(taken) < 24 else \
            next(y for y in range(2100, 2023, -1) if y not in taken)
    return ReportNarrative.objects.create(region=region, **kw)


@sample_factory(BaselineFigure)
def make_baseline_figure(world, region, **kw):
    kw.setdefault("indicator", "accidents")
    kw.setdefault("value", 15)
    kw.setdefault("source", "2022年安全生产统计年报")
    if "year" not in kw:  # one figure per region, year and indicator: take the latest year still free
        taken = set(BaselineFigure.objects.filter(region=region, indicator=kw["indicator"], voided_at__isnull=True)
                    .values_list("year", flat=True))
        kw["year"] = next(y for y in range(2022, 1999, -1) if y not in taken) if len(taken) < 23 else \
            next(y for y in range(2100, 2022, -1) if y not in taken)
    return BaselineFigure.objects.create(region=region, **kw)
