from django.urls import path

from . import views

app_name = "map"
urlpatterns = [
    path("analysis/map/", views.MapView.as_view(), name="index"),
    path("analysis/map/boundaries/", views.BoundariesView.as_view(), name="boundaries"),
    path("analysis/map/boundaries/import/", views.BoundaryImportView.as_view(), name="boundary_import"),
    path("analysis/map/layers/<slug:key>/", views.LayerDataView.as_view(), name="layer"),
    path("analysis/map/layers/<slug:key>/feature/", views.FeatureView.as_view(), name="feature"),
    path("analysis/map/choropleth/<slug:key>/", views.ChoroplethView.as_view(), name="choropleth"),
    path("analysis/map/tiles/<int:z>/<int:x>/<int:y>.<str:ext>", views.TileView.as_view(), name="tile"),
]
