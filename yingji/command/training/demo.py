"""Demo data: three years of training sessions (企业主要负责人和安全管理人员, 特种作业, 乡镇干部, 灾害信息员, 应急第一响应人,
公众) and publicity activities (安全生产月, 5·12, 10·13, 119, the "五进") across the demo county. Deterministic."""

import datetime
from decimal import Decimal

from django.utils import timezone

from yingji.platform.core.demodata import register

from .choices import Audience, Campaign, TrainingMode, Venue

COURSES = [
    ("危险化学品企业主要负责人安全生产知识和管理能力培训", Audience.PRINCIPAL, 16, (30, 80)),
    ("工贸企业安全生产管理人员培训", Audience.SAFETY_MANAGER, 16, (40, 120)),
    ("特种作业人员（电工、焊工）复审培训", Audience.SPECIAL_OPERATION, 8, (30, 90)),
    ("乡镇（街道）应急管理干部能力提升培训", Audience.TOWNSHIP_CADRE, 8, (20, 60)),
    ("灾害信息员业务培训", Audience.INFO_OFFICER, 4, (50, 200)),
    ("应急第一响应人培训", Audience.FIRST_RESPONDER, 6, (30, 100)),
    ("企业从业人员安全生产教育", Audience.EMPLOYEE, 4, (50, 300)),
    ("社区居民应急救护知识培训", Audience.PUBLIC, 2, (40, 150)),
]
ACTIVITIES = [
    (Campaign.SAFETY_MONTH, 6, "安全生产月宣传咨询日", (Venue.PUBLIC_PLACE, Venue.ENTERPRISE)),
    (Campaign.DISASTER_DAY, 5, "5·12防灾减灾日主题宣传", (Venue.COMMUNITY, Venue.SCHOOL, Venue.VILLAGE)),
    (Campaign.INTERNATIONAL_DAY, 10, "国际减灾日科普宣传", (Venue.SCHOOL, Venue.COMMUNITY)),
    (Campaign.FIRE_DAY, 11, "119消防宣传月活动", (Venue.HOME, Venue.COMMUNITY, Venue.ENTERPRISE)),
    (Campaign.ROUTINE, None, "安全生产和防灾减灾“五进”宣传", (Venue.ENTERPRISE, Venue.VILLAGE, Venue.COMMUNITY,
                                                          Venue.SCHOOL, Venue.HOME)),
]


@register(order=82)
def build_training(ctx):
    from .models import PublicityActivity, TrainingSession

    if not getattr(ctx, "county", None) or TrainingSession.objects.filter(region=ctx.county).exists():
        return
    rnd = ctx.random
    today = timezone.localdate()
    users = getattr(ctx, "users", {}) or {}
    creator = users.get("admin")
    offices = getattr(ctx, "offices", []) or []
    for year in range(today.year - 2, today.year + 1):
        for topic, audience, hours, (lo, hi) in COURSES:
            for _i in range(rnd.randint(1, 3)):
                day = datetime.date(year, rnd.randint(2, 11), rnd.randint(1, 28))
                if day > today:
                    continue
                at_county = audience in (Audience.PRINCIPAL, Audience.SAFETY_MANAGER, Audience.SPECIAL_OPERATION)
                i = rnd.randrange(len(ctx.townships))
                region = ctx.county if at_county else ctx.townships[i]
                organiser = ctx.bureau if at_county or i >= len(offices) else offices[i]
                trained = rnd.randint(lo, hi)
                passed = trained - rnd.randint(0, max(1, trained // 15)) if at_county else None
                TrainingSession(topic=f"{year}年{topic}", audience=audience, held_on=day, hours=Decimal(hours),
                                mode=rnd.choice([TrainingMode.ONSITE, TrainingMode.ONSITE, TrainingMode.ONLINE]),
                                trained=trained, passed=passed, certified=passed if audience in (
                                    Audience.PRINCIPAL, Audience.SAFETY_MANAGER, Audience.SPECIAL_OPERATION) else None,
                                organiser=organiser, region=region, created_by=creator).save()
        for campaign, month, title, venues in ACTIVITIES:
            for i, township in enumerate(ctx.townships):
                if rnd.random() < 0.25:
                    continue
                m = month or rnd.randint(3, 11)
                day = datetime.date(year, m, rnd.randint(1, 28))
                if day > today:
                    continue
                venue = rnd.choice(venues)
                PublicityActivity(title=f"{township.name}{title}", campaign=campaign, venue=venue, held_on=day,
                                  organiser=offices[i] if i < len(offices) else ctx.bureau, region=township,
                                  reached=rnd.randint(80, 2500), materials=rnd.choice([0, 200, 500, 800, 1500]),
                                  note="发放宣传手册，现场讲解应急避险和自救互救知识", created_by=creator).save()
