"""Demo data: an officer (A角) in nearly every village of the demo county, a B角 in some, one per township office,
and five years of training (the county's yearly course and townships' own sessions). Deterministic (ctx.random)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import OfficerRole

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"
GIVEN = "建军丽华晓东海波春燕志明秀芳永强玉兰卫东"
COURSES = ["灾情统计报送业务培训", "国家自然灾害灾情管理系统操作培训", "汛期灾情报送与核查评估培训",
           "灾害风险隐患排查与预警信息传递培训"]


@register(order=76)
def build_officers(ctx):
    from .models import DisasterInfoOfficer, TrainingRecord

    rnd = ctx.random
    if DisasterInfoOfficer.objects.filter(region__in=ctx.townships).exists():
        return
    today = timezone.localdate()
    creator = ctx.users.get("disaster") if getattr(ctx, "users", None) else None

    def person():
        return rnd.choice(SURNAMES) + "".join(rnd.sample(GIVEN, 2))

    def phone():
        return f"1{rnd.choice('3589')}{rnd.randint(100000000, 999999999)}"

    officers = []
    for township in ctx.townships:
        officers.append(DisasterInfoOfficer(name=person(), phone=phone(), region=township, role=OfficerRole.A,
                                            organisation=f"{township.name}应急管理办公室", created_by=creator,
                                            appointed_on=datetime.date(today.year - 5, 3, 1)))
    for village in ctx.villages:
        if rnd.random() < 0.06:
            continue  # a few villages still have no officer: the coverage page shows them
        roles = [OfficerRole.A, OfficerRole.B] if rnd.random() < 0.35 else [OfficerRole.A]
        for role in roles:
            officers.append(DisasterInfoOfficer(
                name=person(), phone=phone(), region=village, role=role, organisation=f"{village.name}村民委员会",
                appointed_on=datetime.date(today.year - rnd.randint(0, 5), rnd.randint(1, 12), 1),
                active=rnd.random() > 0.03, created_by=creator))
    for officer in officers:
        officer.save()
    for year in range(today.year - 4, today.year + 1):
        county_day = datetime.date(year, 4, rnd.randint(10, 28))
        for officer in officers:
            if officer.appointed_on and officer.appointed_on > county_day:
                continue
            if county_day <= today and rnd.random() < 0.8:
                TrainingRecord(officer=officer, trained_on=county_day, course=rnd.choice(COURSES[:2]),
                               hours=Decimal("4"), organiser="县应急管理局", created_by=creator).save()
            autumn = datetime.date(year, 10, rnd.randint(8, 25))
            if autumn <= today and rnd.random() < 0.3:
                TrainingRecord(officer=officer, trained_on=autumn, course=rnd.choice(COURSES[2:]),
                               hours=Decimal("2"), organiser=f"{(officer.region.parent if officer.region.level == 5 else officer.region).name}应急办", created_by=creator).save()
