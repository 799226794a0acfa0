"""专项行动 (campaigns), split out of inspections (issue 8): a campaign and the places it covers outside the enterprise
register. The tables keep their inspections_ names (Meta.db_table; the enterprises M2M table follows), so moving the
models changed no data (migrations/0001_initial.py, inspections/0010_campaigns_moved.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedQuerySet
from yingji.supervision.enterprises.choices import Sector


class CampaignQuerySet(ScopedQuerySet):
    def restrict(self, user, action="view"):
        """As every record, and for reading also the campaigns of the regions above the user's: a county's
        campaign is seen (and offered to attribute records to) by the townships, villages and grids taking part."""
        if action == "view" and user is not None and user.is_authenticated and user.is_active \
                and not user.is_superuser and getattr(user, "region", None) is not None \
                and user.has_perm(f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"):
            from yingji.platform.core.models import is_external_user

            q = self.model.scope_q(user)
            if q is None:
                return self.none()
            if not is_external_user(user):
                q |= models.Q(region__in=user.region.ancestors().values("pk"))
            return self.filter(q)
        return super().restrict(user, action)

    def active_on(self, day):
        """Not voided, and the day within the campaign's period."""
        return self.active().filter(start_date__lte=day, end_date__gte=day)


class Campaign(BusinessModel):
    """专项行动 (e.g. 重大事故隐患专项排查整治2023行动): a period, a region, its scope (sectors, the enterprises it
    covers, a free list of places), and the records attributed to it (inspections, 督导检查, hazards, draws,
    enforcement cases, penalties, 约谈/曝光 and 典型案例: each has a nullable `campaign`); its figures are computed
    from them (services.campaign_figures), never typed."""

    name = models.CharField(_("行动名称"), max_length=150)
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    sectors = models.JSONField(_("涉及行业"), default=list, blank=True)
    enterprises = models.ManyToManyField("enterprises.Enterprise", verbose_name=_("纳入企业"), blank=True,
                                         related_name="campaigns")
    description = models.TextField(_("工作要求"), blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        db_table = "inspections_campaign"  # the table of before the split (the M2M: inspections_campaign_enterprises)
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
        bad = [s for s in (self.sectors or []) if s not in Sector.values]
        if bad:
            raise ValidationError({"sectors": _("未知的行业：%(s)s") % {"s": "、".join(map(str, bad))}})

    def sector_names(self):
        labels = dict(Sector.choices)
        return "、".join(str(labels.get(s, s)) for s in self.sectors or [])

    def attribution_error(self, day, region):
        """Why a record of `day` in `region` cannot be attributed to this campaign (a Chinese message), or None:
        the campaign must not be voided, the day must fall within its period and the region within its region."""
        if self.voided_at is not None:
            return _("专项行动“%(c)s”已作废") % {"c": self.name}
        if day is not None and not (self.start_date <= day <= self.end_date):
            return _("日期 %(d)s 不在专项行动期间（%(a)s 至 %(b)s）") % {"d": day, "a": self.start_date,
                                                                   "b": self.end_date}
        if region is not None and self.region_id and not region.is_within(self.region):
            return _("记录所在区划不在专项行动“%(c)s”的区划（%(r)s）内") % {"c": self.name, "r": self.region}
        return None


class CampaignPlace(AuditedMixin, models.Model):
    """A place a campaign covers that is not in the enterprise register (a 九小场所, a 出租屋, a construction
    site), kept as a free list on the campaign; the day it was inspected, when it was."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE,
                                 related_name="places")
    name = models.CharField(_("场所名称"), max_length=150)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True,
                                    help_text=_("已检查的填写检查日期；未检查的留空"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    audit_parent = "campaign"

    class Meta:
        db_table = "inspections_campaignplace"
        verbose_name = _("纳入场所")
        verbose_name_plural = _("纳入场所")
        ordering = ["campaign", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.inspected_on and self.inspected_on > timezone.localdate():
            raise ValidationError({"inspected_on": _("检查日期不能晚于今天")})
        if self.inspected_on and self.campaign_id and not (
                self.campaign.start_date <= self.inspected_on <= self.campaign.end_date):
            raise ValidationError({"inspected_on": _("检查日期不在专项行动期间（%(a)s 至 %(b)s）") % {
                "a": self.campaign.start_date, "b": self.campaign.end_date}})
