"""应急响应: a response under a special plan at level Ⅳ…Ⅰ, started, raised, lowered and ended with who decided and
when (workflow events), the actions each level requires of each unit as a checklist, and the forecast-linked steps
a rule prepares from a warning ahead of its onset for a person to confirm."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.workflow import WorkflowEvent
from yingji.warning.alerts.choices import EventType, Level

from .choices import PLAN_SHORT, PlanType, ResponseLevel, ResponseState, StepState, TaskSource


def action_lines(text):
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


class ResponseActionRule(RuleRow):
    """What one unit must do at one level of one plan (one action per line): the national or provincial model plan's
    table, a county's own row for a unit overriding it there."""

    plan_type = models.CharField(_("预案类型"), max_length=20, choices=PlanType)
    level = models.PositiveSmallIntegerField(_("响应级别"), choices=ResponseLevel)
    unit = models.CharField(_("责任单位"), max_length=60)
    actions = models.TextField(_("响应措施"), help_text=_("每条措施一行"))

    rule_key = ("plan_type", "level", "unit")
    rule_order = 62

    class Meta:
        verbose_name = _("应急响应措施")
        verbose_name_plural = _("应急响应措施")
        ordering = ["plan_type", "-level", "unit", "pk"]

    def __str__(self):
        return f"{self.get_plan_type_display()}{self.get_level_display()}：{self.unit}"


class ForecastRule(RuleRow):
    """A forecast-linked step: when a warning of `event_type` at `min_level` or above is `lead_hours` from its onset,
    prepare this notice and these checklist items for a person to confirm."""

    event_type = models.CharField(_("预警类型"), max_length=20, choices=EventType)
    lead_hours = models.PositiveSmallIntegerField(_("提前小时数"), help_text=_("如 12、6、2：距预计开始时间多少小时"))
    min_level = models.CharField(_("最低预警级别"), max_length=10, choices=Level, default=Level.BLUE)
    plan_type = models.CharField(_("预案类型"), max_length=20, choices=PlanType)
    message = models.TextField(_("提示通知"), help_text=_("可用 {event}、{level}、{area}、{onset}、{hours}"))
    actions = models.TextField(_("待办事项"), help_text=_("每行一项，“责任单位：措施”"))

    rule_key = ("event_type", "lead_hours")
    rule_order = 63

    class Meta:
        verbose_name = _("临灾预报提示规则")
        verbose_name_plural = _("临灾预报提示规则")
        ordering = ["event_type", "-lead_hours", "pk"]

    def __str__(self):
        return _("%(event)s提前%(n)s小时") % {"event": self.get_event_type_display(), "n": self.lead_hours}

    def clean(self):
        super().clean()
        if not self.lead_hours:
            raise ValidationError({"lead_hours": _("提前小时数须大于 0")})


class ResponseQuerySet(ScopedQuerySet):
    def active_now(self):
        return self.filter(state=ResponseState.ACTIVE, voided_at__isnull=True)


class EmergencyResponse(BusinessModel):
    """One emergency response (应急响应) of a region under one plan."""

    region = models.ForeignKey("regions.Region", verbose_name=_("响应区划"), on_delete=models.PROTECT,
                               related_name="+")
    plan_type = models.CharField(_("预案类型"), max_length=20, choices=PlanType)
    level = models.PositiveSmallIntegerField(_("响应级别"), choices=ResponseLevel, default=ResponseLevel.IV)
    state = models.CharField(_("状态"), max_length=10, choices=ResponseState, default=ResponseState.PROPOSED,
                             editable=False)
    reason = models.TextField(_("启动依据"), help_text=_("如：县气象台发布暴雨橙色预警，预计…"))
    warning = models.ForeignKey("alerts.Warning", verbose_name=_("关联预警"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("启动时间"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True, editable=False)
    decided_by = models.CharField(_("最近决策人"), max_length=100, blank=True, editable=False)
    peak_level = models.PositiveSmallIntegerField(_("最高响应级别"), choices=ResponseLevel, null=True, blank=True,
                                                  editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急响应")
        verbose_name_plural = _("应急响应")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_emergencyresponse", _("启动、调整、终止应急响应"))]
        constraints = [
            # one response per plan and region at a time (raise or lower it instead of starting another)
            models.UniqueConstraint(fields=["region", "plan_type"], condition=models.Q(
                state__in=["proposed", "active"], voided_at__isnull=True), name="response_one_open_per_plan"),
        ]
        indexes = [models.Index(fields=["region", "started_at"], name="response_region_started")]

    def __str__(self):
        return f"{self.region.name if self.region_id else ''}{PLAN_SHORT.get(self.plan_type, '')}" \
               f"{self.get_level_display()}应急响应"

    def get_absolute_url(self):
        return reverse("response:emergencyresponse_detail", args=[self.pk])


class ResponseEvent(WorkflowEvent):
    """启动, 提升, 降低, 终止: who decided (the decision-maker, e.g. 县防指指挥长), when, and who recorded it (actor)."""

    response = models.ForeignKey(EmergencyResponse, verbose_name=_("应急响应"), on_delete=models.PROTECT,
                                 related_name="events")
    from_state = models.CharField(_("原状态"), max_length=20, choices=ResponseState)
    to_state = models.CharField(_("新状态"), max_length=20, choices=ResponseState)
    from_level = models.PositiveSmallIntegerField(_("原级别"), choices=ResponseLevel, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(_("新级别"), choices=ResponseLevel, null=True, blank=True)
    decided_by = models.CharField(_("决策人"), max_length=100, blank=True)
    decided_at = models.DateTimeField(_("决策时间"), null=True, blank=True)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("应急响应记录")
        verbose_name_plural = _("应急响应记录")


class ForecastStep(BusinessModel):
    """A notice and checklist a ForecastRule prepared from a warning ahead of its onset, waiting for a person."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    warning = models.ForeignKey("alerts.Warning", verbose_name=_("预警/预报"), on_delete=models.PROTECT,
                                related_name="+")
    rule = models.ForeignKey(ForecastRule, verbose_name=_("规则"), on_delete=models.PROTECT, related_name="+")
    lead_hours = models.PositiveSmallIntegerField(_("提前小时数"))
    due_at = models.DateTimeField(_("提示时间"))
    state = models.CharField(_("状态"), max_length=10, choices=StepState, default=StepState.PREPARED)
    message = models.TextField(_("提示通知"))
    items = models.JSONField(_("待办事项"), default=list)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    response = models.ForeignKey(EmergencyResponse, verbose_name=_("纳入的应急响应"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="steps")

    class Meta:
        verbose_name = _("临灾预报提示")
        verbose_name_plural = _("临灾预报提示")
        ordering = ["-due_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["warning", "rule"], name="forecast_step_once")]

    def __str__(self):
        return _("%(warning)s：提前%(n)s小时提示") % {"warning": self.warning, "n": self.lead_hours}

    def get_absolute_url(self):
        return reverse("response:forecaststep_detail", args=[self.pk])


class ResponseTask(BusinessModel):
    """One checklist item: what one unit must do, and whether it is done (by whom, when)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    response = models.ForeignKey(EmergencyResponse, verbose_name=_("应急响应"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="tasks")
    step = models.ForeignKey(ForecastStep, verbose_name=_("预报提示"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="tasks")
    level = models.PositiveSmallIntegerField(_("响应级别"), choices=ResponseLevel, null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=TaskSource, default=TaskSource.RULE)
    unit = models.CharField(_("责任单位"), max_length=60)
    action = models.CharField(_("措施"), max_length=300)
    done_at = models.DateTimeField(_("落实时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("落实登记人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    done_note = models.CharField(_("落实情况"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("响应措施落实")
        verbose_name_plural = _("响应措施落实")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "level", "unit", "action"],
                                    condition=models.Q(response__isnull=False, step__isnull=True),
                                    name="response_task_once"),
        ]

    def __str__(self):
        return f"{self.unit}：{self.action}"

    def get_absolute_url(self):
        if self.response_id:
            return self.response.get_absolute_url()
        return self.step.get_absolute_url()
