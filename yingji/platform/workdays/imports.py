from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports

from .choices import KIND_WORDS
from .forms import CalendarDayForm
from .models import CalendarDay


@imports.register
class CalendarDayImport(imports.ImportSpec):
    """A year's notice, one row a day: every 放假 day (weekends of the holiday included) and every 调休上班 day."""

    name = "calendardays"
    label = _("节假日安排")
    model = CalendarDay
    edit_form = CalendarDayForm
    columns = [
        imports.Column(_("日期"), "date", required=True, help=_("YYYY-MM-DD；同一日期只能有一行"),
                       example="2027-01-01"),
        imports.Column(_("类型"), "kind", required=True, help=_("放假 或 调休上班（调休上班只能是星期六或星期日）"),
                       example="放假", aliases=tuple(KIND_WORDS.items())),
        imports.Column(_("节日"), "holiday", help=_("放假日必填，如：元旦、春节"), example="元旦"),
        imports.Column(_("依据"), "basis", required=True, help=_("通知名称或文号"),
                       example="国务院办公厅关于2027年部分节假日安排的通知"),
        imports.Column(_("备注"), "note"),
    ]

    def row_key(self, obj):
        return obj.date

    def existing_keys(self, keys):
        return set(CalendarDay.objects.filter(date__in=list(keys), voided_at__isnull=True)
                   .values_list("date", flat=True))

    def save(self, objs, user):
        from . import services

        super().save(objs, user)
        services.changed([o.date for o in objs])
