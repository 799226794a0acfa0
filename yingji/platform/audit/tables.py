import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.tables import BaseTable

from .display import model_field, readable
from .models import AuditEvent, ObjectChange


class ObjectChangeTable(BaseTable):
    time = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    user_name = tables.Column(verbose_name=_("操作人"))
    ip = tables.Column(verbose_name=_("来源地址"))
    action = tables.Column(verbose_name=_("动作"))
    content_type = tables.Column(verbose_name=_("对象类型"), accessor="content_type__model", orderable=False)
    object_repr = tables.Column(verbose_name=_("对象"))
    changed_fields = tables.Column(verbose_name=_("变更字段"), orderable=False)
    changes = tables.Column(verbose_name=_("变更内容"), accessor="pk", orderable=False)
    message = tables.Column(verbose_name=_("说明"), orderable=False)

    class Meta(BaseTable.Meta):
        model = ObjectChange
        fields = ("time", "user_name", "ip", "action", "content_type", "object_repr", "changed_fields", "changes",
                  "message")

    def _readable(self, record):
        """The row as a person reads it (audit/display.py), worked out for a page of rows at a time (a list page's
        page; an export's rows 500 at a time, in the order it writes them), personal data masked for the user."""
        cache = self.__dict__.setdefault("_readable_cache", {})
        if record.pk not in cache:
            page = getattr(self, "page", None)
            if page is not None:
                batch = [getattr(row, "record", row) for row in page.object_list]
            else:
                if "_readable_rows" not in self.__dict__:
                    self._readable_rows = iter(self.data)
                batch = [r for _n, r in zip(range(500), self._readable_rows, strict=False)]
                if record not in batch:
                    batch.append(record)
            user = getattr(getattr(self, "request", None), "user", None)
            cache.update((c.pk, c) for c in readable(batch, user=user))
        return cache[record.pk]

    def render_changes(self, record):
        return format_html_join("", "<div>{}</div>", ((line,) for line in self._readable(record).text().splitlines()))

    def value_changes(self, record):
        return self._readable(record).text()

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

    def render_changed_fields(self, record, value):
        model = record.content_type.model_class()
        return "、".join(str(f.verbose_name) if (f := model_field(model, name)) is not None else name for name in value)

    def value_changed_fields(self, record, value):
        return self.render_changed_fields(record, value)


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
