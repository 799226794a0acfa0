"""救助统计: "救助X人次，发放Y万元" by category for a period, and the funds received, through restrict(user)."""

from decimal import Decimal

from django.db.models import Count, Sum

from yingji.platform.core.phrasing import wan, wan_text
from yingji.platform.regions.models import Region

from .choices import FundKind, FundLevel, ReliefCategory
from .models import ReliefFund, ReliefPayment


def phrase(person_times, yuan):
    return f"救助{person_times}人次，发放{wan_text(yuan)}万元"


def payments_in(user, start, end, region=None):
    qs = ReliefPayment.objects.restrict(user).filter(voided_at__isnull=True, paid_on__gte=start, paid_on__lte=end)
    if region is not None:
        qs = qs.filter(region__in=Region.objects.subtree(region).values("pk"))
    return qs


def funds_in(user, start, end, region=None):
    qs = ReliefFund.objects.restrict(user).filter(voided_at__isnull=True, received_on__gte=start, received_on__lte=end)
    if region is not None:
        qs = qs.filter(region__in=Region.objects.subtree(region).values("pk"))
    return qs


def relief_stats(user, start, end, region=None):
    """JSON-ready figures: payments by category and in total, money funds received by level (two queries each)."""
    payments = payments_in(user, start, end, region)
    rows = {c: (n, p, a) for c, n, p, a in payments.values_list("category").annotate(
        n=Count("pk"), p=Sum("person_times"), a=Sum("amount")).order_by()}
    by_category = []
    total_n, total_p, total_a = 0, 0, Decimal(0)
    for c in ReliefCategory:
        n, p, a = rows.get(c.value, (0, 0, Decimal(0)))
        p, a = p or 0, a or Decimal(0)
        total_n, total_p, total_a = total_n + n, total_p + p, total_a + a
        by_category.append({"category": c.value, "label": str(c.label), "payments": n, "person_times": p,
                            "amount": str(a), "amount_wan": str(wan(a)), "text": phrase(p, a)})
    funds = funds_in(user, start, end, region).filter(kind=FundKind.MONEY)
    levels = {lv: (n, a) for lv, n, a in funds.values_list("level").annotate(n=Count("pk"), a=Sum("amount")).order_by()}
    by_level = []
    fund_n, fund_a = 0, Decimal(0)
    for lv in FundLevel:
        n, a = levels.get(lv.value, (0, Decimal(0)))
        a = a or Decimal(0)
        fund_n, fund_a = fund_n + n, fund_a + a
        by_level.append({"level": lv.value, "label": str(lv.label), "batches": n, "amount": str(a),
                         "amount_wan": str(wan(a))})
    received = (funds_in(user, start, end, region).select_related("region")
                .order_by("received_on", "id"))
    results = [{"id": f.pk, "name": f.name, "document_no": f.document_no, "level": f.level, "kind": f.kind,
                "category": f.category, "amount": str(f.amount), "goods_name": f.goods_name,
                "goods_quantity": str(f.goods_quantity), "goods_unit": f.goods_unit,
                "received_on": f.received_on.isoformat(), "region_name": f.region.name,
                "url": f.get_absolute_url()} for f in received]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "region": region.pk if region is not None else None,
        "payments": {"count": total_n, "person_times": total_p, "amount": str(total_a),
                     "amount_wan": str(wan(total_a)), "text": phrase(total_p, total_a)},
        "by_category": by_category,
        "funds": {"batches": fund_n, "amount": str(fund_a), "amount_wan": str(wan(fund_a)),
                  "text": f"接收救灾资金{fund_n}批次{wan_text(fund_a)}万元"},
        "funds_by_level": by_level,
        "results": results,
    }
