from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    RAIN_GAUGE = "rain_gauge", _("雨量站")
    RIVER_LEVEL = "river_level", _("河道水位站")
    RESERVOIR = "reservoir", _("水库水位站")
    GEOHAZARD = "geohazard", _("地质灾害监测点")
    HAZARD_SOURCE = "hazard_source", _("重大危险源监测点")
    ELECTRICAL = "electrical", _("智慧用电监测点")


class WatchedKind(models.TextChoices):
    HAZARD_POINT = "hazard_point", _("地质灾害隐患点")
    RESERVOIR = "reservoir", _("水库")
    RIVER_SECTION = "river_section", _("河段")
    ENTERPRISE = "enterprise", _("企业（重大危险源）")
    AREA = "area", _("区域（雨量）")
    OTHER = "other", _("其他")


class SensorKind(models.TextChoices):
    RAINFALL = "rainfall", _("雨量")
    WATER_LEVEL = "water_level", _("水位")
    DISPLACEMENT = "displacement", _("地表位移")
    CRACK = "crack", _("裂缝宽度")
    COMBUSTIBLE_GAS = "combustible_gas", _("可燃气体浓度")
    TOXIC_GAS = "toxic_gas", _("有毒气体浓度")
    TANK_LEVEL = "tank_level", _("储罐液位")
    TEMPERATURE = "temperature", _("温度")
    PRESSURE = "pressure", _("压力")
    RESIDUAL_CURRENT = "residual_current", _("剩余电流")
    CABLE_TEMPERATURE = "cable_temperature", _("线缆温度")


# the usual unit and physical range of each kind (the sensor form's defaults)
KIND_DEFAULTS = {
    SensorKind.RAINFALL: ("mm", 0, 200),
    SensorKind.WATER_LEVEL: ("m", -10, 500),
    SensorKind.DISPLACEMENT: ("mm", -2000, 2000),
    SensorKind.CRACK: ("mm", 0, 1000),
    SensorKind.COMBUSTIBLE_GAS: ("%LEL", 0, 100),
    SensorKind.TOXIC_GAS: ("ppm", 0, 500),
    SensorKind.TANK_LEVEL: ("m", 0, 30),
    SensorKind.TEMPERATURE: ("℃", -40, 300),
    SensorKind.PRESSURE: ("MPa", 0, 10),
    SensorKind.RESIDUAL_CURRENT: ("mA", 0, 2000),
    SensorKind.CABLE_TEMPERATURE: ("℃", -20, 200),
}


class Metric(models.TextChoices):
    VALUE = "value", _("实测值")
    RATE = "rate", _("变化速率")
    SUM = "sum", _("滑动窗口累计")


class Direction(models.TextChoices):
    ABOVE = "above", _("高于阈值报警")
    BELOW = "below", _("低于阈值报警")


class AlarmLevel(models.IntegerChoices):
    BLUE = 1, _("蓝色")
    YELLOW = 2, _("黄色")
    ORANGE = 3, _("橙色")
    RED = 4, _("红色")


LEVEL_BADGE = {1: "text-bg-primary", 2: "text-bg-warning", 3: "yj-badge-orange", 4: "text-bg-danger"}


class AlarmType(models.TextChoices):
    VALUE = "value", _("超阈值")
    RATE = "rate", _("变化速率超限")
    SUM60 = "sum60", _("1小时累计超限")
    SUM180 = "sum180", _("3小时累计超限")
    SUM360 = "sum360", _("6小时累计超限")
    SUM1440 = "sum1440", _("24小时累计超限")
    OFFLINE = "offline", _("设备离线")
    INGEST_LAG = "ingest_lag", _("接入滞后（入库落后于接收）")


SUM_WINDOWS = (60, 180, 360, 1440)


def alarm_type_for(metric, window_minutes):
    if metric == Metric.SUM:
        return f"sum{window_minutes}"
    return str(metric)


class AlarmState(models.TextChoices):
    FIRING = "firing", _("已触发")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    HANDLING = "handling", _("处置中")
    CLOSED = "closed", _("已关闭")


ACTIVE_STATES = (AlarmState.FIRING, AlarmState.ACKNOWLEDGED, AlarmState.HANDLING)


class RejectReason(models.TextChoices):
    NOT_JSON = "not_json", _("不是合法的JSON")
    BAD_SHAPE = "bad_shape", _("格式不符（缺少字段或类型错误）")
    UNKNOWN_SENSOR = "unknown_sensor", _("未登记的传感器")
    FUTURE = "future", _("时间戳晚于当前时间")
    TOO_OLD = "too_old", _("时间戳早于保留期")
    OUT_OF_RANGE = "out_of_range", _("超出传感器物理量程")
