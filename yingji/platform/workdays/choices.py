from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


# the words an imported ledger may use for each kind (the labels, and the short forms of the notices' tables)
KIND_WORDS = {
    "放假": DayKind.HOLIDAY, "休": DayKind.HOLIDAY, "休息": DayKind.HOLIDAY, "holiday": DayKind.HOLIDAY,
    "调休上班": DayKind.WORKDAY, "上班": DayKind.WORKDAY, "班": DayKind.WORKDAY, "workday": DayKind.WORKDAY,
}

WEEKDAYS = [_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日")]
