"""Choices of incidents (突发事件), their reports and their timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """突发事件应对法 第二条: the four categories."""

    NATURAL = "natural", _("自然灾害")
    ACCIDENT = "accident", _("事故灾难")
    HEALTH = "health", _("公共卫生事件")
    SOCIAL = "social", _("社会安全事件")


class IncidentType(models.TextChoices):
    """Sub-types of the 国家突发公共事件总体应急预案 (2006); the first part of the value names the category."""

    FLOOD = "natural.flood", _("水旱灾害")
    WEATHER = "natural.weather", _("气象灾害")
    EARTHQUAKE = "natural.earthquake", _("地震灾害")
    GEOLOGICAL = "natural.geological", _("地质灾害")
    FOREST_FIRE = "natural.forest_fire", _("森林草原火灾")
    BIOLOGICAL = "natural.biological", _("生物灾害")
    WORK_SAFETY = "accident.work_safety", _("工矿商贸安全事故")
    TRAFFIC = "accident.traffic", _("交通运输事故")
    FIRE = "accident.fire", _("火灾事故")
    PUBLIC_FACILITY = "accident.public_facility", _("公共设施和设备事故")
    ENVIRONMENT = "accident.environment", _("环境污染和生态破坏事件")
    INFECTIOUS = "health.infectious", _("传染病疫情")
    UNKNOWN_DISEASE = "health.unknown_disease", _("群体性不明原因疾病")
    FOOD = "health.food", _("食品安全和职业危害")
    ANIMAL = "health.animal", _("动物疫情")
    MASS = "social.mass", _("群体性事件")
    TERROR = "social.terror", _("恐怖袭击事件")
    ECONOMIC = "social.economic", _("经济安全事件")
    FOREIGN = "social.foreign", _("涉外突发事件")
    OTHER_NATURAL = "natural.other", _("其他自然灾害")
    OTHER_ACCIDENT = "accident.other", _("其他事故灾难")


def category_of(incident_type):
    return (incident_type or "").split(".", 1)[0]


class Grade(models.IntegerChoices):
    """事件等级 (突发事件应对法 第三条); a smaller number is graver, so "较大及以上" is grade <= 3."""

    EXTRAORDINARY = 1, _("特别重大")
    MAJOR = 2, _("重大")
    LARGER = 3, _("较大")
    ORDINARY = 4, _("一般")


class Source(models.TextChoices):
    PHONE = "phone", _("电话报告")
    HOTLINE = "hotline", _("12345/110/119/120转办")
    TOWNSHIP = "township", _("乡镇（街道）报告")
    DEPARTMENT = "department", _("部门通报")
    UPPER = "upper", _("上级交办")
    MONITORING = "monitoring", _("监测预警")
    MEDIA = "media", _("网络媒体")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已结束")


class ResponseLevel(models.IntegerChoices):
    """应急响应级别 (突发事件应对法 第七十一条): 一级 highest."""

    I = 1, _("一级响应")  # noqa: E741
    II = 2, _("二级响应")
    III = 3, _("三级响应")
    IV = 4, _("四级响应")


class EntryKind(models.TextChoices):
    """What a timeline entry records."""

    RECEIVED = "received", _("接报")
    REPORT = "report", _("信息报送")
    UPDATE = "update", _("情况更新")
    DECISION = "decision", _("指挥决策")
    RESPONSE = "response", _("应急响应")
    TASK = "task", _("任务下达")
    TASK_DONE = "task_done", _("任务完成")
    DISPATCH = "dispatch", _("资源调派")
    RETURN = "return", _("资源归还")
    HANDOFF = "handoff", _("移交建档")
    NOTE = "note", _("备注")
    CLOSED = "closed", _("处置结束")


class ReportKind(models.TextChoices):
    FIRST = "first", _("首报")
    FOLLOW_UP = "follow_up", _("续报")
    FINAL = "final", _("终报")


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WRITTEN = "written", _("书面")


class RecipientLevel(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATION = "nation", _("国家（应急管理部）")


class Cadence(models.TextChoices):
    """How a 续报 duty recurs."""

    NONE = "", _("不续报")
    TIMES = "times", _("每日定时")
    HOURS = "hours", _("间隔小时")
