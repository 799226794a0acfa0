from rest_framework.routers import SimpleRouter

from .views import EnterpriseViewSet, HazardChemicalViewSet, KeyPersonViewSet, MajorHazardSourceViewSet

router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("key-persons", KeyPersonViewSet, basename="keyperson")
router.register("major-hazard-sources", MajorHazardSourceViewSet, basename="majorhazardsource")
router.register("major-hazard-chemicals", HazardChemicalViewSet, basename="hazardchemical")
urlpatterns = router.urls
