"""Demo data: five years of relief batches received by the demo county and what was paid out of them to villagers.

Deterministic (ctx.random). Every batch is paid out only in part, so no
batch is overdrawn; the later batches of the current year are still being paid out. Each year also has the county's
民房保险 policy (10元 a household, paid by the government) and the claims paid under it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register
from yingji.platform.core.validators import with_id_check_character

from .choices import FundKind, FundLevel, RecipientKind, ReliefCategory

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许"
GIVEN = "建国秀英桂兰志强海燕玉梅春花永福金水德明美娟国平小红文华阿土根宝"
# (level, category, name pattern, month, amount range in 万元, linked to a disaster event)
BATCHES = [
    (FundLevel.CENTRAL, ReliefCategory.WINTER_SPRING, "{y}—{y1}年度中央自然灾害冬春救助资金", 12, (40, 90), False),
    (FundLevel.PROVINCE, ReliefCategory.EMERGENCY, "{y}年省级自然灾害救灾资金（应急救助）", None, (20, 60), True),
    (FundLevel.CITY, ReliefCategory.TRANSITIONAL, "{y}年市级过渡期生活救助资金", None, (8, 20), True),
    (FundLevel.COUNTY, ReliefCategory.REBUILD, "{y}年县级倒损民房恢复重建补助资金", None, (15, 40), True),
    (FundLevel.COUNTY, ReliefCategory.HOUSE_FIRE, "{y}年县级家庭火灾事故基本生活救助资金", 3, (3, 8), False),
]
PER_PAYMENT = {ReliefCategory.WINTER_SPRING: (500, 1500), ReliefCategory.EMERGENCY: (800, 3000),
               ReliefCategory.TRANSITIONAL: (600, 1800), ReliefCategory.REBUILD: (8000, 30000),
               ReliefCategory.HOUSE_FIRE: (2000, 6000)}


def _id_number(rnd, county_code, year):
    born = datetime.date(year - rnd.randint(25, 85), rnd.randint(1, 12), rnd.randint(1, 28))
    return with_id_check_character(f"{county_code[:6]}{born:%Y%m%d}{rnd.randint(100, 999)}")


@register(order=75)
def build_relief(ctx):
    from yingji.disaster.losses.models import DisasterEvent

    from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment

    rnd = ctx.random
    county = ctx.county
    if ReliefFund.objects.filter(region=county).exists():
        return
    today = timezone.localdate()
    officer = ctx.users.get("disaster") if getattr(ctx, "users", None) else None
    admin = ctx.users.get("admin") if getattr(ctx, "users", None) else None
    villages = list(ctx.villages) or list(ctx.townships)
    tz = timezone.get_current_timezone()
    for year in range(today.year - 4, today.year + 1):
        events = list(DisasterEvent.objects.filter(region=county, started_at__year=year).order_by("started_at"))
        for n, (level, category, pattern, month, (lo, hi), by_event) in enumerate(BATCHES, start=1):
            event = rnd.choice(events) if by_event and events else None
            if by_event and event is None:
                continue
            if event is not None:
                received = timezone.localtime(event.started_at, tz).date() + datetime.timedelta(days=rnd.randint(7, 25))
            else:
                received = datetime.date(year, month, rnd.randint(1, 20))
            if received > today - datetime.timedelta(days=3):
                continue
            amount = Decimal(rnd.randint(lo, hi) * 10000)
            fund = ReliefFund(name=pattern.format(y=year, y1=year + 1), level=level, kind=FundKind.MONEY,
                              category=category, amount=amount, received_on=received, region=county, event=event,
                              document_no=f"{'财建' if level == FundLevel.CENTRAL else '应急'}〔{year}〕{10 + n * 7}号",
                              created_by=admin)
            fund.save()
            share = Decimal(rnd.randint(60, 95)) / 100
            left = amount * share
            p_lo, p_hi = PER_PAYMENT[category]
            for _i in range(40):
                each = Decimal(rnd.randint(p_lo, p_hi) // 100 * 100)
                if each > left:
                    break
                paid = received + datetime.timedelta(days=rnd.randint(3, 60))
                if paid > today:
                    break
                household = category in (ReliefCategory.REBUILD, ReliefCategory.HOUSE_FIRE) or rnd.random() < 0.7
                ReliefPayment(
                    fund=fund, recipient_kind=RecipientKind.HOUSEHOLD if household else RecipientKind.PERSON,
                    recipient_name=rnd.choice(SURNAMES) + "".join(rnd.sample(GIVEN, 2)),
                    id_number=_id_number(rnd, county.code, year), phone=f"13{rnd.randint(100000000, 999999999)}",
                    region=rnd.choice(villages), category=category,
                    person_times=rnd.randint(1, 5) if household else 1, amount=each, paid_on=paid,
                    created_by=officer).save()
                left -= each

        households = len(villages) * rnd.randint(280, 320)
        policy = HousingInsurancePolicy(year=year, region=county, insurer="中国人民财产保险股份有限公司县支公司",
                                        policy_no=f"PQHA{year}33109900{rnd.randint(1000, 9999)}",
                                        premium=Decimal(households * 10), insured_households=households,
                                        created_by=admin)
        policy.save()
        for _i in range(rnd.randint(8, 25)):
            paid = datetime.date(year, rnd.randint(6, 12), rnd.randint(1, 28))
            if paid > today:
                continue
            HousingInsuranceClaim(
                policy=policy, household_name=rnd.choice(SURNAMES) + "".join(rnd.sample(GIVEN, 2)),
                id_number=_id_number(rnd, county.code, year), phone=f"13{rnd.randint(100000000, 999999999)}",
                region=rnd.choice(villages), amount=Decimal(rnd.randint(10, 300) * 100), paid_on=paid,
                created_by=officer).save()
