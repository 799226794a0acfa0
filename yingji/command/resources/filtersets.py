import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet

from .choices import (
    DispatchKind,
    DispatchState,
    ExpertField,
    MovementKind,
    ShelterKind,
    ShelterStatus,
    SupplyCategory,
    TeamKind,
    TeamStatus,
    WarehouseKind,
)
from .models import Dispatch, Expert, Movement, RescueTeam, Shelter, Stock, SupplyItem, Warehouse
from .widgets import DUE_DAYS

DATE = forms.DateInput(attrs={"type": "date"})


class WarehouseFilterSet(BaseFilterSet):
    search_fields = ("name", "address", "keeper")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=WarehouseKind.choices)

    class Meta:
        model = Warehouse
        fields = ["kind", "level"]


class SupplyItemFilterSet(BaseFilterSet):
    search_fields = ("name", "spec")
    category = django_filters.ChoiceFilter(label=_("类别"), choices=SupplyCategory.choices)

    class Meta:
        model = SupplyItem
        fields = ["category"]


class StockFilterSet(BaseFilterSet):
    search_fields = ("item__name", "warehouse__name", "batch")
    warehouse = django_filters.ModelChoiceFilter(label=_("储备库（点）"), queryset=Warehouse.objects.all())
    item = django_filters.ModelChoiceFilter(label=_("物资"), queryset=SupplyItem.objects.all())
    category = django_filters.ChoiceFilter(label=_("类别"), choices=SupplyCategory.choices,
                                           field_name="item__category")
    in_stock = django_filters.BooleanFilter(label=_("有库存"), method="filter_in_stock")
    due = django_filters.BooleanFilter(label=lazy(lambda: _("%(n)s天内到期或须保养") % {"n": DUE_DAYS}, str)(), method="filter_due")

    class Meta:
        model = Stock
        fields = ["warehouse", "item"]

    def filter_in_stock(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(on_hand__gt=0) if value else queryset.filter(on_hand=0)

    def filter_due(self, queryset, name, value):
        if not value:
            return queryset
        import datetime

        horizon = timezone.localdate() + datetime.timedelta(days=DUE_DAYS)
        return queryset.filter(on_hand__gt=0).filter(Q(expires_on__lte=horizon) | Q(next_maintenance_on__lte=horizon))


class MovementFilterSet(BaseFilterSet):
    search_fields = ("item__name", "warehouse__name", "batch", "borrower", "note")
    warehouse = django_filters.ModelChoiceFilter(label=_("储备库（点）"), queryset=Warehouse.objects.all())
    item = django_filters.ModelChoiceFilter(label=_("物资"), queryset=SupplyItem.objects.all())
    stock = django_filters.NumberFilter(label=_("库存行"), field_name="stock_id", widget=forms.HiddenInput)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=MovementKind.choices)
    after = django_filters.DateFilter(label=_("业务日期起"), field_name="occurred_on", lookup_expr="gte", widget=DATE)
    before = django_filters.DateFilter(label=_("业务日期止"), field_name="occurred_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Movement
        fields = ["warehouse", "item", "kind"]


class RescueTeamFilterSet(BaseFilterSet):
    search_fields = ("name", "organisation", "specialties", "leader")
    kind = django_filters.ChoiceFilter(label=_("队伍类型"), choices=TeamKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TeamStatus.choices)

    class Meta:
        model = RescueTeam
        fields = ["kind", "status"]


class ExpertFilterSet(BaseFilterSet):
    search_fields = ("name", "organisation", "speciality")
    field = django_filters.ChoiceFilter(label=_("专业领域"), choices=ExpertField.choices)

    class Meta:
        model = Expert
        fields = ["field"]


class ShelterFilterSet(BaseFilterSet):
    search_fields = ("name", "address", "facilities")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ShelterKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ShelterStatus.choices)
    has_room = django_filters.BooleanFilter(label=_("尚有空位"), method="filter_has_room")

    class Meta:
        model = Shelter
        fields = ["kind", "level", "status"]

    def filter_has_room(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(occupancy__lt=F("capacity")) if value else queryset.filter(occupancy__gte=F("capacity"))


class DispatchFilterSet(BaseFilterSet):
    search_fields = ("task",)
    kind = django_filters.ChoiceFilter(label=_("调派类型"), choices=DispatchKind.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=DispatchState.choices)
    after = django_filters.DateFilter(label=_("调派日期起"), field_name="dispatched_at", lookup_expr="date__gte",
                                      widget=DATE)
    before = django_filters.DateFilter(label=_("调派日期止"), field_name="dispatched_at", lookup_expr="date__lte",
                                       widget=DATE)

    class Meta:
        model = Dispatch
        fields = ["kind", "state"]
