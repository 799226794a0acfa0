"""Sample narrative texts for tests and the permission matrix."""

from yingji.platform.core.testing import sample_factory

from .models import ReportNarrative


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
