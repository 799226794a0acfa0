from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin, error_messages

from . import cap, services
from .choices import MsgType, WarningState
from .filtersets import WarningFilterSet
from .forms import FollowupForm, ReceiveForm, WarningForm
from .models import Warning
from .tables import WarningTable, level_badge


class WarningTransitionView(TransitionView):
    model = Warning
    url_name = "alerts:warning_{name}"
    quiet = {"return": "btn-outline-danger"}


class WarningListView(generic.ObjectListView):
    model = Warning
    queryset = Warning.objects.select_related("region")
    filterset_class = WarningFilterSet
    table_class = WarningTable


class WarningDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Warning
    queryset = Warning.objects.select_related("region", "predecessor", "created_by", "submitted_by", "reviewed_by",
                                              "signed_by", "published_by")
    template_name = "alerts/warning_detail.html"
    transition_view = WarningTransitionView
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "upstream_xml", "polygons", "circles")

    def extra_context(self, obj):
        ctx = super().extra_context(obj)
        user = self.request.user
        xml = cap.cap_xml(obj)
        ctx.update({
            "level_badge": level_badge(obj),
            "cap_xml": xml.decode("utf-8"),
            "cap_errors": cap.schema_errors(xml),
            "chain": self.chain(obj),
            "successors": list(obj.successors.select_related("region").order_by("created_at")),
            "area_regions": obj.area_regions(),
            "can_followup": (obj.state == WarningState.PUBLISHED and obj.msg_type != MsgType.CANCEL
                             and user.has_perm("alerts.add_warning")),
            "followup_form": FollowupForm(),
            "releases": release_links(obj, user),
        })
        return ctx

    @staticmethod
    def chain(obj):
        out, seen, cur = [], {obj.pk}, obj.predecessor
        while cur is not None and cur.pk not in seen:
            seen.add(cur.pk)
            out.append(cur)
            cur = cur.predecessor
        return out


def release_links(obj, user):
    """[(title, url)] of the releases the release app made of this warning (read through its models, if present)."""
    try:
        from django.contrib.contenttypes.models import ContentType

        from yingji.warning.release.models import Release
    except ImportError:
        return []
    qs = Release.objects.restrict(user).filter(source_type=ContentType.objects.get_for_model(Warning),
                                               source_id=obj.pk)
    return [(str(r), r.get_absolute_url()) for r in qs.order_by("created_at")[:10]]


class WarningEditView(generic.ObjectEditView):
    model = Warning
    form_class = WarningForm

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk is None:
            obj.created_by = self.request.user
        services.fill_defaults(obj)
        obj.save()
        form.save_m2m()
        return obj


class CapXmlView(generic.ScopedViewMixin, View):
    """The warning as CAP 1.2 XML (validated: an invalid document is never served as valid)."""

    model = Warning
    national = False

    def get(self, request, pk):
        obj = self.get_object()
        data = cap.national_xml(obj) if self.national else cap.cap_xml(obj)
        if not self.national:
            errors = cap.schema_errors(data)
            if errors:
                return HttpResponse("\n".join(errors), status=500, content_type="text/plain; charset=utf-8")
        name = obj.identifier or f"draft-{obj.pk}"
        response = HttpResponse(data, content_type="application/xml; charset=utf-8")
        suffix = "-national" if self.national else ""
        response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.xml"'
        return response


class FollowupView(generic.ScopedViewMixin, View):
    """POST: draft an Update (更新) or a Cancel (解除) of a published warning, then edit it."""

    model = Warning
    action = "add"
    msg_type = MsgType.UPDATE

    def post(self, request, pk):
        original = self.get_object("view")
        form = FollowupForm(request.POST)
        note = form.cleaned_data.get("note", "") if form.is_valid() else ""
        try:
            new = services.draft_followup(original, actor=request.user, msg_type=self.msg_type, note=note)
        except ValidationError as e:
            for _f, msg in error_messages(e):
                messages.error(request, msg)
            return redirect(original.get_absolute_url())
        messages.success(request, _("已起草%(t)s，请核对后提交审核") % {"t": new.get_msg_type_display()})
        if self.msg_type == MsgType.CANCEL:
            return redirect(new.get_absolute_url())
        return redirect(reverse("alerts:warning_edit", args=[new.pk]))


class ReceiveView(generic.ScopedViewMixin, View):
    """转发, click 1: upload or paste the upstream CAP message; it is checked and stored as 已接收待转发, and its page
    offers 转发 (click 2). A refusal says why and stores nothing."""

    model = Warning
    action = "forward"
    template_name = "alerts/receive.html"

    def get(self, request):
        return render(request, self.template_name, {**self.common_context(), "form": ReceiveForm()})

    def post(self, request):
        form = ReceiveForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                w = services.receive_upstream(form.data_bytes(), actor=request.user)
            except ValidationError as e:
                for _f, msg in error_messages(e):
                    form.add_error(None, msg)
            else:
                messages.success(request, _("已接收上级预警，核对后点击“转发”即发布到本辖区"))
                return redirect(w.get_absolute_url())
        return render(request, self.template_name, {**self.common_context(), "form": form}, status=400)


class ActiveFeedView(generic.ScopedViewMixin, View):
    """An Atom feed of the warnings in force in the user's scope (and of 解除 messages of the last 24 hours, so a
    reader learns that a warning ended); each entry links to its CAP XML."""

    model = Warning

    def get(self, request):
        now = timezone.now()
        qs = self.get_queryset()
        rows = list(qs.in_force(now).select_related("region").order_by("-sent", "-pk")[:200])
        rows += list(qs.filter(state=WarningState.PUBLISHED, msg_type=MsgType.CANCEL,
                               sent__gte=now - timezone.timedelta(hours=24)).select_related("region")[:50])
        feed = feedgenerator.Atom1Feed(title=_("生效中的预警信息"), link=request.build_absolute_uri(
            reverse("alerts:warning_list")), description="", language="zh-cn",
            feed_url=request.build_absolute_uri())
        for w in rows:
            feed.add_item(title=str(w), link=request.build_absolute_uri(w.get_absolute_url()),
                          description=w.description, unique_id=f"{w.sender},{w.identifier}",
                          updateddate=w.sent, pubdate=w.sent,
                          enclosures=[feedgenerator.Enclosure(
                              request.build_absolute_uri(reverse("alerts:warning_cap", args=[w.pk])), "0",
                              "application/cap+xml")])
        return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


transition_urls = WarningTransitionView.urls("warnings")
extra_urls = [
    path("warnings/<int:pk>/cap.xml", CapXmlView.as_view(), name="warning_cap"),
    path("warnings/<int:pk>/national.xml", CapXmlView.as_view(national=True), name="warning_national"),
    path("warnings/<int:pk>/update/", FollowupView.as_view(msg_type=MsgType.UPDATE), name="warning_update"),
    path("warnings/<int:pk>/cancel/", FollowupView.as_view(msg_type=MsgType.CANCEL), name="warning_cancel"),
    path("warnings/receive/", ReceiveView.as_view(), name="warning_receive"),
    path("warnings/feed.atom", ActiveFeedView.as_view(), name="warning_feed"),
]
