from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import excel
from yingji.platform.core import views as generic
from yingji.platform.core.privacy import mask_phone

from . import services
from .choices import TargetState
from .filtersets import GroupFilterSet, RecipientFilterSet, ReleaseFilterSet, WardFilterSet
from .forms import GroupForm, PhoneConfirmForm, RecipientForm, ReleaseForm, WardForm
from .models import Delivery, Group, Recipient, Release, ReleaseEvent, Target, Ward
from .tables import GroupTable, RecipientTable, ReleaseTable, WardTable


class RecipientListView(generic.ObjectListView):
    model = Recipient
    queryset = Recipient.objects.select_related("region")
    filterset_class = RecipientFilterSet
    table_class = RecipientTable
    import_spec = "release-recipients"


class RecipientDetailView(generic.ObjectDetailView):
    model = Recipient
    queryset = Recipient.objects.select_related("region", "superior", "user")

    def get_related(self, obj):
        wards = Ward.objects.restrict(self.request.user).active().filter(guardian=obj).select_related("region",
                                                                                                       "guardian")
        return [(_("包保对象"), WardTable(wards, orderable=False, exclude=("guardian",)))]


class RecipientEditView(generic.ObjectEditView):
    model = Recipient
    form_class = RecipientForm


class GroupListView(generic.ObjectListView):
    model = Group
    queryset = Group.objects.select_related("region")
    filterset_class = GroupFilterSet
    table_class = GroupTable


class GroupDetailView(generic.ObjectDetailView):
    model = Group
    queryset = Group.objects.select_related("region")

    def get_related(self, obj):
        members = Recipient.objects.restrict(self.request.user).active().filter(recipient_groups=obj).select_related(
            "region")
        return [(_("成员"), RecipientTable(members, orderable=False))]


class GroupEditView(generic.ObjectEditView):
    model = Group
    form_class = GroupForm


class WardListView(generic.ObjectListView):
    model = Ward
    queryset = Ward.objects.select_related("region", "guardian")
    filterset_class = WardFilterSet
    table_class = WardTable


class WardDetailView(generic.ObjectDetailView):
    model = Ward
    queryset = Ward.objects.select_related("region", "guardian")


class WardEditView(generic.ObjectEditView):
    model = Ward
    form_class = WardForm


class ReleaseListView(generic.ObjectListView):
    model = Release
    queryset = Release.objects.select_related("region")
    filterset_class = ReleaseFilterSet
    table_class = ReleaseTable


class ReleaseCreateView(generic.ScopedViewMixin, View):
    """发起发布: write, preview the resolved list (per township), then release; the sending runs in the background."""

    model = Release
    action = "add"
    template_name = "release/release_form.html"

    def get(self, request):
        return self.render(ReleaseForm(user=request.user))

    def post(self, request):
        form = ReleaseForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        d = form.cleaned_data
        if "confirm_release" not in request.POST:
            return self.render(form, preview=services.preview(d["regions"], d["groups"]))
        try:
            release = services.start_release(None, actor=request.user, title=d["title"], text=d["text"],
                                             level=d["level"], regions=d["regions"], groups=d["groups"],
                                             channels=d["channels"], confirm=d["confirm"])
        except ValidationError as e:
            for msg in e.messages:
                form.add_error(None, msg)
            return self.render(form, status=400)
        messages.success(request, _("已提交发布，正在后台发送"))
        return redirect(release.get_absolute_url())

    def render(self, form, preview=None, status=200):
        return render(self.request, self.template_name,
                      {**self.common_context(), "form": form, "preview": preview}, status=status)


class ReleaseBoardMixin(generic.ScopedViewMixin):
    model = Release
    queryset = Release.objects.select_related("region", "source_type")

    def board_context(self, release):
        rows, total = services.release_board(release)
        waiting = (Target.objects.filter(release=release, confirmed_at__isnull=True)
                   .exclude(state=TargetState.NOT_REQUIRED).select_related("recipient", "region")
                   .order_by("-state", "region__code", "pk")[:200])
        show = self.request.user.has_perm("accounts.view_personal_data")
        waiting = [{"t": t, "phone": t.recipient.phone if show else mask_phone(t.recipient.phone)} for t in waiting]
        return {"object": release, "rows": rows, "total": total, "waiting": waiting,
                "can_confirm": self.request.user.has_perm("release.change_release"),
                "live": release.status in ("queued", "sending") or total["confirm_required"] > total["confirmed"],
                "now": timezone.now()}


class ReleaseDetailView(ReleaseBoardMixin, View):
    """The live release board: figures per township, who has not confirmed, redial and phone confirmation."""

    def get(self, request, pk):
        release = self.get_object()
        context = {**self.common_context(), **self.board_context(release), "phone_form": PhoneConfirmForm(),
                   "events": ReleaseEvent.objects.filter(release=release).select_related("target__recipient",
                                                                                          "actor")
                   .order_by("-at", "-id")[:50],
                   "can_cancel": request.user.has_perm("release.change_release") and release.status != "cancelled"}
        return render(request, "release/release_detail.html", context)


class ReleaseBoardView(ReleaseBoardMixin, View):
    """The board's figures alone (HTMX polls it every few seconds)."""

    def get(self, request, pk):
        return render(request, "release/_board.html", {**self.common_context(),
                                                       **self.board_context(self.get_object())})


class ReleaseActionView(ReleaseBoardMixin, View):
    """POST: 电话叫应 (record a phone confirmation) or 重拨 (one-click redial) of a person of this release."""

    kind = None
    action = "change"

    def post(self, request, pk):
        release = self.get_object()
        form = PhoneConfirmForm(request.POST)
        try:
            if not form.is_valid() and self.kind == "confirm":
                raise ValidationError([m for errs in form.errors.values() for m in errs])
            try:
                target_id = int(request.POST.get("target", ""))
            except ValueError:
                raise ValidationError(_("该人员不在本次发布的名单中"))
            if self.kind == "confirm":
                services.record_phone_confirmation(release, actor=request.user, target_id=target_id,
                                                   note=form.cleaned_data["note"])
                messages.success(request, _("已记录电话叫应"))
            else:
                services.redial(release, actor=request.user, target_id=target_id)
                messages.success(request, _("已重拨"))
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        return redirect(release.get_absolute_url())


class ReleaseCancelView(ReleaseBoardMixin, View):
    action = "change"

    def post(self, request, pk):
        release = self.get_object()
        try:
            services.cancel_release(release, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已撤销发布"))
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        return redirect(release.get_absolute_url())


class ReleaseRecordsExportView(ReleaseBoardMixin, View):
    """有叫有应有记录: every person, every message and its outcome, every confirmation and escalation, as Excel."""

    def get(self, request, pk):
        release = self.get_object()
        show = request.user.has_perm("accounts.view_personal_data")
        headers = [_("姓名"), _("联系电话"), _("所在区划"), _("渠道"), _("轮次"), _("状态"), _("尝试次数"),
                   _("提交时间"), _("送达时间"), _("失败原因"), _("叫应状态"), _("叫应时间"), _("叫应方式")]
        data = []

        def local(v):
            return timezone.localtime(v).replace(tzinfo=None) if v else None

        targets = (Target.objects.filter(release=release).select_related("recipient", "region")
                   .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("round", "channel")))
                   .order_by("region__code", "pk"))
        for t in targets.iterator(chunk_size=2000):
            for d in t.deliveries.all():
                phone = d.address or t.recipient.phone
                data.append([t.recipient.name, phone if show else mask_phone(phone), t.region.name,
                             d.get_channel_display(), d.round, d.get_status_display(), d.attempts, local(d.sent_at),
                             local(d.delivered_at), d.error, t.get_state_display(), local(t.confirmed_at),
                             t.get_confirm_method_display()])
        for e in ReleaseEvent.objects.filter(release=release).select_related("target__recipient", "actor"):
            who = e.target.recipient.name if e.target_id else ""
            data.append([who, "", "", _("记录"), "", e.get_kind_display(), "", local(e.at), None,
                         e.detail, (e.actor.get_full_name() or e.actor.username) if e.actor_id else "", None, ""])
        content = excel.write_xlsx(headers, data, sheet_title=_("发送与叫应"))
        record_event(AuditEvent.Kind.EXPORT, detail={"model": "release.Release", "pk": release.pk, "rows": len(data)})
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return generic.xlsx_response(content, f"{release.title}-叫应记录-{stamp}.xlsx")


class ConfirmLinkView(View):
    """The 叫应 link in a message: the signed token is the authority (recipients have no account)."""

    def get(self, request, token):
        return self.page(request, token)

    def post(self, request, token):
        return self.page(request, token, confirm=True)

    def page(self, request, token, confirm=False):
        try:
            target = services.target_for_token(token)
        except ValidationError as e:
            return render(request, "release/confirm_link.html", {"error": "；".join(e.messages)}, status=400)
        done = False
        if confirm:
            done = services.confirm_target(target, method="link")
            target.refresh_from_db()
        return render(request, "release/confirm_link.html", {"target": target, "done": done})

