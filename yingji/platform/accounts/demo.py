"""The demo county: regions, the bureau and its sections, industry departments, committees, one user per role."""

import random

from django.contrib.auth.models import Group

from yingji.platform.accounts.choices import CommitteeKind, Industry, OrgKind
from yingji.platform.accounts.models import Organisation, Role, User
from yingji.platform.core.demodata import DEMO_PASSWORD, insert, register
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

PROVINCE = ("330000000000", "浙江省")
CITY = ("331000000000", "台州市")
COUNTY = ("331099000000", "安澜县")  # a synthetic county: 99 is not a real county code under 台州

TOWNSHIPS = [  # (3-digit code, name): 001–099 街道, 100–199 镇, 200–399 乡 (GB/T 10114)
    ("001", "城关街道"), ("002", "东城街道"), ("003", "西城街道"), ("004", "江口街道"),
    ("101", "青石镇"), ("102", "白水镇"), ("103", "溪口镇"), ("104", "临江镇"), ("105", "北岙镇"),
    ("106", "南屏镇"), ("107", "梅林镇"), ("201", "高山乡"), ("202", "竹坑乡"), ("203", "石门乡"),
    ("204", "云岭乡"),
]
VILLAGE_WORDS = "东 西 南 北 上 下 前 后 大 小 新 老 龙 凤 桥 塘 湾 岙 坑 山 岭 溪 港 林 竹 梅 桃 柳 石 沙".split()
VILLAGE_SUFFIX = ["村", "村", "村", "社区"]

SECTIONS = ["办公室", "安全生产综合协调科", "危险化学品安全监督管理科", "工贸行业安全监督管理科",
            "应急指挥中心（值班室）", "防灾减灾救灾科", "应急管理综合行政执法队", "政策法规科"]
DEPARTMENTS = [
    (Industry.HOUSING, "县住房和城乡建设局"), (Industry.TRANSPORT, "县交通运输局"), (Industry.FIRE, "县消防救援大队"),
    (Industry.MARKET, "县市场监督管理局"), (Industry.NATURAL_RESOURCES, "县自然资源和规划局"),
    (Industry.WATER, "县水利局"), (Industry.FORESTRY, "县林业局"), (Industry.METEOROLOGY, "县气象局"),
    (Industry.EDUCATION, "县教育局"), (Industry.HEALTH, "县卫生健康局"), (Industry.PUBLIC_SECURITY, "县公安局"),
    (Industry.ECONOMY, "县经济和信息化局"), (Industry.AGRICULTURE, "县农业农村局"), (Industry.COMMERCE, "县商务局"),
    (Industry.CULTURE, "县文化和广电旅游体育局"),
]
COMMITTEES = [
    (CommitteeKind.SAFETY, "县安全生产委员会", None),
    (CommitteeKind.DISASTER, "县减灾委员会", None),
    (CommitteeKind.FLOOD, "县防汛防台抗旱指挥部", None),
    (CommitteeKind.FOREST_FIRE, "县森林消防指挥部", None),
]

# (username, full name, role, where)
DEMO_USERS = [
    ("admin", "系统管理员", "sysadmin", "bureau"),
    ("leader", "王局长", "leader", "bureau"),
    ("duty", "李值班", "duty", "section:应急指挥中心（值班室）"),
    ("inspector", "张执法", "enforcement", "section:应急管理综合行政执法队"),
    ("inspector2", "陈执法", "enforcement", "section:应急管理综合行政执法队"),
    ("disaster", "赵信息员", "disaster_officer", "township:0"),
    ("township", "刘应急办", "township", "township:0"),
    ("department", "周住建", "department", "dept:housing"),
    ("auditor", "吴审计", "auditor", "bureau"),
    ("grid", "孙网格", "grid", "grid:0"),  # the 网格员 of the first township's first grid
]
# 网格 (docs/regions.md): the villages of the first township are divided into this many grids each
GRIDS_PER_VILLAGE = 3


def _village_name(rnd, used):
    while True:
        name = rnd.choice(VILLAGE_WORDS) + rnd.choice(VILLAGE_WORDS) + rnd.choice(VILLAGE_SUFFIX)
        if name not in used:
            used.add(name)
            return name


@register(order=10)
def build_county(ctx):
    rnd = ctx.random
    province, _ = Region.objects.get_or_create(code=PROVINCE[0], defaults={"name": PROVINCE[1],
                                                                           "level": Level.PROVINCE})
    city, _ = Region.objects.get_or_create(code=CITY[0], defaults={"name": CITY[1], "level": Level.CITY,
                                                                   "parent": province})
    county, _ = Region.objects.get_or_create(code=COUNTY[0], defaults={"name": COUNTY[1], "level": Level.COUNTY,
                                                                       "parent": city})
    townships = []
    for code, name in TOWNSHIPS:
        t, _ = Region.objects.get_or_create(code=f"{COUNTY[0][:6]}{code}000", defaults={
            "name": name, "level": Level.TOWNSHIP, "parent": county})
        townships.append(t)
    villages = []
    per_township = max(1, round(200 / len(TOWNSHIPS)))
    batch = []
    for t in townships:
        used = set()
        n = per_township + rnd.randint(-3, 3)
        is_street = t.code[6:9] < "100"
        for i in range(1, n + 1):
            # 001–199 居委会 (社区), 200–399 村委会
            number = i if is_street else 200 + i
            name = _village_name(rnd, used)
            if is_street:
                name = name.rstrip("村") + ("社区" if not name.endswith("社区") else "")
            batch.append(Region(code=f"{t.code[:9]}{number:03d}", name=name, level=Level.VILLAGE, parent=t))
    existing = set(Region.objects.filter(level=Level.VILLAGE, code__startswith=COUNTY[0][:6])
                   .values_list("code", flat=True))
    new = [v for v in batch if v.code not in existing]
    insert(new)
    villages = list(Region.objects.filter(level=Level.VILLAGE, code__startswith=COUNTY[0][:6]))
    ctx.province, ctx.city, ctx.county, ctx.townships, ctx.villages = province, city, county, townships, villages
    ctx.grids = _grids([v for v in villages if v.parent_id == townships[0].pk])

    bureau, _ = Organisation.objects.get_or_create(region=county, name="安澜县应急管理局", defaults={
        "kind": OrgKind.BUREAU, "short_name": "县应急局", "industry": Industry.EMERGENCY, "phone": "0576-8800110"})
    sections = {}
    for name in SECTIONS:
        sections[name], _ = Organisation.objects.get_or_create(region=county, name=name, defaults={
            "kind": OrgKind.SECTION, "parent": bureau})
    departments = {}
    for industry, name in DEPARTMENTS:
        departments[industry], _ = Organisation.objects.get_or_create(region=county, name=name, defaults={
            "kind": OrgKind.INDUSTRY, "industry": industry})
    offices = []
    for t in townships:
        o, _ = Organisation.objects.get_or_create(region=t, name=f"{t.name}应急管理办公室", defaults={
            "kind": OrgKind.TOWNSHIP_OFFICE, "short_name": f"{t.name}应急办"})
        offices.append(o)
    for kind, name, _x in COMMITTEES:
        c, created = Organisation.objects.get_or_create(region=county, name=name, defaults={
            "kind": OrgKind.COMMITTEE, "committee_kind": kind})
        if created:
            members = [bureau, *rnd.sample(list(departments.values()), k=min(10, len(departments)))]
            c.members.set(members)
    ctx.bureau, ctx.sections, ctx.departments, ctx.offices = bureau, sections, departments, offices

    roles = {r.code: r.group for r in Role.objects.select_related("group")}
    ctx.users = {}
    for username, full_name, role, where in DEMO_USERS:
        region, org = county, bureau
        if where.startswith("section:"):
            org = sections[where.split(":", 1)[1]]
        elif where.startswith("township:"):
            region, org = townships[int(where.split(":")[1])], offices[int(where.split(":")[1])]
        elif where.startswith("dept:"):
            org = departments[where.split(":")[1]]
        elif where.startswith("grid:"):
            region, org = ctx.grids[int(where.split(":")[1])], offices[0]
        user = User.objects.filter(username=username).first()
        if user is None:
            # the accounts added after the first nine draw from their own sequence: the rest of the demo stays the same
            draw = rnd if where[:5] != "grid:" else random.Random(username)
            user = User(username=username, full_name=full_name, region=region, organisation=org,
                        phone=f"139{draw.randint(10000000, 99999999)}")
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(roles.get(role) or Group.objects.get(name=role))
        ctx.users[username] = user


def _grids(villages):
    """GRIDS_PER_VILLAGE 网格 under each of these villages (code: the village's 12 digits and 001, 002 …), made once;
    no random draw, so the rest of the demo is what it was before grids. Returns the county's grids by code."""
    county = COUNTY[0][:6]
    existing = set(Region.objects.filter(level=Level.GRID, code__startswith=county).values_list("code", flat=True))
    new = [Region(code=f"{v.code}{n:03d}", name=f"{v.name}第{n}网格", level=Level.GRID, parent=v)
           for v in sorted(villages, key=lambda v: v.code) for n in range(1, GRIDS_PER_VILLAGE + 1)]
    new = [g for g in new if g.code not in existing]
    insert(new)
    return list(Region.objects.filter(level=Level.GRID, code__startswith=county).select_related("parent__parent")
                .order_by("code"))  # the places builder names each grid's village and township
