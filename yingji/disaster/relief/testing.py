"""Sample relief funds and payments for tests and the permission matrix."""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.testing import sample_factory

from .choices import FundLevel, ReliefCategory
from .models import HousingInsuranceClaim, HousingInsurancePolicy, ReliefFund, ReliefPayment


@sample_factory(ReliefFund)
def make_relief_fund(world, region, **kw):
    kw.setdefault("name", "样例中央自然灾害救灾资金")
    kw.setdefault("level", FundLevel.CENTRAL)
    kw.setdefault("category", ReliefCategory.EMERGENCY)
    kw.setdefault("amount", Decimal("100000"))
    kw.setdefault("received_on", timezone.localdate() - datetime.timedelta(days=30))
    return ReliefFund.objects.create(region=region, **kw)


@sample_factory(ReliefPayment)
def make_relief_payment(world, region, **kw):
    fund = kw.pop("fund", None) or make_relief_fund(world, region)
    kw.setdefault("recipient_name", "王大伯")
    kw.setdefault("id_number", "331099195601011234")
    kw.setdefault("phone", "13912345678")
    kw.setdefault("category", fund.category)
    kw.setdefault("person_times", 3)
    kw.setdefault("amount", Decimal("2000"))
    kw.setdefault("paid_on", timezone.localdate() - datetime.timedelta(days=10))
    return ReliefPayment.objects.create(fund=fund, region=region, **kw)


@sample_factory(HousingInsurancePolicy)
def make_housing_policy(world, region, **kw):
    kw.setdefault("year", timezone.localdate().year)
    kw.setdefault("insurer", "中国人保财险安澜支公司")
    kw.setdefault("premium", Decimal("145000"))
    kw.setdefault("insured_households", 14500)
    return HousingInsurancePolicy.objects.create(region=region, **kw)


@sample_factory(HousingInsuranceClaim)
def make_housing_claim(world, region, **kw):
    policy = kw.pop("policy", None) or make_housing_policy(world, region)
    kw.setdefault("household_name", "周阿公")
    kw.setdefault("id_number", "331099194802081234")
    kw.setdefault("phone", "13612345678")
    kw.setdefault("amount", Decimal("3200"))
    kw.setdefault("paid_on", datetime.date(policy.year, 8, 1))
    return HousingInsuranceClaim.objects.create(policy=policy, region=region, **kw)
