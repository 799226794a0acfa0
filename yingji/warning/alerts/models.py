"""预警信息: a warning as a CAP 1.2 message (alert → info → area) with China's national-profile fields.

One row is one message. An Update or a Cancel is a new row that names the message it updates or cancels
(`predecessor`); when it is published the predecessor becomes 已更新 / 已解除 and the new message's `references` lists
every earlier message of the chain still in force (sender,identifier,sent). The identity (sender, identifier, sent) is
given once, at 发布, and never changes afterwards (save() refuses it), so a downstream aggregator never sees the same
warning twice under two identities (cap-composer PR #207).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.workflow import WorkflowEvent

from .choices import (
    ISSUED_STATES,
    CapScope,
    CapStatus,
    Category,
    Certainty,
    EventType,
    Level,
    MsgType,
    Origin,
    ResponseType,
    Severity,
    Urgency,
    WarningState,
)

FROZEN_IDENTITY = _("已发布预警的标识（发送方、编号、发送时间）不可更改；如需修改内容请发布“更新”")

_PAIR = r"[+-]?\d{1,2}(?:\.\d+)?,[+-]?\d{1,3}(?:\.\d+)?"
_CIRCLE = re.compile(rf"^({_PAIR})\s+(\d+(?:\.\d+)?)$")


def parse_pairs(text):
    """[(lat, lon)] of a CAP coordinate list "lat,lon lat,lon …"; ValueError in Chinese when malformed."""
    pairs = []
    for token in text.split():
        if not re.fullmatch(_PAIR, token):
            raise ValueError(_("坐标“%(t)s”格式不对，应为“纬度,经度”") % {"t": token})
        lat, lon = (float(v) for v in token.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(_("坐标“%(t)s”超出范围（纬度 -90～90，经度 -180～180）") % {"t": token})
        pairs.append((lat, lon))
    return pairs


def check_polygon(line):
    """A CAP polygon: at least four WGS-84 "lat,lon" pairs, the first equal to the last (closed)."""
    pairs = parse_pairs(line)
    if len(pairs) < 4:
        raise ValueError(_("多边形至少需要 4 个坐标点（首尾相同）"))
    if pairs[0] != pairs[-1]:
        raise ValueError(_("多边形须闭合：最后一个坐标点应与第一个相同"))
    return pairs


def check_circle(line):
    """A CAP circle: "lat,lon radius" with the radius in kilometres."""
    m = _CIRCLE.match(line.strip())
    if not m:
        raise ValueError(_("圆形区域格式应为“纬度,经度 半径公里数”，如“28.65,121.42 5”"))
    parse_pairs(m.group(1))
    return m


def lines(text):
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


class DefenceGuide(RuleRow):
    """防御指南: the standard instruction of one event type at one level (a rule table: the national text, a
    province's or county's own text overriding it there)."""

    event_type = models.CharField(_("预警类型"), max_length=20, choices=EventType)
    level = models.CharField(_("预警级别"), max_length=10, choices=Level)
    text = models.TextField(_("防御指南"), help_text=_("每条措施一行"))

    rule_key = ("event_type", "level")
    choice_aliases = {"level": {"蓝": Level.BLUE, "黄": Level.YELLOW, "橙": Level.ORANGE, "红": Level.RED}}
    rule_order = 60

    class Meta:
        verbose_name = _("预警防御指南")
        verbose_name_plural = _("预警防御指南")
        ordering = ["event_type", "level", "pk"]

    def __str__(self):
        return _("%(event)s%(level)s预警防御指南") % {"event": self.get_event_type_display(),
                                               "level": self.get_level_display()}


class WarningQuerySet(ScopedQuerySet):
    def in_force(self, at=None):
        """Published warnings (首发 or 更新, not a 解除) whose expiry has not passed at `at` (default now): the active
        list reads this, so a warning leaves it at its expiry even before the sweep marks it 已过期."""
        at = at or timezone.now()
        return self.filter(state=WarningState.PUBLISHED, msg_type__in=(MsgType.ALERT, MsgType.UPDATE),
                           expires__gt=at, voided_at__isnull=True)

    def awaiting(self, state):
        return self.filter(state=state, voided_at__isnull=True)


class Warning(BusinessModel):
    """One CAP message (see the module docstring)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("发布单位辖区"), on_delete=models.PROTECT,
                               related_name="+", help_text=_("发布单位所在区划（决定谁能看到和办理）"))
    origin = models.CharField(_("来源"), max_length=10, choices=Origin, default=Origin.LOCAL, editable=False)
    state = models.CharField(_("状态"), max_length=20, choices=WarningState, default=WarningState.DRAFT,
                             editable=False)
    # --- alert ---------------------------------------------------------------------------------------------------
    identifier = models.CharField(_("预警编号"), max_length=64, blank=True, editable=False,
                                  help_text=_("发布时生成：发布单位代码_发送时间_序号（GB/T 35965.1 附录A），之后不可更改"))
    sender = models.CharField(_("发送方标识"), max_length=120, blank=True, editable=False)
    sender_code = models.CharField(_("发布单位代码"), max_length=14, blank=True, editable=False)
    sender_name = models.CharField(_("发布单位"), max_length=120, blank=True, editable=False)
    sent = models.DateTimeField(_("发送时间"), null=True, blank=True, editable=False)
    status = models.CharField(_("信息状态"), max_length=10, choices=CapStatus, default=CapStatus.ACTUAL)
    msg_type = models.CharField(_("信息类型"), max_length=10, choices=MsgType, default=MsgType.ALERT,
                                editable=False)
    scope = models.CharField(_("发布范围"), max_length=12, choices=CapScope, default=CapScope.PUBLIC)
    restriction = models.CharField(_("限定说明"), max_length=200, blank=True,
                                   help_text=_("发布范围为“限定”时必填"))
    addresses = models.CharField(_("指定对象"), max_length=500, blank=True,
                                 help_text=_("发布范围为“指定对象”时必填"))
    note = models.CharField(_("备注/解除原因"), max_length=500, blank=True)
    predecessor = models.ForeignKey("self", verbose_name=_("原预警"), null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="successors",
                                    help_text=_("更新或解除所针对的预警"))
    references = models.TextField(_("引用"), blank=True, editable=False,
                                  help_text=_("发布时记下仍有效的前序消息：发送方,编号,发送时间"))
    source = models.CharField(_("信息来源说明"), max_length=300, blank=True)
    # --- info ----------------------------------------------------------------------------------------------------
    event_type = models.CharField(_("预警类型"), max_length=20, choices=EventType)
    event_code = models.CharField(_("事件类型代码"), max_length=10, blank=True,
                                  help_text=_("国家预警信息发布系统的事件类型代码，如暴雨 11B03；空则按预警类型取默认值"))
    category = models.CharField(_("CAP类别"), max_length=10, choices=Category, blank=True)
    level = models.CharField(_("预警级别"), max_length=10, choices=Level)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity, blank=True,
                                help_text=_("空则按预警级别取：蓝 Minor、黄 Moderate、橙 Severe、红 Extreme"))
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency, blank=True)
    certainty = models.CharField(_("确定程度"), max_length=10, choices=Certainty, blank=True)
    response_type = models.CharField(_("建议行动"), max_length=10, choices=ResponseType, blank=True)
    effective = models.DateTimeField(_("生效时间"), null=True, blank=True, help_text=_("空则为发布时间"))
    onset = models.DateTimeField(_("开始时间"), null=True, blank=True, help_text=_("预计灾害性天气/事件开始的时间"))
    expires = models.DateTimeField(_("失效时间"), null=True, blank=True)
    headline = models.CharField(_("标题"), max_length=200, blank=True,
                                help_text=_("空则按“发布单位发布类型级别预警”生成"))
    description = models.TextField(_("预警内容"))
    instruction = models.TextField(_("防御指南"), blank=True, help_text=_("空则取防御指南库中该类型、级别的标准指南"))
    web = models.URLField(_("详情网址"), blank=True)
    contact = models.CharField(_("联系方式"), max_length=120, blank=True)
    # --- area ----------------------------------------------------------------------------------------------------
    areas = models.ManyToManyField("regions.Region", verbose_name=_("预警区域"), blank=True, related_name="+",
                                   help_text=_("所选区划及其下辖全部区域"))
    target_groups = models.ManyToManyField(
        "release.Group", verbose_name=_("接收分组"), blank=True, related_name="warnings",
        help_text=_("除预警区域内的责任人外，另行发送的分组（如县防指成员单位、包保责任人）；按人去重"))
    area_desc = models.CharField(_("区域描述"), max_length=500, blank=True, help_text=_("空则由所选区划名称生成"))
    polygons = models.TextField(_("多边形区域"), blank=True,
                                help_text=_("每行一个多边形：“纬度,经度 纬度,经度 …”，至少 4 点且首尾相同"))
    circles = models.TextField(_("圆形区域"), blank=True,
                               help_text=_("每行一个：“纬度,经度 半径公里数”"))
    # --- workflow ------------------------------------------------------------------------------------------------
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    # --- an upstream message received for forwarding (转发) ------------------------------------------------------------
    upstream_sender = models.CharField(_("上级发送方"), max_length=120, blank=True, editable=False)
    upstream_identifier = models.CharField(_("上级预警编号"), max_length=120, blank=True, editable=False)
    upstream_sent = models.DateTimeField(_("上级发送时间"), null=True, blank=True, editable=False)
    upstream_sender_name = models.CharField(_("上级发布单位"), max_length=200, blank=True, editable=False)
    upstream_xml = models.TextField(_("上级原文"), blank=True, editable=False)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警信息")
        verbose_name_plural = _("预警信息")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_warning", _("审核预警信息")), ("sign_warning", _("签发预警信息")),
                       ("publish_warning", _("发布预警信息")), ("forward_warning", _("转发上级预警信息"))]
        constraints = [
            models.UniqueConstraint(fields=["sender", "identifier"], condition=~models.Q(identifier=""),
                                    name="warning_unique_identity"),
        ]
        indexes = [
            models.Index(fields=["state", "expires"], name="warning_state_expires"),
            models.Index(fields=["region", "sent"], name="warning_region_sent"),
            models.Index(fields=["upstream_sender", "upstream_identifier"], name="warning_upstream"),
        ]

    def __str__(self):
        return self.headline or self.default_headline()

    def get_absolute_url(self):
        return reverse("alerts:warning_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        """The user's region subtree, and the messages his superiors (the county, the city …) have issued: a township
        officer reads the county's published warnings, which are public anyway. Only issued messages widen the
        scope, and those are never edited (a change is a new Update message)."""
        q = super().region_scope_q(user)
        if q is None:
            return None
        from yingji.platform.core.rules import ancestor_codes

        return q | models.Q(state__in=ISSUED_STATES, region__code__in=ancestor_codes(user.region))

    # --- derived values ------------------------------------------------------------------------------------------
    @property
    def is_issued(self):
        return self.state in ISSUED_STATES

    @property
    def is_in_force(self):
        return (self.state == WarningState.PUBLISHED and self.msg_type != MsgType.CANCEL and self.voided_at is None
                and self.expires is not None and self.expires > timezone.now())

    def default_headline(self):
        """The national profile's template: <发布单位>发布<类型><级别>预警 / …解除…, in Chinese whatever the language
        of the user's pages (it is the published headline)."""
        with translation.override(settings.LANGUAGE_CODE):
            return self._default_headline()

    def _default_headline(self):
        who = self.sender_name or (self.region.name if self.region_id else "")
        verb = "解除" if self.msg_type == MsgType.CANCEL else ("更新" if self.msg_type == MsgType.UPDATE else "发布")
        level = self.get_level_display() if self.level else ""
        return f"{who}{verb}{self.get_event_type_display()}{level}预警"

    def area_regions(self):
        return list(self.areas.all())

    def area_description(self):
        return self.area_desc or "、".join(r.name for r in self.area_regions())

    def identity(self):
        """The (sender, identifier, sent) triple of CAP <references>, or None before 发布."""
        if not self.identifier:
            return None
        from .cap import cap_time

        return f"{self.sender},{self.identifier},{cap_time(self.sent)}"

    # --- rules ---------------------------------------------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.expires and self.onset and self.expires <= self.onset:
            errors["expires"] = _("失效时间须晚于开始时间")
        if self.expires and self.effective and self.expires <= self.effective:
            errors["expires"] = _("失效时间须晚于生效时间")
        for line in lines(self.polygons):
            try:
                check_polygon(line)
            except ValueError as e:
                errors["polygons"] = str(e)
                break
        for line in lines(self.circles):
            try:
                check_circle(line)
            except ValueError as e:
                errors["circles"] = str(e)
                break
        if self.scope == CapScope.RESTRICTED and not self.restriction.strip():
            errors["restriction"] = _("发布范围为“限定”时须填写限定说明")
        if self.scope == CapScope.PRIVATE and not self.addresses.strip():
            errors["addresses"] = _("发布范围为“指定对象”时须填写指定对象")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("identifier", "sender", "sent").first()
            if stored and stored["identifier"] and (
                    stored["identifier"] != self.identifier or stored["sender"] != self.sender
                    or stored["sent"] != self.sent):
                raise ValidationError(FROZEN_IDENTITY)
        super().save(*args, **kwargs)


class WarningEvent(WorkflowEvent):
    """One step of a warning: 提交审核, 审核通过, 退回, 签发, 发布, 转发, and 已更新/已解除 by a later message."""

    warning = models.ForeignKey(Warning, verbose_name=_("预警信息"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=20, choices=WarningState)
    to_state = models.CharField(_("新状态"), max_length=20, choices=WarningState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("预警流转记录")
        verbose_name_plural = _("预警流转记录")
