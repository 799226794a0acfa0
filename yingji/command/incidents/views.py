from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.core import handoffs, oncall
from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope, perm_name
from yingji.platform.core.stats import PeriodStatsView
from yingji.platform.core.workflow_views import TransitionCard, styled

from . import services
from .choices import EntryKind
from .filtersets import IncidentFilterSet, IncidentReportFilterSet
from .forms import (
    CloseForm,
    EntryForm,
    HandoffForm,
    IncidentForm,
    IncidentReportForm,
    ReportForm,
    ResponseForm,
    TaskDoneForm,
    TaskForm,
)
from .models import Incident, IncidentReport
from .stats import incident_stats
from .tables import IncidentReportTable, IncidentTable


def with_deadline_figures(qs):
    open_q = Q(deadlines__done_at__isnull=True, deadlines__cancelled=False)
    return qs.annotate(next_due=Min("deadlines__due_at", filter=open_q),
                       late_count=Count("deadlines", filter=Q(deadlines__late=True), distinct=True))


class IncidentListView(generic.ObjectListView):
    model = Incident
    queryset = with_deadline_figures(Incident.objects.select_related("region"))
    filterset_class = IncidentFilterSet
    table_class = IncidentTable


class IncidentDetailView(generic.ObjectDetailView):
    """The incident's workspace on the shared detail page: the deadlines counting down and the timeline in 基本信息;
    the duty desk's actions (登记报送, 记录决策/情况, 下达任务, 应急响应, 转为…, 处置结束, the two documents) as the row
    of buttons under the title, each opening its form, sent after a confirmation (core/_transition_forms.html)."""

    model = Incident
    queryset = Incident.objects.select_related("region", "received_by")
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "handoff_type", "handoff_id", "handoff_url",
                      "handoff_kind")
    bound_forms = None  # {name: form} of a form sent back with its errors (IncidentActionView.refused)

    def get_related(self, obj):
        reports = IncidentReport.objects.restrict(self.request.user).filter(incident=obj).select_related(
            "incident", "incident__region")
        return [(_("信息报送（首报、续报、终报）"), IncidentReportTable(reports, orderable=False,
                                                           exclude=("incident",)))]

    def extra_context(self, obj):
        user = self.request.user
        may_write = obj.is_open and in_scope(obj, user, "change") and not obj.is_voided
        now = timezone.now()
        deadlines = services.deadline_rows(obj)
        timeline = list(obj.timeline.select_related("actor", "completed_by").order_by("seq"))
        return {
            "now": now, "deadlines": deadlines,
            "timeline": timeline,
            "open_tasks": [e for e in timeline if e.kind == EntryKind.TASK and not _completed(e)],
            "may_write": may_write,
            "transition_forms": self.actions(obj, may_write, now),
            "on_duty": oncall.on_duty(now, region=_county(obj.region)),
        }

    def actions(self, obj, may_write, now):
        """The row of action buttons: a card per form the user may send now (a form sent back open, with its
        errors), then the documents as links. The errors of a form no longer offered are messages above the page."""
        user, bound = self.request.user, self.bound_forms or {}
        url = lambda name: reverse(f"incidents:incident_{name}", args=[obj.pk])  # noqa: E731
        cards = []
        if may_write:
            offered = [("entry", _("记录决策/情况"), "btn-outline-primary"), ("task", _("下达任务"), "btn-outline-primary"),
                       ("response", _("应急响应"), "btn-outline-primary")]
            if user.has_perm(perm_name(IncidentReport, "add")):
                offered.insert(0, ("report", _("登记报送"), "btn-primary"))
            for name, label, css in offered:
                cards.append(TransitionCard(name, label, bound.get(name) or IncidentActionView.new_form(name, now),
                                            url(name), css))
            if not obj.handoff_kind:
                for h in handoffs.available(user):
                    cards.append(TransitionCard(f"handoff_{h.kind}", _("转为%(l)s") % {"l": h.label},
                                                HandoffForm(initial={"kind": h.kind}, auto_id=f"id_handoff_{h.kind}_%s"),
                                                url("handoff"),
                                                "btn-outline-secondary"))
            cards.append(TransitionCard("close", _("处置结束"), bound.get("close") or IncidentActionView.new_form("close"),
                                        url("close"),
                                        "btn-outline-danger"))
        for name, label in (("special", _("生成信息专报（.docx）")), ("follow_up", _("生成续报（.docx）"))):
            cards.append(TransitionCard(f"document_{name}", label, None, url(f"document_{name}"),
                                        "btn-outline-secondary"))
        shown = {card.name for card in cards}
        for name, form in bound.items():
            if name not in shown:
                for msgs in form.errors.values():
                    for m in msgs:
                        messages.error(self.request, m)
        for card in cards:
            if card.form is not None:
                styled(card.form)
        return cards


def _completed(entry):
    from .models import TimelineEntry

    try:
        return entry.completed_by is not None
    except TimelineEntry.DoesNotExist:
        return False


def _county(region):
    while region is not None and region.level > 3:
        region = region.parent
    return region


class IncidentEditView(generic.ObjectEditView):
    """接报 (new) and 修改: through the services, so deadlines and the timeline follow."""

    model = Incident
    form_class = IncidentForm

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
        return initial

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk is None:
            return services.receive_incident(obj, actor=self.request.user)
        return services.update_incident(obj, actor=self.request.user)


class IncidentActionView(generic.ScopedViewMixin, View):
    """POST-only actions on an incident's workspace. A form of the action row (report, entry, task, response, close)
    that is invalid or refused by the service comes back as the incident's page (400) with that form open, what was
    typed kept and the errors under their fields; 反馈完成 (a line of the timeline) and 转为… (nothing to type) are
    refused as a Chinese message on the page."""

    model = Incident
    action = "change"
    form_class = None
    names = ("report", "entry", "task", "task_done", "response", "close", "handoff")
    forms = {"report": ReportForm, "entry": EntryForm, "task": TaskForm, "response": ResponseForm,
             "close": CloseForm}

    @classmethod
    def new_form(cls, name, now=None, data=None):
        """The action's form; its fields keep their plain names (the API and scripts post them), their ids carry
        the action's name, as several forms share the page."""
        initial = {"reported_at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")} if name == "report" else None
        return cls.forms[name](data, initial=initial, auto_id=f"id_{name}_%s")

    def post(self, request, pk, name):
        handler = getattr(self, f"do_{name}", None)
        if handler is None:
            raise Http404
        obj = self.get_object()
        if name == "report" and not request.user.has_perm(perm_name(IncidentReport, "add")):
            raise PermissionDenied
        form = self.new_form(name, data=request.POST) if name in self.forms else None
        if form is not None and not form.is_valid():
            return self.refused(obj, name, form)
        try:
            with transaction.atomic():
                message = handler(obj, form.cleaned_data if form is not None else request.POST)
        except ValidationError as e:
            if form is not None:
                form.add_error(None, e.messages)
                return self.refused(obj, name, form)
            messages.error(request, "；".join(e.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect(obj.get_absolute_url())

    def refused(self, obj, name, form):
        detail = IncidentDetailView(bound_forms={name: form})
        detail.setup(self.request, pk=obj.pk)
        return detail.render_detail(detail.get_object(), status=400)

    def do_report(self, obj, d):
        report = services.file_report(obj, actor=self.request.user, **d)
        return _("已登记%(r)s%(late)s") % {"r": report, "late": _("（迟报）") if report.late else ""}

    def do_entry(self, obj, d):
        if not obj.is_open:
            raise ValidationError(_("事件已结束，不能再记录"))
        services.record_event(obj, d["kind"], d["text"], actor=self.request.user)
        return _("已记入时间线")

    def do_task(self, obj, d):
        services.give_task(obj, actor=self.request.user, **d)
        return _("已下达任务")

    def do_task_done(self, obj, data):
        form = TaskDoneForm(data)
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        d = form.cleaned_data
        task = obj.timeline.filter(pk=d["task"]).first()
        if task is None:
            raise ValidationError(_("任务不存在"))
        services.complete_task(task, actor=self.request.user, text=d["text"])
        return _("已反馈任务完成")

    def do_response(self, obj, d):
        services.set_response_level(obj, actor=self.request.user, level=d["level"], note=d["note"])
        return _("已调整响应级别")

    def do_close(self, obj, d):
        services.close_incident(obj, actor=self.request.user, summary=d["summary"])
        return _("事件已结束，请在时限内报送终报")

    def do_handoff(self, obj, data):
        from .handoff import hand_off

        created = hand_off(obj, data.get("kind", ""), actor=self.request.user)
        return _("已创建：%(r)s") % {"r": created.handoff_label}


class IncidentReportListView(generic.ObjectListView):
    model = IncidentReport
    queryset = IncidentReport.objects.select_related("incident", "incident__region")
    filterset_class = IncidentReportFilterSet
    table_class = IncidentReportTable


class IncidentReportDetailView(generic.ObjectDetailView):
    model = IncidentReport
    queryset = IncidentReport.objects.select_related("incident", "incident__region")
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "snapshot")


class IncidentReportEditView(generic.ObjectEditView):
    """Reports are filed from the incident's workspace (so deadlines are matched); this page corrects the text."""

    model = IncidentReport
    form_class = IncidentReportForm

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk is None:
            d = {k: form.cleaned_data[k] for k in ("kind", "channel", "recipient_level", "reported_at",
                                                    "recipient", "content")}
            return services.file_report(form.cleaned_data["incident"], actor=self.request.user, **d)
        obj.save(update_fields=["recipient", "content", "updated_at"])
        return obj


class IncidentDocumentView(generic.ScopedViewMixin, View):
    """信息专报 / 续报 (.docx) from the incident and its timeline; the download is an audit event."""

    model = Incident

    def get(self, request, pk, name):
        from yingji.platform.audit.models import AuditEvent
        from yingji.platform.audit.recorder import record_event as audit_event
        from yingji.platform.core.documents import docx_response

        from .documents import render

        if name not in ("special", "follow_up"):
            raise Http404
        obj = self.get_object()
        content = render(obj, name, request.user)
        audit_event(AuditEvent.Kind.DOWNLOAD, detail={"incident": obj.pk, "document": name}, region_id=obj.region_id)
        label = _("信息专报") if name == "special" else _("续报")
        return docx_response(content, f"{obj.title}-{label}.docx")


class IncidentStatsView(PeriodStatsView):
    """统计分析 → 突发事件统计: incidents by category, reporting duties on time and late."""

    model = Incident
    title = gettext_lazy("突发事件统计")
    template_name = "incidents/stats.html"

    def compute(self, start, end, region):
        return {"stats": incident_stats(self.request.user, start, end, region)}
