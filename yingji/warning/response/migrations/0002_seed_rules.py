"""Seed rule rows (national, editable under 系统管理 → 规则配置): the actions per unit and level of the county flood
plan after the model 《县级防汛抗旱应急预案》 structure, of the geological-hazard and forest-fire plans, and the 12/6/2-hour
heavy-rain steps (临灾预警 "叫应" practice: 12 h 准备, 6 h 转移准备, 2 h 立即转移)."""

from django.db import migrations

FLOOD_BASIS = "《中华人民共和国防汛条例》第三十条至第三十五条；县防汛抗旱应急预案"
GEO_BASIS = "《地质灾害防治条例》第二十四条至第三十一条；县突发地质灾害应急预案"
FIRE_BASIS = "《森林防火条例》第三十一条至第三十八条；县森林火灾应急预案"
ACTIONS = {
    ("flood", 4): {
        "县应急管理局": "实行24小时值班，局领导带班\n每日向县政府报告雨情、水情、灾情和应对情况\n应急救援队伍和物资做好调用准备",
        "县水利局": "加强水库、山塘、堤防巡查，落实安全度汛措施\n做好山洪灾害监测预警",
        "县自然资源局": "组织地质灾害隐患点巡查，落实群测群防",
        "乡镇人民政府": "值班人员在岗，主要负责人保持通讯畅通\n通知危险区责任人到岗，做好人员转移准备",
    },
    ("flood", 3): {
        "县应急管理局": "县防指副指挥长主持会商，作出防御部署\n抢险救援队伍集结待命，物资前置",
        "县水利局": "派出工作组赴重点区域指导\n水库按调度方案预泄",
        "乡镇人民政府": "组织危险区群众转移，包保责任人落实独居老人等特殊群体转移\n关闭涉水景区和危险路段",
        "县教育局": "视情通知危险区学校、幼儿园停课",
    },
    ("flood", 2): {
        "县应急管理局": "县防指指挥长主持会商，县防指成员单位派员进驻联合值守\n调派抢险救援力量赴一线",
        "乡镇人民政府": "危险区人员全部转移，实行封闭管理\n主要负责人驻守一线指挥",
        "县交通运输局": "对受威胁道路、桥梁实行交通管制",
    },
    ("flood", 1): {
        "县应急管理局": "县委、县政府主要负责人坐镇指挥，全县进入紧急防汛期\n请求上级支援",
        "乡镇人民政府": "全力组织抢险救援和群众安置，确保不漏一户一人",
    },
    ("geohazard", 4): {
        "县自然资源局": "加密隐患点巡查监测，技术人员驻守重点乡镇",
        "乡镇人民政府": "群测群防员每日巡查并报告，危险区群众做好转移准备",
    },
    ("geohazard", 3): {
        "县自然资源局": "派出专家组现场调查，划定危险区",
        "乡镇人民政府": "组织受威胁群众转移避让，设置警示标志",
        "县应急管理局": "救援队伍集结待命",
    },
    ("forest_fire", 4): {
        "县林业局": "加强火情监测和巡护，专业扑火队伍待命",
        "乡镇人民政府": "落实护林员上岗，严管野外火源",
    },
    ("forest_fire", 3): {
        "县应急管理局": "调派扑火力量赴火场，开设现场指挥部",
        "县林业局": "组织专业扑火队伍扑救，报告火场态势",
        "乡镇人民政府": "组织转移火场周边群众",
    },
}
FORECAST = [
    ("rainstorm", 12, "yellow", "flood",
     "预计{onset}起{area}将出现{event}（{level}预警），距开始约{hours}小时。请各乡镇和有关单位做好防御准备。",
     "乡镇人民政府：通知山洪、地质灾害危险区责任人到岗到位\n县水利局：检查水库、山塘水位和泄洪设施\n县应急管理局：救援队伍和物资做好调用准备"),
    ("rainstorm", 6, "yellow", "flood",
     "预计{onset}起{area}将出现{event}（{level}预警），距开始约{hours}小时。请做好危险区人员转移准备。",
     "乡镇人民政府：核实危险区人员名单，包保责任人联系到人\n县教育局：通知危险区学校做好停课准备\n县交通运输局：巡查易积水、易塌方路段"),
    ("rainstorm", 2, "orange", "flood",
     "预计{onset}起{area}将出现{event}（{level}预警），约{hours}小时后开始。请立即组织危险区人员转移。",
     "乡镇人民政府：立即组织山洪、地质灾害危险区人员转移，包保责任人逐户确认\n县应急管理局：抢险救援队伍前置待命\n县交通运输局：对危险路段实行交通管制"),
]


def seed(apps, schema_editor):
    Action = apps.get_model("response", "ResponseActionRule")
    Forecast = apps.get_model("response", "ForecastRule")
    basis = {"flood": FLOOD_BASIS, "geohazard": GEO_BASIS, "forest_fire": FIRE_BASIS}
    Action.objects.bulk_create([Action(plan_type=p, level=lvl, unit=u, actions=a, legal_basis=basis[p])
                                for (p, lvl), units in ACTIONS.items() for u, a in units.items()])
    Forecast.objects.bulk_create([Forecast(event_type=e, lead_hours=h, min_level=lvl, plan_type=p, message=m,
                                           actions=a, legal_basis=FLOOD_BASIS) for e, h, lvl, p, m, a in FORECAST])


class Migration(migrations.Migration):
    dependencies = [("response", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
