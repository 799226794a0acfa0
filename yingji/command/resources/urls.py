from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Expert, RescueTeam, Shelter, SupplyItem, Warehouse

app_name = "resources"
urlpatterns = [
    *crud_urls("warehouse", model=Warehouse, list_view=views.WarehouseListView,
               detail_view=views.WarehouseDetailView, edit_view=views.WarehouseEditView),
    *crud_urls("supplyitem", model=SupplyItem, list_view=views.SupplyItemListView,
               detail_view=views.SupplyItemDetailView, edit_view=views.SupplyItemEditView),
    *crud_urls("rescueteam", model=RescueTeam, list_view=views.RescueTeamListView,
               detail_view=views.RescueTeamDetailView, edit_view=views.RescueTeamEditView),
    path("rescueteams/<int:pk>/equipment/", views.TeamEquipmentEditView.as_view(), name="rescueteam_equipment"),
    *crud_urls("expert", model=Expert, list_view=views.ExpertListView, detail_view=views.ExpertDetailView,
               edit_view=views.ExpertEditView),
    *crud_urls("shelter", model=Shelter, list_view=views.ShelterListView, detail_view=views.ShelterDetailView,
               edit_view=views.ShelterEditView),
    path("stocks/", views.StockListView.as_view(), name="stock_list"),
    path("stocks/add/", views.MovementAddView.as_view(), name="stock_add"),
    path("stocks/<int:pk>/", views.StockDetailView.as_view(), name="stock_detail"),
    path("movements/", views.MovementListView.as_view(), name="movement_list"),
    path("movements/add/", views.MovementAddView.as_view(), name="movement_add"),
    path("movements/<int:pk>/", views.MovementDetailView.as_view(), name="movement_detail"),
    path("dispatches/", views.DispatchListView.as_view(), name="dispatch_list"),
    path("dispatches/add/", views.DispatchAddView.as_view(), name="dispatch_add"),
    path("dispatches/<int:pk>/", views.DispatchDetailView.as_view(), name="dispatch_detail"),
    path("dispatches/<int:pk>/return/", views.DispatchReturnView.as_view(), name="dispatch_return"),
]
