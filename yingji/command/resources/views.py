from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope

from . import nearest, services
from .choices import DispatchKind, DispatchState
from .filtersets import (
    DispatchFilterSet,
    ExpertFilterSet,
    MovementFilterSet,
    RescueTeamFilterSet,
    ShelterFilterSet,
    StockFilterSet,
    SupplyItemFilterSet,
    WarehouseFilterSet,
)
from .forms import (
    TRANSFER,
    ExpertForm,
    MovementForm,
    NeedForm,
    RescueTeamForm,
    ReturnForm,
    ShelterForm,
    SupplyItemForm,
    TeamEquipmentFormSet,
    TeamMemberFormSet,
    WarehouseForm,
)
from .models import Dispatch, Expert, Movement, RescueTeam, Shelter, Stock, SupplyItem, Warehouse
from .tables import (
    DispatchTable,
    ExpertTable,
    MovementTable,
    RescueTeamTable,
    ShelterTable,
    StockTable,
    SupplyItemTable,
    TeamEquipmentTable,
    TeamMemberTable,
    WarehouseTable,
)

RELATED_ROWS = 200
NEAREST_K = 5


def _messages_of(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


# -- warehouses and catalogue --------------------------------------------------------------------------------------

class WarehouseListView(generic.ObjectListView):
    model = Warehouse
    queryset = Warehouse.objects.select_related("region")
    filterset_class = WarehouseFilterSet
    table_class = WarehouseTable


class WarehouseDetailView(generic.ObjectDetailView):
    model = Warehouse
    queryset = Warehouse.objects.select_related("region")

    def get_related(self, obj):
        stocks = (Stock.objects.restrict(self.request.user).filter(warehouse=obj).select_related("warehouse", "item")
                  .order_by("item__category", "item__name", "batch")[:RELATED_ROWS])
        return [(_("库存"), StockTable(stocks, orderable=False, exclude=("warehouse",)))]


class WarehouseEditView(generic.ObjectEditView):
    model = Warehouse
    form_class = WarehouseForm


class SupplyItemListView(generic.ObjectListView):
    model = SupplyItem
    filterset_class = SupplyItemFilterSet
    table_class = SupplyItemTable


class SupplyItemDetailView(generic.ObjectDetailView):
    """An item: its stock in every warehouse in scope and its latest movements."""

    model = SupplyItem

    def get_related(self, obj):
        user = self.request.user
        stocks = (Stock.objects.restrict(user).filter(item=obj).select_related("warehouse", "item")
                  .order_by("warehouse__name", "batch")[:RELATED_ROWS])
        moves = (Movement.objects.restrict(user).filter(item=obj)
                 .select_related("warehouse", "item", "counterpart", "actor")[:RELATED_ROWS])
        return [(_("各库（点）库存"), StockTable(stocks, orderable=False, exclude=("item",))),
                (_("最近出入库记录"), MovementTable(moves, orderable=False, exclude=("item",)))]


class SupplyItemEditView(generic.ObjectEditView):
    model = SupplyItem
    form_class = SupplyItemForm


# -- the ledger ----------------------------------------------------------------------------------------------------

class NoEditMixin:
    """Balances and movements are written only by the ledger's services: no add/edit/void buttons."""

    def common_context(self):
        return {**super().common_context(), "can_add": False, "can_change": False}


class StockListView(NoEditMixin, generic.ObjectListView):
    model = Stock
    queryset = Stock.objects.select_related("warehouse", "item")
    filterset_class = StockFilterSet
    table_class = StockTable
    import_spec = "resources-stock"

    def common_context(self):
        user = self.request.user
        # 新增 and 导入 here are the ledger's: stocks/add/ is the 出入库登记 page
        return {**super().common_context(), "can_add": user.has_perm("resources.add_movement")}


class StockDetailView(generic.ObjectDetailView):
    model = Stock
    queryset = Stock.objects.select_related("warehouse", "item")

    def get_related(self, obj):
        moves = (Movement.objects.restrict(self.request.user).filter(stock=obj)
                 .select_related("warehouse", "item", "counterpart", "actor")[:RELATED_ROWS])
        return [(_("出入库记录（最近%(n)s条）") % {"n": RELATED_ROWS},
                 MovementTable(moves, orderable=False, exclude=("warehouse", "item", "batch")))]

    def extra_context(self, obj):
        return {"can_edit": False, "voidable": False}


class MovementListView(NoEditMixin, generic.ObjectListView):
    model = Movement
    queryset = Movement.objects.select_related("warehouse", "item", "counterpart", "actor")
    filterset_class = MovementFilterSet
    table_class = MovementTable

    def common_context(self):
        return {**super().common_context(), "can_add": self.request.user.has_perm("resources.add_movement")}


class MovementDetailView(generic.ObjectDetailView):
    model = Movement
    queryset = Movement.objects.select_related("warehouse", "item", "counterpart", "actor", "stock")

    def extra_context(self, obj):
        return {"can_edit": False, "voidable": False}


class MovementAddView(generic.ScopedViewMixin, generic.View):
    """出入库登记: one line of the ledger (or a 调拨, two linked lines) through the ledger's services."""

    model = Movement
    action = "add"
    template_name = "core/object_edit.html"

    def get(self, request, *args, **kwargs):
        initial = {k: v for k, v in request.GET.items() if k in MovementForm.base_fields}
        return self.render(MovementForm(user=request.user, initial=initial))

    def post(self, request, *args, **kwargs):
        form = MovementForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == TRANSFER:
                    moved = self.transfer(data)
                else:
                    moved = services.record_movement(
                        warehouse=data["warehouse"], item=data["item"], kind=data["kind"], quantity=data["quantity"],
                        actor=request.user, batch=data["batch"], occurred_on=data["occurred_on"],
                        expires_on=data["expires_on"], borrower=data["borrower"], note=data["note"])
            except ValidationError as e:
                for field, errors in (e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]):
                    for msg in errors:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已登记：%(m)s，结存%(n)s") % {"m": moved, "n": moved.on_hand_after})
                return redirect(moved.stock.get_absolute_url())
        return self.render(form, status=400)

    def transfer(self, data):
        stock = Stock.objects.filter(warehouse=data["warehouse"], item=data["item"],
                                     batch=(data["batch"] or "").strip()).first()
        if stock is None:
            raise ValidationError(_("调出库（点）没有该物资（批次）的库存"))
        out, _into = services.transfer_stock(stock=stock, to_warehouse=data["to_warehouse"],
                                             quantity=data["quantity"], actor=self.request.user,
                                             occurred_on=data["occurred_on"], note=data["note"])
        return out

    def render(self, form, status=200):
        context = {**self.common_context(), "form": form, "object": None}
        return render(self.request, self.template_name, context, status=status)


# -- teams, experts, shelters --------------------------------------------------------------------------------------

class RescueTeamListView(generic.ObjectListView):
    model = RescueTeam
    queryset = RescueTeam.objects.select_related("region")
    filterset_class = RescueTeamFilterSet
    table_class = RescueTeamTable


class RescueTeamDetailView(generic.ObjectDetailView):
    model = RescueTeam
    queryset = RescueTeam.objects.select_related("region")
    template_name = "command/resources/rescueteam_detail.html"

    def get_related(self, obj):
        show = self.request.user.has_perm("accounts.view_personal_data")
        members = obj.members.filter(voided_at__isnull=True)[:RELATED_ROWS]
        equipment = obj.equipment.filter(voided_at__isnull=True)[:RELATED_ROWS]
        dispatches = obj.dispatches.select_related("team", "stock", "shelter")[:20]
        return [(_("队员"), TeamMemberTable(members, orderable=False, show_personal=show)),
                (_("装备与车辆"), TeamEquipmentTable(equipment, orderable=False)),
                (_("调派记录"), DispatchTable(dispatches, orderable=False))]


class RescueTeamEditView(generic.FormsetEditView):
    model = RescueTeam
    form_class = RescueTeamForm
    formset_class = TeamMemberFormSet
    formset_title = gettext_lazy("队员")


class TeamEquipmentEditView(generic.FormsetEditView):
    """A team's equipment and vehicles (装备与车辆) under the team's own form."""

    model = RescueTeam
    form_class = RescueTeamForm
    formset_class = TeamEquipmentFormSet
    formset_title = gettext_lazy("装备与车辆")

    def get_action(self):
        return "change"


class ExpertListView(generic.ObjectListView):
    model = Expert
    queryset = Expert.objects.select_related("region")
    filterset_class = ExpertFilterSet
    table_class = ExpertTable


class ExpertDetailView(generic.ObjectDetailView):
    model = Expert
    queryset = Expert.objects.select_related("region")


class ExpertEditView(generic.ObjectEditView):
    model = Expert
    form_class = ExpertForm


class ShelterListView(generic.ObjectListView):
    model = Shelter
    queryset = Shelter.objects.select_related("region")
    filterset_class = ShelterFilterSet
    table_class = ShelterTable


class ShelterDetailView(generic.ObjectDetailView):
    model = Shelter
    queryset = Shelter.objects.select_related("region")

    def get_related(self, obj):
        rows = obj.dispatches.select_related("team", "stock", "shelter")[:RELATED_ROWS]
        return [(_("安置调派"), DispatchTable(rows, orderable=False))]


class ShelterEditView(generic.ObjectEditView):
    model = Shelter
    form_class = ShelterForm


# -- dispatch ------------------------------------------------------------------------------------------------------

class DispatchListView(generic.ObjectListView):
    model = Dispatch
    queryset = Dispatch.objects.select_related("team", "stock__warehouse", "stock__item", "shelter")
    filterset_class = DispatchFilterSet
    table_class = DispatchTable


class DispatchDetailView(generic.ObjectDetailView):
    model = Dispatch
    queryset = Dispatch.objects.select_related("team", "stock__warehouse", "stock__item", "shelter", "region")
    template_name = "command/resources/dispatch_detail.html"

    def get_related(self, obj):
        moves = obj.movements.select_related("warehouse", "item", "counterpart", "actor")
        return [(_("库存变动"), MovementTable(moves, orderable=False))] if obj.kind == DispatchKind.SUPPLY else []

    def extra_context(self, obj):
        can_return = (obj.state == DispatchState.ACTIVE and self.request.user.has_perm("resources.change_dispatch")
                      and in_scope(obj, self.request.user, "change"))
        return {"can_edit": False, "voidable": False, "can_return": can_return, "return_form": ReturnForm()}


class DispatchAddView(generic.ScopedViewMixin, generic.View):
    """资源调派: where and what is needed → the nearest standby teams, warehouses holding the supply, shelters with
    room, each with a dispatch button (POST here with the resource)."""

    model = Dispatch
    action = "add"
    template_name = "command/resources/dispatch_add.html"

    def get(self, request, *args, **kwargs):
        form = NeedForm(request.GET or None, user=request.user)
        results = self.search(form.cleaned_data) if form.is_bound and form.is_valid() else None
        return render(request, self.template_name, {**self.common_context(), "form": form, "results": results},
                      status=400 if form.is_bound and not form.is_valid() else 200)

    def search(self, need):
        return nearest.nearest_all(self.request.user, float(need["lon"]), float(need["lat"]), NEAREST_K,
                                   item=need.get("item"), quantity=need.get("quantity"), people=need.get("people"))

    def post(self, request, *args, **kwargs):
        form = NeedForm(request.POST, user=request.user)
        back = reverse("resources:dispatch_add")
        if not form.is_valid():
            for errors in form.errors.values():
                for msg in errors:
                    messages.error(request, msg)
            return redirect(back)
        need = form.cleaned_data
        back += "?" + request.POST.urlencode()
        kind, pk = request.POST.get("kind"), request.POST.get("target")
        common = {"lon": need["lon"], "lat": need["lat"], "task": need["task"], "actor": request.user,
                  "incident": need.get("incident")}
        try:
            if kind == DispatchKind.TEAM:
                team = self.target(RescueTeam, pk)
                d = services.dispatch_team(team, distance_km=self.km(team.point, need), **common)
            elif kind == DispatchKind.SUPPLY:
                stock = self.target(Stock, pk)
                if not need.get("quantity"):
                    raise ValidationError(_("请填写所需物资数量"))
                d = services.dispatch_supply(stock, quantity=need["quantity"],
                                             distance_km=self.km(stock.warehouse.point, need), **common)
            elif kind == DispatchKind.SHELTER:
                shelter = self.target(Shelter, pk)
                if not need.get("people"):
                    raise ValidationError(_("请填写待安置人数"))
                d = services.dispatch_shelter(shelter, people=need["people"],
                                              distance_km=self.km(shelter.point, need), **common)
            else:
                raise ValidationError(_("请选择要调派的资源"))
        except ValidationError as e:
            for msg in _messages_of(e):
                messages.error(request, msg)
            return redirect(back)
        messages.success(request, _("已调派：%(d)s") % {"d": d})
        return redirect(back)

    def target(self, model, pk):
        try:
            return model.objects.restrict(self.request.user, "view").get(pk=int(pk))
        except (model.DoesNotExist, TypeError, ValueError):
            raise ValidationError(_("所选资源不存在或不在您的管辖范围内"))

    @staticmethod
    def km(point, need):
        return round(nearest.haversine_km((float(need["lon"]), float(need["lat"])), point), 2)


class DispatchReturnView(generic.ScopedViewMixin, generic.View):
    model = Dispatch
    action = "change"

    def post(self, request, *args, **kwargs):
        d = self.get_object()
        form = ReturnForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for msg in errors:
                    messages.error(request, msg)
            return redirect(d.get_absolute_url())
        try:
            with transaction.atomic():
                services.return_dispatch(d, actor=request.user, consumed=form.cleaned_data["consumed"] or 0,
                                         team_status=form.cleaned_data["team_status"] or "standby",
                                         note=form.cleaned_data["note"])
        except ValidationError as e:
            for msg in _messages_of(e):
                messages.error(request, msg)
        else:
            messages.success(request, _("已登记返回"))
        return redirect(d.get_absolute_url())

