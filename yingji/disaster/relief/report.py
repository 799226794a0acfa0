"""The annual report's paragraph on relief (救灾救助): money received by batch and level, and relief paid by
category in the bureaus' phrasing "救助X人次，发放Y万元"; each figure links to its filtered list."""

from decimal import Decimal

from django.db.models import Count, Sum

from yingji.platform.core.phrasing import wan
from yingji.platform.core.reports import Figure, P, register_section

from .choices import FundKind, FundLevel, ReliefCategory
from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


def relief_section(ctx):
    paragraphs = _payments(ctx)
    insurance = _insurance(ctx)
    return paragraphs + insurance if paragraphs else insurance


def _insurance(ctx):
    """民房保险：投保N户，保费Y万元；理赔N户，赔款Y万元."""
    if not ctx.can_view(HousingInsurancePolicy):
        return []
    policies = ctx.scoped(HousingInsurancePolicy).filter(year=ctx.year).aggregate(
        n=Count("pk"), households=Sum("insured_households"), premium=Sum("premium"))
    if not policies["n"]:
        return []
    region = {"region": ctx.region.pk} if ctx.region.level >= 4 else {}
    link = ctx.link("relief:housinginsurancepolicy_list", year=ctx.year, **region)
    items = ["推进农村住房灾害保险，", Figure(policies["households"] or 0, "户", "民房保险参保户数", link),
             "农户参保，保费", Figure(wan(policies["premium"]), "万元", "民房保险保费", link)]
    if ctx.can_view(HousingInsuranceClaim):
        claims = ctx.records(HousingInsuranceClaim, "paid_on").aggregate(n=Count("pk"), a=Sum("amount"))
        if claims["n"]:
            clink = ctx.link("relief:housinginsuranceclaim_list", **ctx.date_params("paid_after", "paid_before"),
                             **region)
            items += [f"；{ctx.whole_text}受理赔付因灾民房受损群众", Figure(claims["n"], "户", "民房保险理赔户数", clink),
                      "，赔款", Figure(wan(claims["a"]), "万元", "民房保险赔款", clink)]
    items.append("。")
    return [P(*items)]


def _payments(ctx):
    if not ctx.can_view(ReliefPayment):
        return []
    payments = ctx.records(ReliefPayment, "paid_on")
    dates = ctx.date_params("paid_after", "paid_before")
    region = {"region": ctx.region.pk} if ctx.region.level >= 4 else {}
    rows = {c: (p or 0, a or Decimal(0)) for c, p, a in payments.values_list("category").annotate(
        p=Sum("person_times"), a=Sum("amount")).order_by()}
    items = []
    if ctx.can_view(ReliefFund):
        funds = ctx.records(ReliefFund, "received_on").filter(kind=FundKind.MONEY)
        levels = {lv: (n, a or Decimal(0)) for lv, n, a in funds.values_list("level").annotate(
            n=Count("pk"), a=Sum("amount")).order_by()}
        if levels:
            fund_dates = ctx.date_params("received_after", "received_before")
            n = sum(v[0] for v in levels.values())
            total = sum((v[1] for v in levels.values()), Decimal(0))
            link = ctx.link("relief:relieffund_list", kind=FundKind.MONEY, **fund_dates, **region)
            items += [f"{ctx.whole_text}共接收各级救灾资金", Figure(n, "批次", "救灾资金批次", link),
                      Figure(wan(total), "万元", "救灾资金", link)]
            parts = [(lv, levels[lv.value]) for lv in FundLevel if lv.value in levels]
            if len(parts) > 1:
                items.append("，其中")
                for i, (lv, (_n, a)) in enumerate(parts):
                    items += (["、"] if i else []) + [str(lv.label), Figure(
                        wan(a), "万元", f"{lv.label}救灾资金",
                        ctx.link("relief:relieffund_list", kind=FundKind.MONEY, level=lv.value, **fund_dates,
                                 **region))]
            items.append("；")
    if not rows:
        if not items:
            return [P(f"{ctx.whole_text}{ctx.place}未登记救灾救助发放。")]
        return [P(*items, "尚未登记救助发放。")]
    total_p = sum(p for p, _a in rows.values())
    total_a = sum((a for _p, a in rows.values()), Decimal(0))
    link = ctx.link("relief:reliefpayment_list", **dates, **region)
    items += ["救助受灾群众", Figure(total_p, "人次", "救助人次", link), "，发放救助资金",
              Figure(wan(total_a), "万元", "救助资金发放", link)]
    cats = [(c, rows[c.value]) for c in ReliefCategory if c.value in rows]
    if len(cats) > 1:
        items.append("，其中")
        for i, (c, (p, a)) in enumerate(cats):
            clink = ctx.link("relief:reliefpayment_list", category=c.value, **dates, **region)
            items += (["；"] if i else []) + [f"{c.label}", Figure(p, "人次", f"{c.label}人次", clink), "、",
                                              Figure(wan(a), "万元", f"{c.label}金额", clink)]
    items.append("。")
    return [P(*items)]


register_section("relief", "救灾救助", 51, "二、主要工作", relief_section)
