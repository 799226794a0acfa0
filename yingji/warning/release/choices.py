from django.db import models
from django.utils.translation import gettext_lazy as _


class Duty(models.TextChoices):
    TOWNSHIP_LEAD = "township_lead", _("乡镇责任人")
    VILLAGE_LEAD = "village_lead", _("村（社区）责任人")
    GRID = "grid", _("网格员")
    INFO_OFFICER = "info_officer", _("灾害信息员")
    MONITOR = "monitor", _("群测群防员")
    ENTERPRISE_HEAD = "enterprise_head", _("企业主要负责人")
    GUARDIAN = "guardian", _("包保责任人")
    SCHOOL_HEAD = "school_head", _("学校负责人")
    SCENIC_HEAD = "scenic_head", _("景区负责人")
    SITE_HEAD = "site_head", _("工地负责人")
    DEPARTMENT = "department", _("部门责任人")
    COUNTY_LEAD = "county_lead", _("县级责任人")
    BROADCAST = "broadcast", _("应急广播终端")
    OTHER = "other", _("其他")


class WardKind(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("独居老人")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    DISABLED = "disabled", _("残疾人")
    UNSAFE_HOUSE = "unsafe_house", _("危房户")
    HAZARD_POINT = "hazard_point", _("地质灾害隐患点住户")
    OTHER = "other", _("其他需转移人员")


class Level(models.TextChoices):
    BLUE = "blue", _("蓝色")
    YELLOW = "yellow", _("黄色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


CONFIRM_LEVELS = (Level.ORANGE, Level.RED)


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    VOICE = "voice", _("语音电话")
    BROADCAST = "broadcast", _("应急广播")
    APP = "app", _("站内消息")
    EMAIL = "email", _("电子邮件")


class ReleaseStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    FINISHED = "finished", _("已发完")
    CANCELLED = "cancelled", _("已撤销")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("排队")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已提交")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


class TargetState(models.TextChoices):
    NOT_REQUIRED = "not_required", _("无需叫应")
    WAITING = "waiting", _("待叫应")
    CONFIRMED = "confirmed", _("已叫应")
    ESCALATED = "escalated", _("未叫应（已上报）")


class ConfirmMethod(models.TextChoices):
    REPLY = "reply", _("短信回复")
    LINK = "link", _("链接确认")
    KEYPRESS = "keypress", _("语音按键")
    PHONE = "phone", _("电话确认（值班员记录）")
    APP = "app", _("站内确认")


class EventKind(models.TextChoices):
    CREATED = "created", _("发起发布")
    RESOLVED = "resolved", _("生成名单")
    SENT = "sent", _("发送")
    FAILED = "failed", _("发送失败")
    DELIVERED = "delivered", _("送达")
    CONFIRMED = "confirmed", _("叫应")
    REDIAL = "redial", _("重拨")
    ESCALATED = "escalated", _("上报未叫应")
    FINISHED = "finished", _("发送完成")
    CANCELLED = "cancelled", _("撤销")
    REFUSED = "refused", _("拒绝的确认")


# rounds of a delivery (see models.Delivery): 0 the release itself, 1…ROUND_SUPERIOR-1 the redials of 叫应,
# ROUND_SUPERIOR the 未叫应 notice to the person's superior, ROUND_DUTY+i the notice to the i-th duty officer
ROUND_RELEASE = 0
ROUND_SUPERIOR = 100
ROUND_DUTY = 101
