"""安全监管统计: the supervision figures of a period and region (and the parameters domains add, such as the
inspections' 专项行动), beside the same period last year (同比).

The figures come from the registry in yingji.platform.core.dashboard: each domain's dashboard.py contributes the
statistics of its own records, computed by the domain's own statistics code, so the dashboard and the modules'
pages never disagree, and this module imports no domain. Each figure carries the URL of the list of exactly the
records behind it, with the list's own filters (tests/test_links.py fetches every one and compares).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard
from yingji.platform.core.filtersets import filter_subtree
from yingji.platform.core.phrasing import percent
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


def dashboard_stats(user, start, end, region=None, **params):
    """The dashboard's figures (JSON-ready). region: a Region in the user's scope (None: his whole scope);
    params: the values of the registered parameters (campaign=...), absent ones None."""
    if end < start:
        raise ValueError(_("结束日期不能早于开始日期"))
    values = {p.name: params.get(p.name) for p in dashboard.parameters()}
    req = dashboard.DashboardRequest(user, start, end, region, values, timezone.localdate())
    providers = dashboard.providers()
    parts = {p.key: p.build(req) for p in providers}
    last_start, last_end = req.previous

    trend = []
    for y, m in dashboard.months_between(start, end):
        key, last_key = f"{y}-{m:02d}", f"{y - 1}-{m:02d}"
        row = {"month": key}
        for part in parts.values():
            for series, months in part.monthly.items():
                row[series], row[f"last_year_{series}"] = months.get(key, 0), months.get(last_key, 0)
        trend.append(row)

    # by township: the townships of the region (or of the user's scope), one column per contribution
    townships = filter_subtree(Region.objects.restrict(user).active().filter(level=Level.TOWNSHIP), "", region)
    n = dashboard.township_prefix()
    township_rows = []
    for t in townships.order_by("code"):
        row = {"id": t.pk, "code": t.code, "name": t.name}
        for part in parts.values():
            for column, col in part.townships.items():
                row[column], row[f"{column}_url"] = col.counts.get(t.code[:n], 0), col.url(t)
            for column, (num, den) in part.township_rates.items():
                row[column] = percent(row[num], row[den])
        township_rows.append(row)

    payload = {
        "start": start.isoformat(), "end": end.isoformat(),
        "last_year": {"start": last_start.isoformat(), "end": last_end.isoformat()},
        "region": {"id": region.pk, "code": region.code, "name": region.name} if region is not None else None,
        "can": {p.key: user.has_perm(p.permission) for p in providers},
        "results": [f for part in parts.values() for f in part.headline],
        **{key: part.data for key, part in parts.items()},
        "by_month": trend, "by_township": township_rows,
        "generated_at": timezone.now().isoformat(),
    }
    for name, value in values.items():  # a record (专项行动) by id and name, a value (来源) as it is
        payload[name] = ({"id": value.pk, "name": str(value)} if hasattr(value, "pk") else value) \
            if value is not None else None
    return payload
