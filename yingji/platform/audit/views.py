from yingji.platform.core import views as generic

from .filtersets import AuditEventFilterSet, ObjectChangeFilterSet
from .models import AuditEvent, ObjectChange
from .tables import AuditEventTable, ObjectChangeTable


class ObjectChangeListView(generic.ObjectListView):
    """The whole change log, searchable by administrators and auditors, within their region."""

    model = ObjectChange
    queryset = ObjectChange.objects.select_related("content_type")
    filterset_class = ObjectChangeFilterSet
    table_class = ObjectChangeTable


class AuditEventListView(generic.ObjectListView):
    model = AuditEvent
    queryset = AuditEvent.objects.all()
    filterset_class = AuditEventFilterSet
    table_class = AuditEventTable
