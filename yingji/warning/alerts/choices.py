"""The words of a warning: CAP 1.2 enumerations, the national profile's colour levels and the event types.

Event types carry their CAP category and the code of the national release system (《国家应急平台体系信息资源分类与编码
规范》 as used by the 国家突发事件预警信息发布系统, e.g. 11B03 暴雨). The meteorological codes 11B01…11B22 are those seen across
public codebases (docs/warning.md, alerting.md §2.2); the codes of the non-meteorological types are the editable
default `event_code` of a warning and are marked as such in docs/warning.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningState(models.TextChoices):
    DRAFT = "draft", _("起草")
    PENDING_REVIEW = "pending_review", _("待审核")
    PENDING_SIGN = "pending_sign", _("待签发")
    SIGNED = "signed", _("已签发待发布")
    RECEIVED = "received", _("已接收待转发")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已更新")
    CANCELLED = "cancelled", _("已解除")
    EXPIRED = "expired", _("已过期")


# the states of a message that has gone out (its identity is frozen)
ISSUED_STATES = (WarningState.PUBLISHED, WarningState.SUPERSEDED, WarningState.CANCELLED, WarningState.EXPIRED)
# the states in which the text may still be edited
EDITABLE_STATES = (WarningState.DRAFT,)


class CapStatus(models.TextChoices):
    ACTUAL = "Actual", _("正式（Actual）")
    EXERCISE = "Exercise", _("演练（Exercise）")
    SYSTEM = "System", _("系统（System）")
    TEST = "Test", _("测试（Test）")
    DRAFT = "Draft", _("草稿（Draft）")


class MsgType(models.TextChoices):
    ALERT = "Alert", _("首发")
    UPDATE = "Update", _("更新")
    CANCEL = "Cancel", _("解除")


class CapScope(models.TextChoices):
    PUBLIC = "Public", _("公开（Public）")
    RESTRICTED = "Restricted", _("限定（Restricted）")
    PRIVATE = "Private", _("指定对象（Private）")


class Category(models.TextChoices):
    GEO = "Geo", _("地质")
    MET = "Met", _("气象")
    SAFETY = "Safety", _("安全")
    SECURITY = "Security", _("治安")
    RESCUE = "Rescue", _("救援")
    FIRE = "Fire", _("火灾")
    HEALTH = "Health", _("卫生")
    ENV = "Env", _("环境")
    TRANSPORT = "Transport", _("交通")
    INFRA = "Infra", _("基础设施")
    CBRNE = "CBRNE", _("化生放核爆")
    OTHER = "Other", _("其他")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("立即（Immediate）")
    EXPECTED = "Expected", _("预期（Expected）")
    FUTURE = "Future", _("将来（Future）")
    PAST = "Past", _("已过去（Past）")
    UNKNOWN = "Unknown", _("未知（Unknown）")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("特别严重（Extreme）")
    SEVERE = "Severe", _("严重（Severe）")
    MODERATE = "Moderate", _("较重（Moderate）")
    MINOR = "Minor", _("一般（Minor）")
    UNKNOWN = "Unknown", _("未知（Unknown）")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("已发生（Observed）")
    LIKELY = "Likely", _("很可能（Likely）")
    POSSIBLE = "Possible", _("可能（Possible）")
    UNLIKELY = "Unlikely", _("不太可能（Unlikely）")
    UNKNOWN = "Unknown", _("未知（Unknown）")


class ResponseType(models.TextChoices):
    SHELTER = "Shelter", _("就地避险")
    EVACUATE = "Evacuate", _("转移撤离")
    PREPARE = "Prepare", _("做好准备")
    EXECUTE = "Execute", _("执行预案")
    AVOID = "Avoid", _("避开危险区域")
    MONITOR = "Monitor", _("关注动态")
    ASSESS = "Assess", _("评估")
    ALL_CLEAR = "AllClear", _("解除戒备")
    NONE = "None", _("无需行动")


class Level(models.TextChoices):
    """预警级别 (GB/T 35965.1 colours; 红色 Ⅰ级 特别重大 … 蓝色 Ⅳ级 一般)."""

    BLUE = "blue", _("蓝色")
    YELLOW = "yellow", _("黄色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


LEVEL_RANK = {Level.BLUE: 1, Level.YELLOW: 2, Level.ORANGE: 3, Level.RED: 4}

# level → (CAP severity, urgency, certainty): the defaults a new warning takes from its level (editable)
LEVEL_CAP = {
    Level.BLUE: (Severity.MINOR, Urgency.EXPECTED, Certainty.LIKELY),
    Level.YELLOW: (Severity.MODERATE, Urgency.EXPECTED, Certainty.LIKELY),
    Level.ORANGE: (Severity.SEVERE, Urgency.IMMEDIATE, Certainty.LIKELY),
    Level.RED: (Severity.EXTREME, Urgency.IMMEDIATE, Certainty.OBSERVED),
}
# level → the national profile's severity word (GB/T 35965.1: Red Ⅰ / Orange Ⅱ / Yellow Ⅲ / Blue Ⅳ)
LEVEL_NATIONAL = {Level.BLUE: "Blue", Level.YELLOW: "Yellow", Level.ORANGE: "Orange", Level.RED: "Red"}
NATIONAL_LEVEL = {v: k for k, v in LEVEL_NATIONAL.items()}
# CAP certainty → the national profile's (adds VeryLikely, drops Possible)
NATIONAL_CERTAINTY = {Certainty.OBSERVED: "Observed", Certainty.LIKELY: "Likely", Certainty.POSSIBLE: "Likely",
                      Certainty.UNLIKELY: "Unlikely", Certainty.UNKNOWN: "Unknown"}
SEVERITY_LEVEL = {Severity.MINOR: Level.BLUE, Severity.MODERATE: Level.YELLOW, Severity.SEVERE: Level.ORANGE,
                  Severity.EXTREME: Level.RED}


class EventType(models.TextChoices):
    RAINSTORM = "rainstorm", _("暴雨")
    TYPHOON = "typhoon", _("台风")
    GALE = "gale", _("大风")
    COLD_WAVE = "cold_wave", _("寒潮")
    HEAT = "heat", _("高温")
    DROUGHT = "drought", _("干旱")
    LIGHTNING = "lightning", _("雷电")
    HAIL = "hail", _("冰雹")
    FOG = "fog", _("大雾")
    SNOWSTORM = "snowstorm", _("暴雪")
    ROAD_ICING = "road_icing", _("道路结冰")
    FOREST_FIRE = "forest_fire", _("森林火险")
    GEOHAZARD = "geohazard", _("地质灾害气象风险")
    FLASH_FLOOD = "flash_flood", _("山洪")
    RIVER_FLOOD = "river_flood", _("中小河流洪水")
    WORK_SAFETY = "work_safety", _("安全生产")
    OTHER = "other", _("其他")


# event type → (CAP category, national event-type code). Codes 11B01–11B22 as seen in public codebases; the
# others are this project's defaults, to be checked against the province's code table (docs/warning.md).
EVENT_CODES = {
    EventType.TYPHOON: (Category.MET, "11B01"),
    EventType.RAINSTORM: (Category.MET, "11B03"),
    EventType.SNOWSTORM: (Category.MET, "11B04"),
    EventType.COLD_WAVE: (Category.MET, "11B05"),
    EventType.GALE: (Category.MET, "11B06"),
    EventType.HEAT: (Category.MET, "11B09"),
    EventType.LIGHTNING: (Category.MET, "11B14"),
    EventType.HAIL: (Category.MET, "11B15"),
    EventType.FOG: (Category.MET, "11B17"),
    EventType.ROAD_ICING: (Category.MET, "11B21"),
    EventType.DROUGHT: (Category.MET, "11B22"),
    EventType.FOREST_FIRE: (Category.FIRE, "11B25"),
    EventType.GEOHAZARD: (Category.GEO, "11B37"),
    EventType.FLASH_FLOOD: (Category.GEO, "11A01"),
    EventType.RIVER_FLOOD: (Category.MET, "11A02"),
    EventType.WORK_SAFETY: (Category.SAFETY, "12A00"),
    EventType.OTHER: (Category.OTHER, ""),
}
CODE_EVENT = {code: event for event, (_c, code) in EVENT_CODES.items() if code}


class Origin(models.TextChoices):
    LOCAL = "local", _("本级制作")
    UPSTREAM = "upstream", _("上级转发")
