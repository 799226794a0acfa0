from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import excel
from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView
from yingji.supervision.enterprises.models import Enterprise

from . import services
from .filtersets import DrawFilterSet
from .forms import DrawForm
from .models import Draw
from .tables import DrawTable


class DrawListView(generic.ObjectListView):
    model = Draw
    queryset = Draw.objects.select_related("region")
    filterset_class = DrawFilterSet
    table_class = DrawTable


class DrawCreateView(generic.ScopedViewMixin, View):
    """抽取: the form of the draw's conditions; a draw that cannot be completed writes nothing."""

    model = Draw
    action = "add"

    def get(self, request):
        return self.page(DrawForm(user=request.user))

    def post(self, request):
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                draw = services.make_draw(actor=request.user, title=d["title"], region=d["region"], count=d["count"],
                                          sectors=d["sectors"], risk_grades=d["risk_grades"],
                                          per_enterprise=d["per_enterprise"], campaign=d["campaign"], seed=d["seed"])
            except ValidationError as e:
                for field, msgs in (e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]):
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                messages.success(request, _("已完成抽取：%(t)s") % {"t": draw})
                return redirect(draw.get_absolute_url())
        return self.page(form, status=400)

    def page(self, form, status=200):
        return render(self.request, "draws/draw_form.html", {**self.common_context(), "form": form},
                      status=status)


def draw_rows(draw):
    """The published rows of a draw: (position, enterprise, [(inspector, certificate no)], draw item id)."""
    items = draw.items.select_related("enterprise", "enterprise__region").prefetch_related(
        "inspectors__inspector_certificates").order_by("position")
    rows = []
    for item in items:
        people = []
        for u in item.inspectors.all():
            certs = sorted((c for c in u.inspector_certificates.all() if c.voided_at is None),
                           key=lambda c: c.valid_until, reverse=True)
            people.append((u, certs[0].certificate_no if certs else ""))
        rows.append((item.position, item.enterprise, sorted(people, key=lambda p: p[0].pk), item.pk))
    return rows


class DrawDetailView(generic.ObjectDetailView):
    model = Draw
    queryset = Draw.objects.select_related("region", "campaign", "published_by")
    exclude_fields = generic.ObjectDetailView.exclude_fields + ("pool", "inspector_pool", "conflicts",
                                                                "parameters")

    def extra_context(self, obj):
        p = obj.parameters
        from yingji.supervision.enterprises.choices import RiskGrade, Sector

        sectors = dict(Sector.choices)
        return {"rows": draw_rows(obj), "pool_size": len(obj.pool), "inspector_pool_size": len(obj.inspector_pool),
                "conflict_count": sum(len(v) for v in obj.conflicts.values()),
                "sector_names": "、".join(str(sectors.get(s, s)) for s in p.get("sectors", [])) or _("全部"),
                "grade_names": "、".join(str(dict(RiskGrade.choices).get(g, g)) for g in p.get("risk_grades", []))
                or _("全部"),
                "can_publish": self.request.user.has_perm("draws.approve_draw"),
                "events": obj.events.select_related("actor")}


class DrawVerifyView(generic.ScopedViewMixin, View):
    """复核: recompute the draw from its stored seed, pools and conflicts and compare with the stored result."""

    model = Draw

    def get(self, request, pk):
        draw = self.get_object()
        try:
            same, recomputed = services.rerun_draw(draw)
            error = None
        except ValidationError as e:
            same, recomputed, error = False, [], "；".join(e.messages)
        names = dict(Enterprise.objects.filter(pk__in=[e for e, _u in recomputed]).values_list("pk", "name"))
        return render(request, "draws/draw_verify.html", {
            **self.common_context(), "object": draw, "same": same, "error": error,
            "recomputed": [(i, names.get(e, e), u) for i, (e, u) in enumerate(recomputed, start=1)]})


class DrawExportView(generic.ScopedViewMixin, View):
    """一公开: the draw's result as .xlsx for publication."""

    model = Draw

    def get(self, request, pk):
        draw = self.get_object()
        headers = [_("序号"), _("企业名称"), _("统一社会信用代码"), _("所在区划"), _("行业类别"), _("风险等级"),
                   _("执法检查人员"), _("执法证号")]
        data = []
        for position, e, people, _item in draw_rows(draw):
            data.append([position, e.name, e.credit_code, e.region.name, e.get_sector_display(),
                         e.get_risk_grade_display(), "、".join(str(u) for u, _c in people),
                         "、".join(c for _u, c in people)])
        notes = [(_("抽查名称"), draw.title), (_("抽取日期"), draw.drawn_on.isoformat()),
                 (_("抽查区划"), draw.region.name), (_("随机种子"), draw.seed),
                 (_("检查对象名录库企业数"), len(draw.pool)), (_("执法检查人员名录库人数"), len(draw.inspector_pool)),
                 (_("状态"), draw.get_status_display())]
        content = excel.write_xlsx(headers, data, sheet_title=_("抽查结果"), notes=notes)
        record_event(AuditEvent.Kind.EXPORT, detail={"model": "draws.Draw", "id": draw.pk, "rows": len(data)},
                     region_id=draw.region_id)
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return generic.xlsx_response(content, f"双随机抽查结果-{draw.title}-{stamp}.xlsx")


class DrawPublishView(TransitionView):
    """审核公示 (services.PUBLICATION): the generic transition view, with the draw's one transition."""

    model = Draw
    transition = "publish"
    url_name = "draws:draw_{name}"
