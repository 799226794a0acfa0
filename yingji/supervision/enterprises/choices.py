from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """行业类别 of an enterprise, as a county bureau's ledgers group them."""

    HAZCHEM_PRODUCTION = "hazchem_production", _("危险化学品生产")
    HAZCHEM_TRADE = "hazchem_trade", _("危险化学品经营")
    HAZCHEM_USE = "hazchem_use", _("危险化学品使用")
    NON_COAL_MINE = "non_coal_mine", _("非煤矿山")
    FIREWORKS = "fireworks", _("烟花爆竹")
    INDUSTRY_TRADE = "industry_trade", _("工贸")
    CONSTRUCTION = "construction", _("建筑施工")
    ROAD_TRANSPORT = "road_transport", _("道路运输")
    GAS = "gas", _("城镇燃气")
    CROWDED = "crowded", _("人员密集场所/九小场所")
    OTHER = "other", _("其他")


HAZCHEM_SECTORS = (Sector.HAZCHEM_PRODUCTION, Sector.HAZCHEM_TRADE, Sector.HAZCHEM_USE)


class SubSector(models.TextChoices):
    """工贸行业 sub-sectors (the 工贸企业重大事故隐患判定标准 groups its 行业类 items by these)."""

    METALLURGY = "metallurgy", _("冶金")
    NONFERROUS = "nonferrous", _("有色")
    BUILDING_MATERIALS = "building_materials", _("建材")
    MACHINERY = "machinery", _("机械")
    LIGHT = "light", _("轻工")
    TEXTILE = "textile", _("纺织")
    TOBACCO = "tobacco", _("烟草")
    COMMERCE = "commerce", _("商贸")


class Size(models.TextChoices):
    ABOVE_SCALE = "above_scale", _("规上")
    SMALL = "small", _("小微")


class RiskGrade(models.TextChoices):
    """分类分级 risk grade; the colour is how bureaus show it (A 红 … D 蓝)."""

    A = "A", _("A（红）")
    B = "B", _("B（橙）")
    C = "C", _("C（黄）")
    D = "D", _("D（蓝）")


RISK_COLOURS = {"A": "red", "B": "orange", "C": "yellow", "D": "blue"}


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("在产")
    SUSPENDED = "suspended", _("停产")
    CLOSED = "closed", _("关闭")


class StandardisationGrade(models.TextChoices):
    """安全生产标准化 grade."""

    LEVEL1 = "1", _("一级")
    LEVEL2 = "2", _("二级")
    LEVEL3 = "3", _("三级")
    SMALL = "small", _("小微企业标准化")
    NONE = "none", _("未定级")


class KeyPersonRole(models.TextChoices):
    PRINCIPAL = "principal", _("主要负责人")
    SAFETY_MANAGER = "safety_manager", _("安全管理人员")
    SPECIAL_OPERATOR = "special_operator", _("特种作业人员")


class MajorHazardLevel(models.IntegerChoices):
    """重大危险源 level (GB 18218)."""

    LEVEL1 = 1, _("一级")
    LEVEL2 = 2, _("二级")
    LEVEL3 = 3, _("三级")
    LEVEL4 = 4, _("四级")
