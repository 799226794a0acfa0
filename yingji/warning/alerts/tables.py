import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .choices import Level, WarningState
from .models import Warning

LEVEL_BADGE = {Level.BLUE: "text-bg-primary", Level.YELLOW: "text-bg-warning", Level.ORANGE: "text-bg-orange",
               Level.RED: "text-bg-danger"}
LEVEL_STYLE = {Level.ORANGE: "background:#fd7e14;color:#fff"}
STATE_BADGE = {WarningState.DRAFT: "text-bg-light", WarningState.PENDING_REVIEW: "text-bg-info",
               WarningState.PENDING_SIGN: "text-bg-info", WarningState.SIGNED: "text-bg-primary",
               WarningState.RECEIVED: "text-bg-warning", WarningState.PUBLISHED: "text-bg-success",
               WarningState.SUPERSEDED: "text-bg-secondary", WarningState.CANCELLED: "text-bg-secondary",
               WarningState.EXPIRED: "text-bg-secondary"}


def level_badge(record):
    return format_html('<span class="badge {}" style="{}">{}</span>', LEVEL_BADGE.get(record.level, ""),
                       LEVEL_STYLE.get(record.level, ""), record.get_level_display())


class WarningTable(BaseTable):
    headline = tables.Column(verbose_name=_("标题"), empty_values=(), order_by="headline")
    event_type = tables.Column(verbose_name=_("类型"))
    level = tables.Column(verbose_name=_("级别"))
    msg_type = tables.Column(verbose_name=_("信息类型"))
    region = tables.Column(verbose_name=_("发布单位辖区"), accessor="region__name", order_by="region__code")
    state = tables.Column(verbose_name=_("状态"))
    sent = tables.DateTimeColumn(verbose_name=_("发布时间"), format="Y-m-d H:i")
    expires = tables.DateTimeColumn(verbose_name=_("失效时间"), format="Y-m-d H:i")
    identifier = tables.Column(verbose_name=_("预警编号"))

    class Meta(BaseTable.Meta):
        model = Warning
        fields = ("headline", "event_type", "level", "msg_type", "region", "state", "sent", "expires", "identifier")

    def render_headline(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), str(record))

    def value_headline(self, value, record):
        return str(record)

    def render_level(self, value, record):
        return level_badge(record)

    def render_state(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STATE_BADGE.get(record.state, ""), value)
