from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    """The kinds of 应急预案 (《突发事件应急预案管理办法》 国办发〔2024〕5号; 《生产安全事故应急预案管理办法》)."""

    OVERALL = "overall", _("总体应急预案")
    SPECIAL = "special", _("专项应急预案")
    DEPARTMENT = "department", _("部门应急预案")
    TOWNSHIP = "township", _("乡镇（街道）应急预案")
    VILLAGE = "village", _("村（社区）应急预案")
    ENTERPRISE = "enterprise", _("企业应急预案")
    EVENT = "event", _("大型活动应急预案")


GOVERNMENT_KINDS = (PlanKind.OVERALL, PlanKind.SPECIAL, PlanKind.DEPARTMENT)


class EnterprisePart(models.TextChoices):
    """生产经营单位的预案体系 (应急管理部令第2号 第六条)."""

    COMPREHENSIVE = "comprehensive", _("综合应急预案")
    SPECIAL = "special", _("专项应急预案")
    ONSITE = "onsite", _("现场处置方案")


class EventType(models.TextChoices):
    """The kind of event a plan answers (the warning domain's response asks for the plan of a type)."""

    ALL = "all", _("各类突发事件（总体）")
    FLOOD = "flood", _("防汛防台")
    DROUGHT = "drought", _("抗旱")
    FOREST_FIRE = "forest_fire", _("森林火灾")
    GEOLOGICAL = "geological", _("地质灾害")
    EARTHQUAKE = "earthquake", _("地震")
    WEATHER = "weather", _("气象灾害")
    PRODUCTION_SAFETY = "production_safety", _("生产安全事故")
    HAZCHEM = "hazchem", _("危险化学品事故")
    FIRE = "fire", _("火灾事故")
    TRAFFIC = "traffic", _("道路交通事故")
    RELIEF = "relief", _("自然灾害救助")
    PUBLIC_HEALTH = "public_health", _("公共卫生事件")
    EVENT = "event", _("大型活动")
    OTHER = "other", _("其他")


class ResponseLevel(models.TextChoices):
    """应急响应级别 (《突发事件应对法》第七十一条: 一级最高)."""

    IV = "4", _("Ⅳ级")
    III = "3", _("Ⅲ级")
    II = "2", _("Ⅱ级")
    I = "1", _("Ⅰ级")  # noqa: E741


class FilingState(models.TextChoices):
    """企业预案备案: 提交 → 受理 → 备案 / 退回 (应急管理部令第2号 第二十六条起)."""

    NOT_REQUIRED = "not_required", _("无需备案")
    DRAFT = "draft", _("未提交备案")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    FILED = "filed", _("已备案")
    RETURNED = "returned", _("已退回")


class RevisionReason(models.TextChoices):
    """修订情形 (《突发事件应急预案管理办法》, 《生产安全事故应急条例》第六条)."""

    INITIAL = "initial", _("首次制定")
    LAW = "law", _("法律法规、上位预案变化")
    ORGANISATION = "organisation", _("应急指挥机构及其职责调整")
    RISK = "risk", _("面临的风险发生重大变化")
    RESOURCES = "resources", _("重要应急资源发生重大变化")
    DRILL = "drill", _("演练或实际处置中发现问题")
    EVALUATION = "evaluation", _("预案评估后修订")
    OTHER = "other", _("其他")


class CycleDuty(models.TextChoices):
    DRILL = "drill", _("演练")
    EVALUATION = "evaluation", _("评估")


class CycleSubject(models.TextChoices):
    """What a cycle rule applies to: a plan falls under one subject per duty (services.subject_of)."""

    GOVERNMENT = "government", _("政府及部门应急预案（总体、专项、部门）")
    GOVERNMENT_SAFETY = "government_safety", _("政府、部门及乡镇（街道）生产安全事故应急预案")
    TOWNSHIP = "township", _("乡镇（街道）应急预案")
    HIGH_RISK = "high_risk", _("高危生产经营单位及人员密集场所经营单位应急预案")
    ENTERPRISE = "enterprise", _("生产经营单位综合或专项应急预案")
    ENTERPRISE_ONSITE = "enterprise_onsite", _("生产经营单位现场处置方案")


class DrillKind(models.TextChoices):
    TABLETOP = "tabletop", _("桌面推演")
    LIVE = "live", _("实战演练")
    COMPREHENSIVE = "comprehensive", _("综合演练")
    SPECIAL = "special", _("专项演练")
    BLIND = "blind", _("双盲演练")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    CLOSED = "closed", _("已关闭")
