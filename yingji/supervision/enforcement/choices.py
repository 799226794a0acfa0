from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    INSPECTION = "inspection", _("监督检查")
    HAZARD = "hazard", _("隐患排查")
    REPORT = "report", _("群众举报")
    OTHER = "other", _("其他（移送、交办等）")


class Procedure(models.TextChoices):
    SIMPLE = "simple", _("简易程序")
    ORDINARY = "ordinary", _("普通程序")


class CaseState(models.TextChoices):
    DRAFT = "draft", _("待立案")
    FILED = "filed", _("已立案")
    INVESTIGATED = "investigated", _("调查取证完毕")
    NOTIFIED = "notified", _("已告知")
    HEARING_REQUESTED = "hearing_requested", _("已申请听证")
    HEARING_HELD = "hearing_held", _("已听证")
    DECIDED = "decided", _("已决定")
    DELIVERED = "delivered", _("已送达")
    EXECUTED = "executed", _("已执行")
    CLOSED = "closed", _("已结案")


# the order of the procedure, for "has the case reached step X"
STATE_ORDER = [s.value for s in CaseState]


class Step(models.TextChoices):
    FILE = "file", _("立案")
    INVESTIGATE = "investigate", _("调查取证")
    NOTIFY = "notify", _("告知")
    REQUEST_HEARING = "request_hearing", _("申请听证")
    HOLD_HEARING = "hold_hearing", _("听证")
    DECIDE = "decide", _("决定")
    DELIVER = "deliver", _("送达")
    EXECUTE = "execute", _("执行")
    CLOSE = "close", _("结案")


class DecisionExtension(models.TextChoices):
    NONE = "none", _("未延期")
    EXTENDED = "extended", _("经负责人批准延期")
    FURTHER = "further", _("经上一级批准再延期")


class DeliveryMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达（当事人书面同意）")
    NOTICE = "notice", _("公告送达")


class PenaltyKind(models.TextChoices):
    WARNING = "warning", _("警告")
    FINE = "fine", _("罚款")
    CONFISCATION = "confiscation", _("没收违法所得")
    SUSPENSION = "suspension", _("责令停产停业整顿")
    LICENCE_SUSPENSION = "licence_suspension", _("暂扣证照")
    LICENCE_REVOCATION = "licence_revocation", _("吊销证照")
    CLOSURE = "closure", _("关闭取缔")


# penalties that carry an amount of money
MONEY_PENALTIES = (PenaltyKind.FINE, PenaltyKind.CONFISCATION)
# the only penalties of the summary procedure (行政处罚法 Art. 51)
SIMPLE_PENALTIES = (PenaltyKind.WARNING, PenaltyKind.FINE)


class PenaltyTarget(models.TextChoices):
    ENTERPRISE = "enterprise", _("生产经营单位")
    PRINCIPAL = "principal", _("主要负责人（个人）")


class MeasureKind(models.TextChoices):
    INTERVIEW = "interview", _("约谈")
    EXPOSURE = "exposure", _("曝光")
    TYPICAL_REPORTED = "typical_reported", _("典型案例（上报）")
    TYPICAL_PUBLISHED = "typical_published", _("典型案例（公开）")
    JUDICIAL_TRANSFER = "judicial_transfer", _("移送司法机关")


class DayKind(models.TextChoices):
    NATURAL = "natural", _("自然日")
    WORKING = "working", _("工作日")


class RuleCode(models.TextChoices):
    HEARING_REQUEST = "hearing_request", _("告知后申请听证期限")
    HEARING_NOTICE = "hearing_notice", _("听证通知提前期")
    DECISION_SIMPLE = "decision_simple", _("简易程序作出决定期限")
    DECISION_ORDINARY = "decision_ordinary", _("普通程序作出决定期限")
    DECISION_EXTENDED = "decision_extended", _("普通程序延期后决定期限")
    DECISION_FURTHER = "decision_further", _("普通程序再延期后决定期限")
    DELIVERY = "delivery", _("决定书送达期限")
    PAYMENT = "payment", _("罚款缴纳期限")
    LATE_SURCHARGE = "late_surcharge", _("逾期缴纳加处罚款")
