import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.command.incidents.models import Incident, Reminder, ReportDeadline
from yingji.platform.core import oncall, widgets
from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope
from yingji.platform.regions.models import Region

from . import roster, services
from .filtersets import DutyChangeFilterSet, DutyLogFilterSet, DutyPostFilterSet, HandoverFilterSet, ShiftFilterSet
from .forms import DutyLogForm, DutyPostForm, GenerateForm, HandoverForm, RotationForm, SubstituteForm, SwapForm
from .models import DutyChange, DutyLog, DutyPost, Handover, RotationMember, Shift
from .tables import DutyChangeTable, DutyLogTable, DutyPostTable, HandoverTable, ShiftTable

# home-page widgets of other domains shown on the duty page too (by key: the duty app imports none of them)
DUTY_PAGE_WIDGETS = ("open_alarms", "warnings_due", "escalations_due", "resources_ready", "stock_due")


def duty_region(user, requested=None):
    """The region whose duty desk the page shows: ?region= if in scope, else the user's county (or township)."""
    if requested:
        region = Region.objects.filter(pk=requested).first()
        if region is not None and Region.objects.subtree(user.region).filter(pk=region.pk).exists():
            return region
    region = user.region
    while region is not None and region.level > 4:
        region = region.parent
    return region


class DutyHomeView(generic.ScopedViewMixin, View):
    """值班台: who is on duty, open incidents and their next deadline, reports due, reminders, handover items, and
    the warning domain's alarms and 叫应 awaiting (through the widgets it registers)."""

    model = Shift

    def get(self, request):
        user = request.user
        region = duty_region(user, request.GET.get("region"))
        now = timezone.now()
        incidents = []
        if user.has_perm("incidents.view_incident"):
            from yingji.command.incidents.views import with_deadline_figures

            incidents = list(with_deadline_figures(
                Incident.objects.restrict(user).filter(status="open", voided_at__isnull=True)
                .select_related("region")).order_by("received_at")[:50])
        due = list(ReportDeadline.objects.restrict(user).open().filter(cancelled=False)
                   .select_related("incident").order_by("due_at")[:30]) \
            if user.has_perm("incidents.view_reportdeadline") else []
        reminders = list(Reminder.objects.filter(deadline__in=[d.pk for d in due], sent_at__isnull=False)
                         .order_by("-sent_at")[:10]) if due else []
        posts = list(DutyPost.objects.restrict(user).filter(region=region, voided_at__isnull=True))
        items = {p.pk: services.open_handover_items(p) for p in posts}
        shown = [(w, ctx) for w, ctx in widgets.for_request(request) if w.key in DUTY_PAGE_WIDGETS]
        return render(request, "duty/home.html", {
            "region": region, "now": now, "on_duty": oncall.on_duty(now, region=region),
            "incidents": incidents, "due": due, "reminders": reminders,
            "open_items": [(p, items[p.pk]) for p in posts if items[p.pk]], "widgets": shown,
            "can_add_incident": user.has_perm("incidents.add_incident"),
        })


def _month(request):
    value = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        year, month = (int(x) for x in value.split("-"))
        datetime.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError(_("月份格式应为 YYYY-MM"))
    return year, month


class RosterView(generic.ScopedViewMixin, View):
    """The month's roster (days × posts) and its wall-poster export (导出值班表)."""

    model = Shift

    def get(self, request):
        user = request.user
        region = duty_region(user, request.GET.get("region"))
        try:
            year, month = _month(request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            year, month = timezone.localdate().year, timezone.localdate().month
        if request.GET.get("_export") == "xlsx":
            from yingji.platform.audit.models import AuditEvent
            from yingji.platform.audit.recorder import record_event

            org = getattr(user, "organisation", None)
            content = roster.poster_xlsx(user, region, year, month, org.name if org else "")
            record_event(AuditEvent.Kind.EXPORT, detail={"model": "duty.Shift", "month": f"{year}-{month:02d}",
                                                          "region": region.pk})
            return generic.xlsx_response(content, f"{region.name}{year}年{month}月值班表.xlsx")
        posts, rows = roster.month_grid(user, region, year, month)
        first = datetime.date(year, month, 1)
        prev = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
        nxt = (first + datetime.timedelta(days=32)).strftime("%Y-%m")
        return render(request, "duty/roster.html", {
            "region": region, "posts": posts, "rows": rows, "year": year, "month": month, "prev": prev,
            "next": nxt, "month_value": f"{year}-{month:02d}", "today": timezone.localdate()})


class ShiftDetailView(generic.ObjectDetailView):
    """A shift with its history (what it superseded, what superseded it) and the 换班 / 替班 forms."""

    model = Shift
    queryset = Shift.objects.select_related("post", "post__region", "person", "made_by", "superseded_by")
    template_name = "duty/shift_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        may = user.has_perm("duty.change_shift") and obj.superseded_at is None and in_scope(obj, user, "change")
        return {"may_change": may, "can_edit": False,
                "swap_form": SwapForm(shift=obj, user=user) if may else None,
                "substitute_form": SubstituteForm(user=user) if may else None,
                "replaced": list(obj.made_by.superseded.select_related("person")) if obj.made_by_id else [],
                "successors": list(obj.superseded_by.made.select_related("person")) if obj.superseded_by_id else []}


class ShiftActionView(generic.ScopedViewMixin, View):
    model = Shift
    action = "change"

    def post(self, request, pk, name):
        shift = self.get_object()
        try:
            with transaction.atomic():
                if name == "swap":
                    form = SwapForm(request.POST, shift=shift, user=request.user)
                    _valid(form)
                    other = form.cleaned_data["other"]
                    if not in_scope(other, request.user, "change"):
                        raise PermissionDenied
                    services.swap(shift, other, actor=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("已换班"))
                elif name == "substitute":
                    form = SubstituteForm(request.POST, user=request.user)
                    _valid(form)
                    d = form.cleaned_data
                    services.substitute(shift, d["person"], start=d["start"], end=d["end"], actor=request.user,
                                        reason=d["reason"])
                    messages.success(request, _("已登记替班"))
                else:
                    raise Http404
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect("duty:shift_detail", pk=shift.pk)
        return redirect(reverse("duty:roster") + f"?month={timezone.localtime(shift.start):%Y-%m}"
                        f"&region={shift.post.region_id}")


def _valid(form):
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label}：{m}" if f in form.fields else m
                               for f, ms in form.errors.items() for m in ms])


class ShiftListView(generic.ObjectListView):
    """班次 (with ?history=true also the superseded ones); shifts are made on the roster pages, never here."""

    model = Shift
    queryset = Shift.objects.select_related("post", "person")
    filterset_class = ShiftFilterSet
    table_class = ShiftTable

    def common_context(self):
        return {**super().common_context(), "can_add": False}


class DutyChangeListView(generic.ObjectListView):
    model = DutyChange
    queryset = DutyChange.objects.select_related("actor")
    filterset_class = DutyChangeFilterSet
    table_class = DutyChangeTable

    def common_context(self):
        return {**super().common_context(), "can_add": False}


class DutyPostListView(generic.ObjectListView):
    model = DutyPost
    queryset = DutyPost.objects.select_related("region")
    filterset_class = DutyPostFilterSet
    table_class = DutyPostTable


class DutyPostDetailView(generic.ObjectDetailView):
    model = DutyPost
    queryset = DutyPost.objects.select_related("region")
    template_name = "duty/dutypost_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        may = user.has_perm("duty.change_shift") and in_scope(obj, user, "view") and not obj.is_voided
        last = Shift.objects.active().filter(post=obj).order_by("-end").first()
        return {"members": list(obj.members.select_related("user")), "last_shift": last,
                "may_generate": may, "generate_form": GenerateForm(),
                "may_rotation": user.has_perm("duty.change_dutypost") and in_scope(obj, user, "change"),
                "rotation_form": RotationForm(user=user, initial={"people": [m.user_id for m in obj.members.all()]})}


class DutyPostEditView(generic.ObjectEditView):
    model = DutyPost
    form_class = DutyPostForm


class DutyPostActionView(generic.ScopedViewMixin, View):
    model = DutyPost
    action = "view"

    def post(self, request, pk, name):
        post = self.get_object()
        try:
            with transaction.atomic():
                if name == "generate":
                    if not request.user.has_perm("duty.change_shift"):
                        raise PermissionDenied
                    form = GenerateForm(request.POST)
                    _valid(form)
                    until = timezone.make_aware(datetime.datetime.combine(
                        form.cleaned_data["until"] + datetime.timedelta(days=1), post.handover_time))
                    if until > timezone.now() + datetime.timedelta(days=400):
                        raise ValidationError(_("一次最多排至一年后"))
                    made = services.generate(post, until, actor=request.user,
                                             start_day=form.cleaned_data["start_day"])
                    messages.success(request, _("已生成%(n)d个班次") % {"n": made})
                elif name == "rotation":
                    if not (request.user.has_perm("duty.change_dutypost") and in_scope(post, request.user,
                                                                                        "change")):
                        raise PermissionDenied
                    form = RotationForm(request.POST, user=request.user)
                    _valid(form)
                    order = [int(x) for x in request.POST.getlist("people")]
                    people = {u.pk: u for u in form.cleaned_data["people"]}
                    for member in post.members.all():
                        member._audit_message = _("移出轮班")
                        member.delete()
                    for i, pk_ in enumerate(order):
                        if pk_ in people:
                            RotationMember.objects.create(post=post, user=people[pk_], position=i)
                    messages.success(request, _("已保存轮班人员"))
                else:
                    raise Http404
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        return redirect(post.get_absolute_url())


class HandoverListView(generic.ObjectListView):
    model = Handover
    queryset = Handover.objects.select_related("post", "handed_by", "received_by")
    filterset_class = HandoverFilterSet
    table_class = HandoverTable


class HandoverDetailView(generic.ObjectDetailView):
    model = Handover
    queryset = Handover.objects.select_related("post", "handed_by", "received_by")
    template_name = "duty/handover_detail.html"

    def extra_context(self, obj):
        return {"items": list(obj.items.select_related("carried_from__handover"))}


class HandoverCreateView(generic.ScopedViewMixin, View):
    """交接班: the open items of the post's last handover are listed; those not ticked 已办结 are carried over."""

    model = Handover
    action = "add"

    def _post(self):
        pk = self.request.POST.get("post") or self.request.GET.get("post")
        qs = DutyPost.objects.restrict(self.request.user, "view")
        return qs.filter(pk=pk).first() if pk and str(pk).isdigit() else qs.first()

    def get(self, request):
        post = self._post()
        items = services.open_handover_items(post) if post else []
        form = HandoverForm(user=request.user, open_items=items, initial={"post": post})
        return render(request, "duty/handover_form.html", {"form": form, "post": post, "items": items})

    def post(self, request):
        post = self._post()
        items = services.open_handover_items(post) if post else []
        form = HandoverForm(request.POST, user=request.user, open_items=items)
        if form.is_valid():
            d = form.cleaned_data
            handover = services.hand_over(d["post"], actor=request.user, summary=d["summary"],
                                          new_items=d["new_items"].splitlines(),
                                          done_ids=[int(x) for x in d["done"]], received_by=d["received_by"])
            messages.success(request, _("已交接班"))
            return redirect(handover.get_absolute_url())
        return render(request, "duty/handover_form.html", {"form": form, "post": post, "items": items},
                      status=400)


class DutyLogListView(generic.ObjectListView):
    model = DutyLog
    queryset = DutyLog.objects.select_related("officer")
    filterset_class = DutyLogFilterSet
    table_class = DutyLogTable


class DutyLogDetailView(generic.ObjectDetailView):
    model = DutyLog
    queryset = DutyLog.objects.select_related("region", "officer", "incident")


class DutyLogEditView(generic.ObjectEditView):
    model = DutyLog
    form_class = DutyLogForm

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
        initial.setdefault("region", duty_region(self.request.user))
        return initial

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk is None:
            obj.created_by = self.request.user
            obj.officer = obj.officer or self.request.user
        obj.save()
        return obj

