import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .models import AuditEvent, ObjectChange


class ObjectChangeTable(BaseTable):
    time = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    user_name = tables.Column(verbose_name=_("操作人"))
    ip = tables.Column(verbose_name=_("来源地址"))
    action = tables.Column(verbose_name=_("动作"))
    content_type = tables.Column(verbose_name=_("对象类型"), accessor="content_type__model", orderable=False)
    object_repr = tables.Column(verbose_name=_("对象"))
    changed_fields = tables.Column(verbose_name=_("变更字段"), orderable=False)
    message = tables.Column(verbose_name=_("说明"), orderable=False)

    class Meta(BaseTable.Meta):
        model = ObjectChange
        fields = ("time", "user_name", "ip", "action", "content_type", "object_repr", "changed_fields", "message")

    def render_content_type(self, record):
        model = record.content_type.model_class()
        return model._meta.verbose_name if model else record.content_type.model

    def value_content_type(self, record):
        return str(self.render_content_type(record))

    def render_object_repr(self, record, value):
        model = record.content_type.model_class()
        if model is not None and hasattr(model, "get_absolute_url"):
            try:
                obj = model(pk=record.object_id)
                return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), value)
            except Exception:
                pass
        return value

    def value_object_repr(self, value):
        return value

    def render_changed_fields(self, value):
        return "、".join(value)


class AuditEventTable(BaseTable):
    time = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    kind = tables.Column(verbose_name=_("事件"))
    success = tables.BooleanColumn(verbose_name=_("成功"))
    username = tables.Column(verbose_name=_("用户名"))
    ip = tables.Column(verbose_name=_("来源地址"))
    detail = tables.JSONColumn(verbose_name=_("详情"), orderable=False)

    class Meta(BaseTable.Meta):
        model = AuditEvent
        fields = ("time", "kind", "success", "username", "ip", "detail")
