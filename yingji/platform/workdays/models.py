"""节假日安排: the statutory holidays and the weekend days worked in their place (调休), day by day.

行政处罚法 Art. 85: the limits of 二日、三日、五日、七日 count working days, 不含法定节假日. A working day is a
Monday to Friday that is not a 放假 day of the State Council's notice, or a Saturday/Sunday the notice makes a
working day (调休上班). The days are data, seeded by migration from the notices and kept by the administrator.

The calendar is nationwide: it has no region, every role may read it, only the administrator may change it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel, ScopedQuerySet

from .choices import WEEKDAYS, DayKind


class CalendarDayQuerySet(ScopedQuerySet):
    def in_year(self, year):
        return self.filter(date__year=year)


class CalendarDay(BusinessModel):
    """One day of the State Council's holiday notice: 放假 (a holiday) or 调休上班 (a weekend day worked)."""

    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind)
    holiday = models.CharField(_("节日"), max_length=30, blank=True,
                               help_text=_("如：元旦、春节、国庆节；调休上班日填写所调休的节日"))
    basis = models.CharField(_("依据"), max_length=200,
                             help_text=_("国务院办公厅关于当年部分节假日安排的通知及文号，如：国办发明电〔2024〕12号"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    # nationwide: no region, so every user who may view sees every day (see scope_q)
    scope_global = True
    scope_region_field = None
    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(
            fields=["date"], condition=models.Q(voided_at__isnull=True), name="workdays_calendarday_date_active",
            violation_error_message=_("该日期已登记，同一日期只能登记一次（如需更正请修改或作废原记录）"))]

    def __str__(self):
        name = f"{self.holiday}" if self.holiday else ""
        return f"{self.date:%Y-%m-%d} {name}{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("workdays:calendarday_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        return models.Q()

    @property
    def weekday_label(self):
        return WEEKDAYS[self.date.weekday()] if self.date else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.kind == DayKind.WORKDAY and self.date.weekday() < 5:
            errors["kind"] = _("%(d)s 是%(w)s，本来就是工作日，不能登记为调休上班（调休上班只能是星期六或星期日）") % {
                "d": self.date.strftime("%Y-%m-%d"), "w": WEEKDAYS[self.date.weekday()]}
        self.holiday = (self.holiday or "").strip()
        if self.kind == DayKind.HOLIDAY and not self.holiday:
            errors["holiday"] = _("放假日须填写节日名称（如：春节）")
        if self.date and self.voided_at is None:
            other = CalendarDay.objects.filter(date=self.date, voided_at__isnull=True).exclude(pk=self.pk).first()
            if other is not None:
                errors["date"] = _("%(d)s 已登记为“%(o)s”，同一日期只能登记一次（如需更正请修改或作废原记录）") % {
                    "d": self.date.strftime("%Y-%m-%d"), "o": other}
        if errors:
            raise ValidationError(errors)
