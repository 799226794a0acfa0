"""Demo data: the inspector register, checklists, three years of inspections (most of the annual plans' planned
inspections: inspection_plans/demo.py; those of the campaign's period and enterprises attributed to it:
campaigns/demo.py) and a double-random draw in the demo county. Deterministic (ctx.random); the volume follows the
enterprises."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.platform.core.demodata import insert, register
from yingji.supervision.draws import services as draw_services
from yingji.supervision.enterprises.choices import Sector

from .choices import InspectionKind

YEARS = 3
OFFICERS = ["孙立", "钱明", "周建", "吴强", "郑华", "冯涛", "陈雷", "褚磊"]
FINDINGS = ["消防通道堆放杂物", "灭火器压力不足", "安全教育培训记录不全", "特种作业人员证书过期",
            "配电箱未上锁且无警示标识", "危化品仓库未设置可燃气体报警装置", "隐患排查治理台账未及时更新",
            "应急预案未按规定组织演练", "有限空间作业未检测气体", "叉车司机无证驾驶"]
CHECKLISTS = {
    Sector.HAZCHEM_USE: ("危险化学品使用企业安全检查表", [
        ("安全生产责任制是否建立并逐级落实", "《安全生产法》第二十二条"),
        ("重大危险源是否登记建档、定期检测评估并备案", "《安全生产法》第四十条"),
        ("危险化学品是否按禁忌要求分类分区储存", "《危险化学品安全管理条例》第二十四条"),
        ("可燃有毒气体报警装置是否完好并定期检定", "GB/T 50493"),
        ("特种作业人员是否持证上岗", "《安全生产法》第三十条"),
        ("事故应急预案是否备案并定期演练", "《生产安全事故应急条例》")]),
    Sector.INDUSTRY_TRADE: ("工贸企业安全检查表", [
        ("主要负责人和安全管理人员是否经考核合格", "《安全生产法》第二十七条"),
        ("粉尘涉爆场所除尘系统是否设置泄爆、隔爆装置", "《工贸企业重大事故隐患判定标准》"),
        ("有限空间作业是否执行先通风、再检测、后作业", "《工贸企业有限空间作业安全规定》"),
        ("设备安全防护装置是否齐全有效", "GB/T 8196"),
        ("隐患排查治理台账是否建立", "《安全生产法》第四十一条")]),
    Sector.GAS: ("城镇燃气企业安全检查表", [
        ("燃气经营许可证是否在有效期内", "《城镇燃气管理条例》第十五条"),
        ("气瓶是否定期检验并建立充装档案", "TSG 23"),
        ("燃气泄漏报警装置是否正常", "GB 50028"),
        ("从业人员是否经专业培训考核合格", "《城镇燃气管理条例》第十五条")]),
}


def _officers(ctx):
    """The demo's inspector register: the two demo inspectors and a squad of 执法队员, each with a certificate."""
    from yingji.platform.accounts.models import Role, User

    from .models import InspectorCertificate

    users = getattr(ctx, "users", {}) or {}
    section = (getattr(ctx, "sections", {}) or {}).get("应急管理综合行政执法队", ctx.bureau)
    group = Role.objects.select_related("group").get(code="enforcement").group
    officers = [u for k, u in users.items() if k in ("inspector", "inspector2")]
    for i, name in enumerate(OFFICERS, start=1):
        user = User.objects.filter(username=f"officer{i}").first()
        if user is None:
            user = User(username=f"officer{i}", full_name=name, region=ctx.county, organisation=section,
                        title="执法队员")
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        officers.append(user)
    # a township officer with an enforcement certificate: the draw keeps him away from his own township
    township_user = users.get("township")
    if township_user is not None:
        officers.append(township_user)
    today = timezone.localdate()
    for n, user in enumerate(officers, start=1):
        if not InspectorCertificate.objects.filter(user=user).exists():
            InspectorCertificate.objects.create(
                user=user, region=user.region, certificate_no=f"33109900{n:04d}", issued_by="浙江省人民政府",
                valid_from=today.replace(year=today.year - 4, month=1, day=1),
                valid_until=today.replace(year=today.year + 1, month=12, day=31))
    return [u for u in officers if u is not township_user], township_user


def _checklists(ctx):
    from .models import ChecklistItem, ChecklistTemplate

    templates = {}
    for sector, (name, items) in CHECKLISTS.items():
        template, created = ChecklistTemplate.objects.get_or_create(name=name, region=ctx.county,
                                                                    defaults={"sector": sector})
        if created:
            for i, (text, basis) in enumerate(items, start=1):
                ChecklistItem.objects.create(template=template, position=i, text=text, basis=basis)
        templates[sector] = template
    return templates


@register(order=50)
def build_inspections(ctx):
    from yingji.supervision.inspection_plans.models import PlannedInspection

    from .models import Inspection

    enterprises = getattr(ctx, "enterprises", None)
    if not enterprises or Inspection.objects.filter(enterprise__in=enterprises[:1]).exists():
        return
    rnd = ctx.random
    admin = (getattr(ctx, "users", {}) or {}).get("admin")
    officers, township_user = _officers(ctx)
    checklists = _checklists(ctx)
    today = timezone.localdate()
    by_id = {e.pk: e for e in enterprises}

    # the campaign of last year (campaigns/demo.py): 重大事故隐患专项排查整治 in the high-risk sectors, three months
    campaign = getattr(ctx, "campaign", None)
    campaign_ids = set(campaign.enterprises.values_list("pk", flat=True)) if campaign is not None else set()

    inspections, inspectors_of = [], []
    for plan_year in range(today.year - YEARS + 1, today.year + 1):
        # the county's plan of the year (inspection_plans.demo, order 48)
        for item in PlannedInspection.objects.filter(plan__region=ctx.county, plan__year=plan_year,
                                                     plan__voided_at__isnull=True).order_by("pk"):
            if plan_year == today.year and item.month >= today.month:
                continue
            if rnd.random() > 0.88:  # some planned inspections are not done
                continue
            e = by_id.get(item.enterprise_id)
            if e is None:
                continue
            day = datetime.date(plan_year, item.month, rnd.randint(1, 28))
            kind = rnd.choices([InspectionKind.ENFORCEMENT, InspectionKind.SPECIAL, InspectionKind.UNANNOUNCED,
                                InspectionKind.SUPERVISION], weights=[70, 15, 10, 5])[0]
            found = rnd.sample(FINDINGS, k=rnd.choice([0, 1, 1, 2, 3]))
            ordered = bool(found) and rnd.random() < 0.6
            in_period = e.pk in campaign_ids and campaign.start_date <= day <= campaign.end_date
            inspections.append(Inspection(
                enterprise=e, region_id=e.region_id, inspected_on=day, kind=kind, plan_item=item,
                campaign=campaign if in_period else None, checklist=checklists.get(e.sector),
                findings="\n".join(f"{i}. {f}" for i, f in enumerate(found, start=1)) or "未发现明显问题。",
                order_items="\n".join(found) if ordered else "",
                rectify_deadline=day + datetime.timedelta(days=rnd.choice([7, 15, 30])) if ordered else None,
                site_contact=e.principal_name, created_by=admin))
            inspectors_of.append(rnd.sample(officers, k=2 if kind == InspectionKind.ENFORCEMENT else
                                            rnd.choice([1, 2])))
    # the enterprises' own self-inspections (企业自查), a few a year
    for e in rnd.sample(enterprises, k=min(len(enterprises), 40)):
        day = today - datetime.timedelta(days=rnd.randint(1, 365 * YEARS - 1))
        inspections.append(Inspection(enterprise=e, region_id=e.region_id, inspected_on=day,
                                      kind=InspectionKind.SELF, findings="企业自查，未发现重大事故隐患。",
                                      created_by=admin))
        inspectors_of.append([])
    insert(inspections)
    through = Inspection.inspectors.through
    through.objects.bulk_create([through(inspection_id=ins.pk, user_id=u.pk)
                                 for ins, users in zip(inspections, inspectors_of) for u in users],
                                batch_size=5000)
    _link_hazards(inspections)

    # this year's double-random draw, reproducible from its stored seed
    try:
        draw_services.make_draw(actor=admin, title=f"{today.year}年第{(today.month - 1) // 3 + 1}季度双随机抽查",
                                region=ctx.county, count=min(20, len(enterprises)), seed=rnd.randrange(2 ** 62))
    except ValidationError as e:  # a demo county without enough certified inspectors has no draw
        if ctx.stdout is not None:
            ctx.stdout.write(f"  双随机抽查未生成：{'；'.join(e.messages)}")


def _link_hazards(inspections):
    """A hazard the bureau found (部门检查) on the day of an inspection of its enterprise was found by it."""
    from django.apps import apps

    if not apps.is_installed("yingji.supervision.hazards"):
        return
    from yingji.supervision.hazards.models import Hazard

    from .models import Inspection

    by_visit = {(i.enterprise_id, i.inspected_on): i.pk for i in inspections if i.kind != InspectionKind.SELF}
    through = Inspection.hazards.through
    links = [through(inspection_id=by_visit[(h.enterprise_id, h.found_on)], hazard_id=h.pk)
             for h in Hazard.objects.filter(source="department").only("pk", "enterprise_id", "found_on")
             if (h.enterprise_id, h.found_on) in by_visit]
    through.objects.bulk_create(links, batch_size=5000)
