from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet
from yingji.platform.core.rules import RuleRow
from yingji.platform.core.workflow import WorkflowEvent
from yingji.supervision.enterprises.choices import Sector

from .choices import CriterionStandard, HazardCategory, HazardLevel, HazardSource, HazardState, SupervisionLevel

PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "heic"]
EVIDENCE_EXTENSIONS = [*PHOTO_EXTENSIONS, "pdf", "doc", "docx", "xls", "xlsx", "zip"]


class MajorHazardCriterion(RuleRow):
    """One item of an official 重大事故隐患判定标准: reference data, seeded by a data migration, kept current by
    administrators (a changed standard is new rows with validity dates, not an edit of history)."""

    standard = models.CharField(_("判定标准"), max_length=24, choices=CriterionStandard)
    item_no = models.CharField(_("条款"), max_length=20, help_text=_("如：第三条第（一）项、第 4 项"))
    text = models.TextField(_("判定情形"))
    sectors = models.JSONField(_("适用行业"), default=list, blank=True,
                               help_text=_("适用的企业行业类别；空为该标准适用的全部行业"))

    rule_key = ("standard", "item_no")
    list_choices = {"sectors": Sector.choices}
    choice_aliases = {"standard": {
        "工贸企业": CriterionStandard.INDUSTRY_TRADE, "工贸": CriterionStandard.INDUSTRY_TRADE,
        "化工和危险化学品": CriterionStandard.CHEMICALS, "危险化学品": CriterionStandard.CHEMICALS,
        "其他": CriterionStandard.OTHER}}
    rule_order = 20

    class Meta:
        verbose_name = _("重大事故隐患判定标准条款")
        verbose_name_plural = _("重大事故隐患判定标准条款")
        ordering = ["standard", "pk"]

    def __str__(self):
        text = self.text if len(self.text) <= 40 else self.text[:40] + "…"
        return f"{self.get_standard_display().split('（')[0]} {self.item_no}：{text}"

    def applies_to(self, sector):
        return not self.sectors or sector in self.sectors


def hazard_campaign_q(campaign):
    """The hazards of a 专项行动: attributed to it, or found in one of its inspections (the inspection record's
    发现的隐患); the rule of the statistics' ?campaign= and of the campaign's own figures."""
    through = Hazard.inspections.through  # the inspection ↔ hazard table, reached without importing inspections
    return models.Q(campaign=campaign) | models.Q(
        pk__in=through.objects.filter(inspection__campaign=campaign).values("hazard_id"))


class HazardQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(state=HazardState.CLOSED)

    def overdue(self, on=None):
        """Not yet closed (已销号) and past the rectification deadline."""
        on = on or timezone.localdate()
        return self.filter(deadline__lt=on).exclude(state=HazardState.CLOSED)

    def supervised(self):
        return self.exclude(supervision_level="")


class Hazard(BusinessModel):
    """A 隐患 and its closed loop: 待整改 → 整改中 → 待验收 → 已销号 (services.py moves it)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="hazards")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False, help_text=_("取自企业，用于数据范围"))
    ledger_no = models.CharField(_("隐患编号"), max_length=40, blank=True, db_index=True,
                                 help_text=_("本局隐患台账中的编号；历史台账导入以它识别已导入的隐患"))
    description = models.TextField(_("隐患描述"))
    category = models.CharField(_("隐患类别"), max_length=20, choices=HazardCategory)
    level = models.CharField(_("隐患级别"), max_length=10, choices=HazardLevel, default=HazardLevel.GENERAL)
    criterion = models.ForeignKey(MajorHazardCriterion, verbose_name=_("判定标准条款"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="hazards",
                                  help_text=_("重大事故隐患须选择所符合的判定标准条款，或填写判定依据"))
    major_basis = models.CharField(_("其他判定依据"), max_length=300, blank=True,
                                   help_text=_("判定标准条款表中没有适用条款时填写（如其他行业标准）"))
    source = models.CharField(_("隐患来源"), max_length=20, choices=HazardSource)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发现人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    found_by_name = models.CharField(_("发现人（系统外）"), max_length=60, blank=True,
                                     help_text=_("企业自查人员或举报人；匿名举报可空"))
    found_on = models.DateField(_("发现日期"), default=timezone.localdate)
    photo = models.FileField(_("隐患照片"), upload_to="hazards/photos/%Y/%m/", blank=True,
                             validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
                             help_text=_("现场拍摄的隐患照片（手机可直接拍照上传）"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=60, blank=True)
    # 五落实: 责任、措施、资金、时限、预案
    plan_responsibility = models.CharField(_("责任落实"), max_length=300, blank=True,
                                           help_text=_("整改责任单位、责任领导"))
    plan_measures = models.TextField(_("措施落实"), blank=True)
    plan_funds = models.DecimalField(_("资金落实（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    plan_time_limit = models.CharField(_("时限落实"), max_length=300, blank=True,
                                       help_text=_("整改进度安排，如分阶段完成时间"))
    plan_contingency = models.TextField(_("预案落实"), blank=True,
                                        help_text=_("整改期间的安全防范措施和应急预案"))
    evidence = models.TextField(_("整改情况"), blank=True)
    evidence_file = models.FileField(_("整改佐证材料"), upload_to="hazards/evidence/%Y/%m/", blank=True,
                                     validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)])
    state = models.CharField(_("状态"), max_length=20, choices=HazardState, default=HazardState.PENDING,
                             editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交验收人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    submitted_at = models.DateTimeField(_("提交验收时间"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验收人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True, editable=False)
    # 挂牌督办 (重大事故隐患 only)
    supervision_level = models.CharField(_("挂牌督办级别"), max_length=10, choices=SupervisionLevel, blank=True)
    supervising_unit = models.CharField(_("督办单位"), max_length=120, blank=True)
    supervision_deadline = models.DateField(_("督办期限"), null=True, blank=True)
    # 专项行动 (a string reference: the models import nothing of campaigns): the campaign it was found in
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("专项行动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="hazards",
                                 help_text=_("在专项行动中发现的隐患；只能选择发现日期在其期间内的专项行动"))

    scope_department_field = "enterprise__supervising_department"
    scope_enterprise_field = "enterprise"  # 企业端: an enterprise account sees its own hazards only
    objects = HazardQuerySet.as_manager()
    # the statistics parameters (core.stats.narrow): ?campaign= and ?source=
    stats_filters = {"campaign": hazard_campaign_q, "source": "source"}

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_on", "-pk"]
        permissions = [("approve_hazard", _("验收销号隐患"))]
        indexes = [
            models.Index(fields=["region", "state", "deadline"], name="hazard_region_state_deadline"),
            models.Index(fields=["enterprise", "found_on"], name="hazard_enterprise_found"),
            models.Index(fields=["found_on"], name="hazard_found_on"),
            # the statistics of a region's period (hazards found in it): a county's year reads a third of its rows
            # through this instead of all of them (bench/supervision.py: 5.9 → 3.2 s at full scale)
            models.Index(fields=["region", "found_on"], name="hazard_region_found"),
            # 逾期未整改 of a region's period (open, past the deadline), the one hazard figure the statistics rollup
            # cannot carry (it depends on today): the open tenth of the hazards, read from the index alone
            # (docs/benchmarks.md: 1.1 s → 1.3 ms for a county's year at full scale)
            models.Index(fields=["region", "found_on", "deadline"], name="hazard_open_region_found",
                         condition=~models.Q(state=HazardState.CLOSED) & models.Q(voided_at__isnull=True)),
            # the list people use most: a region's hazards in one state (待整改, 待验收 …) found since a day, newest
            # first; the state and the date are both index conditions instead of a filter over the state's rows.
            # Of the records in use only (lists and counts ask voided_at IS NULL), so that a page's count of a
            # region's hazards in one state is read from the index alone (docs/benchmarks.md: a county's closed
            # hazards at --scale 4, 19,453 of them, 72 → 2.4 ms)
            models.Index(fields=["region", "state", "found_on"], name="hazard_region_state_found",
                         condition=models.Q(voided_at__isnull=True)),
        ]

    def __str__(self):
        text = self.description if len(self.description) <= 30 else self.description[:30] + "…"
        return f"{self.enterprise.name}：{text}" if self.enterprise_id else text

    def get_absolute_url(self):
        return reverse("hazards:hazard_detail", args=[self.pk])

    @property
    def is_major(self):
        return self.level == HazardLevel.MAJOR

    @property
    def is_overdue(self):
        return bool(self.deadline and self.deadline < timezone.localdate() and self.state != HazardState.CLOSED)

    def save(self, *args, **kwargs):
        if self.enterprise_id and (self.region_id is None or self._enterprise_region_changed()):
            self.region_id = self.enterprise.region_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "region"}
        super().save(*args, **kwargs)

    def assume_finder(self, user):
        """A new hazard an inspector registers from an inspection (部门检查, 督导检查) without naming its finder
        was found by him: the web form and the API both apply this."""
        if self.found_by_id is None and not self.found_by_name and self.source in (
                HazardSource.DEPARTMENT, HazardSource.SUPERVISION):
            self.found_by = user

    def _enterprise_region_changed(self):
        return self.region_id != self.enterprise.region_id

    def clean(self):
        super().clean()
        errors = {}
        if self.deadline and self.found_on and self.deadline < self.found_on:
            errors["deadline"] = _("整改期限不能早于发现日期")
        if self.found_on and self.found_on > timezone.localdate():
            errors["found_on"] = _("发现日期不能晚于今天")
        if self.level == HazardLevel.MAJOR:
            if not self.criterion_id and not self.major_basis.strip():
                errors["criterion"] = _("重大事故隐患须选择判定标准条款或填写其他判定依据")
            if self.criterion_id and self.enterprise_id and not self.criterion.applies_to(self.enterprise.sector):
                errors["criterion"] = _("所选判定标准条款不适用于该企业的行业类别")
            elif self.criterion_id and self.found_on and not self.criterion.in_force_on(self.found_on):
                errors["criterion"] = _("所选判定标准条款在发现日期时不在施行期内")
            elif self.criterion_id and self.enterprise_id and not self.criterion.applies_in(self.enterprise.region):
                errors["criterion"] = _("所选判定标准条款是其他地区的规定，不适用于该企业所在地")
        else:
            if self.criterion_id:
                errors["criterion"] = _("一般隐患不选择重大事故隐患判定标准条款")
            if self.supervision_level:
                errors["supervision_level"] = _("只有重大事故隐患可以挂牌督办")
        parts = [bool(self.supervision_level), bool(self.supervising_unit.strip()),
                 self.supervision_deadline is not None]
        if any(parts) and not all(parts) and "supervision_level" not in errors:
            errors["supervision_level"] = _("挂牌督办须同时填写督办级别、督办单位和督办期限")
        if self.supervision_deadline and self.found_on and self.supervision_deadline < self.found_on:
            errors["supervision_deadline"] = _("督办期限不能早于发现日期")
        if self.plan_funds is not None and self.plan_funds < 0:
            errors["plan_funds"] = _("整改资金不能为负数")
        if self.campaign_id and "found_on" not in errors:
            problem = self.campaign.attribution_error(
                self.found_on, self.enterprise.region if self.enterprise_id else None)
            if problem:
                errors["campaign"] = problem
        if errors:
            raise ValidationError(errors)


class HazardEvent(WorkflowEvent):
    """One step of a hazard's closed loop: who moved it from which state to which, when, and why."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=20, choices=HazardState)
    to_state = models.CharField(_("新状态"), max_length=20, choices=HazardState)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("隐患流转记录")
        verbose_name_plural = _("隐患流转记录")
