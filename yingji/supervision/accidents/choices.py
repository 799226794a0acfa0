from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """行业领域 of a production-safety accident, as the bureaus' statistics split them."""

    # 工矿商贸 and its sub-sectors
    METALLURGY = "metallurgy", _("工矿商贸-冶金")
    NONFERROUS = "nonferrous", _("工矿商贸-有色")
    BUILDING_MATERIALS = "building_materials", _("工矿商贸-建材")
    MACHINERY = "machinery", _("工矿商贸-机械")
    LIGHT_INDUSTRY = "light_industry", _("工矿商贸-轻工")
    TEXTILE = "textile", _("工矿商贸-纺织")
    TOBACCO = "tobacco", _("工矿商贸-烟草")
    COMMERCE = "commerce", _("工矿商贸-商贸")
    INDUSTRIAL_OTHER = "industrial_other", _("工矿商贸-其他")
    COAL_MINE = "coal_mine", _("煤矿")
    NON_COAL_MINE = "non_coal_mine", _("非煤矿山")
    HAZCHEM = "hazchem", _("危险化学品")
    FIREWORKS = "fireworks", _("烟花爆竹")
    CONSTRUCTION = "construction", _("建筑施工")
    # outside 工矿商贸
    ROAD_TRANSPORT = "road_transport", _("道路运输（经营性）")
    WATERWAY = "waterway", _("水上交通")
    FIRE = "fire", _("火灾")
    RAILWAY = "railway", _("铁路交通")
    FISHERY = "fishery", _("渔业船舶")
    AGRI_MACHINERY = "agri_machinery", _("农业机械")
    OTHER = "other", _("其他")


# the sectors counted as 工矿商贸 in the bureaus' figures
INDUSTRIAL_TRADE = frozenset({
    Sector.METALLURGY, Sector.NONFERROUS, Sector.BUILDING_MATERIALS, Sector.MACHINERY, Sector.LIGHT_INDUSTRY,
    Sector.TEXTILE, Sector.TOBACCO, Sector.COMMERCE, Sector.INDUSTRIAL_OTHER, Sector.COAL_MINE,
    Sector.NON_COAL_MINE, Sector.HAZCHEM, Sector.FIREWORKS, Sector.CONSTRUCTION,
})


class CategoryKind(models.TextChoices):
    """How the annual report uses a sector category (SectorCategory)."""

    BREAKDOWN = "breakdown", _("分类（“其中……”逐类列出）")
    ROLLUP = "rollup", _("合计口径（分类之后单独说明）")


class AccidentType(models.TextChoices):
    """事故类别, GB 6441-1986 《企业职工伤亡事故分类》."""

    STRUCK_BY_OBJECT = "struck_by_object", _("物体打击")
    VEHICLE = "vehicle", _("车辆伤害")
    MACHINERY = "machinery", _("机械伤害")
    LIFTING = "lifting", _("起重伤害")
    ELECTROCUTION = "electrocution", _("触电")
    DROWNING = "drowning", _("淹溺")
    SCALD_BURN = "scald_burn", _("灼烫")
    FIRE = "fire", _("火灾")
    FALL_FROM_HEIGHT = "fall_from_height", _("高处坠落")
    COLLAPSE = "collapse", _("坍塌")
    ROOF_FALL = "roof_fall", _("冒顶片帮")
    WATER_INRUSH = "water_inrush", _("透水")
    BLASTING = "blasting", _("放炮")
    EXPLOSIVES = "explosives", _("火药爆炸")
    GAS_EXPLOSION = "gas_explosion", _("瓦斯爆炸")
    BOILER_EXPLOSION = "boiler_explosion", _("锅炉爆炸")
    VESSEL_EXPLOSION = "vessel_explosion", _("容器爆炸")
    OTHER_EXPLOSION = "other_explosion", _("其它爆炸")
    POISONING_ASPHYXIA = "poisoning_asphyxia", _("中毒和窒息")
    OTHER = "other", _("其它伤害")


class Grade(models.IntegerChoices):
    """事故等级 (国务院令第493号 第三条); a smaller number is a graver accident, so "较大及以上" is grade <= 3."""

    EXTRAORDINARY = 1, _("特别重大事故")
    MAJOR = 2, _("重大事故")
    LARGER = 3, _("较大事故")
    ORDINARY = 4, _("一般事故")


class ReportKind(models.TextChoices):
    FIRST = "first", _("首报")
    FOLLOW_UP = "follow_up", _("续报")
    SUPPLEMENT = "supplement", _("补报")


class ReportLevel(models.IntegerChoices):
    """The level a report goes to; each step up is one more 2-hour hop (第十一条)."""

    COUNTY = 1, _("县级应急管理部门")
    CITY = 2, _("设区的市级应急管理部门")
    PROVINCE = 3, _("省级应急管理部门")
    MINISTRY = 4, _("应急管理部（国务院）")


# the highest level an accident of each grade must reach (第十条)
TOP_LEVEL_FOR_GRADE = {
    Grade.ORDINARY: ReportLevel.CITY,
    Grade.LARGER: ReportLevel.PROVINCE,
    Grade.MAJOR: ReportLevel.MINISTRY,
    Grade.EXTRAORDINARY: ReportLevel.MINISTRY,
}


class Duty(models.TextChoices):
    """The reporting duties whose time limits are rules (ReportingRule)."""

    UNIT_TO_COUNTY = "unit_to_county", _("事故单位报告县级部门")
    LEVEL_UP = "level_up", _("逐级上报（每级）")
    SUPPLEMENT = "supplement", _("伤亡人数变化补报期限")
    INVESTIGATION = "investigation", _("事故调查报告提交期限")
    INVESTIGATION_EXTENSION = "investigation_extension", _("调查报告延长期限")
    APPROVAL = "approval", _("调查报告批复期限")
    APPROVAL_EXTRAORDINARY = "approval_extraordinary", _("特别重大事故调查报告批复期限")


class Nature(models.TextChoices):
    """事故性质 as the investigation report finds it."""

    LIABLE = "liable", _("责任事故")
    NOT_LIABLE = "not_liable", _("非责任事故")
    PENDING = "pending", _("调查中")
