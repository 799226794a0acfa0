import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable, MaskedPhoneColumn

from .models import DutyChange, DutyLog, DutyPost, Handover, Shift


class DutyPostTable(BaseTable):
    post = tables.Column(verbose_name=_("岗位"), accessor="code", linkify=lambda record: record.get_absolute_url())
    region = tables.Column(verbose_name=_("区划"), accessor="region__name", order_by="region__code")
    shift_hours = tables.Column(verbose_name=_("每班时长（小时）"))
    handover_time = tables.TimeColumn(verbose_name=_("交接班时间"), format="H:i")
    phone = tables.Column(verbose_name=_("值班电话"))

    class Meta(BaseTable.Meta):
        model = DutyPost
        fields = ("post", "region", "shift_hours", "handover_time", "phone")

    def render_post(self, record):
        return record.label


class ShiftTable(BaseTable):
    start = tables.DateTimeColumn(verbose_name=_("开始时间"), format="Y-m-d H:i",
                                  linkify=lambda record: record.get_absolute_url())
    end = tables.DateTimeColumn(verbose_name=_("结束时间"), format="Y-m-d H:i")
    post = tables.Column(verbose_name=_("岗位"), accessor="post__code", order_by=("post__order",))
    person = tables.Column(verbose_name=_("值班人员"), accessor="person__full_name")
    origin = tables.Column(verbose_name=_("来源"))
    superseded_at = tables.DateTimeColumn(verbose_name=_("被替代时间"), format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Shift
        fields = ("start", "end", "post", "person", "origin", "superseded_at")

    def render_post(self, record):
        return record.post.label

    def render_person(self, record):
        return record.person.full_name or record.person.username


class DutyChangeTable(BaseTable):
    at = tables.DateTimeColumn(verbose_name=_("操作时间"), format="Y-m-d H:i")
    kind = tables.Column(verbose_name=_("类型"))
    reason = tables.Column(verbose_name=_("原因"))
    actor = tables.Column(verbose_name=_("操作人"), accessor="actor__full_name")

    class Meta(BaseTable.Meta):
        model = DutyChange
        fields = ("at", "kind", "reason", "actor")


class HandoverTable(BaseTable):
    at = tables.DateTimeColumn(verbose_name=_("交接时间"), format="Y-m-d H:i", linkify=True)
    post = tables.Column(verbose_name=_("岗位"), accessor="post__code")
    handed_by = tables.Column(verbose_name=_("交班人"), accessor="handed_by__full_name")
    received_by = tables.Column(verbose_name=_("接班人"), accessor="received_by__full_name")
    summary = tables.Column(verbose_name=_("本班情况"))

    class Meta(BaseTable.Meta):
        model = Handover
        fields = ("at", "post", "handed_by", "received_by", "summary")

    def render_post(self, record):
        return record.post.label


class DutyLogTable(BaseTable):
    at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i", linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    counterpart = tables.Column(verbose_name=_("对方单位/人员"))
    phone = MaskedPhoneColumn(verbose_name=_("对方电话"))
    content = tables.Column(verbose_name=_("内容"))
    officer = tables.Column(verbose_name=_("值班人员"), accessor="officer__full_name")

    class Meta(BaseTable.Meta):
        model = DutyLog
        fields = ("at", "kind", "counterpart", "phone", "content", "officer")
