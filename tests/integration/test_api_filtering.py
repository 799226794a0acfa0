"""The API builds only the filters a request names (core/api/filtering.py): the same records as the whole
FilterSet, the same 400 for a bad value, and the browsable API's filter form still offers every filter."""

import pytest
from django_filters.rest_framework import DjangoFilterBackend

from yingji.platform.core.api.filtering import FilterBackend
from yingji.supervision.hazards.api.views import HazardViewSet
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

QUERIES = ["", "?state=pending", "?state=pending&found_after=2000-01-01", "?overdue=false", "?record_status=all",
           "?township=331099102000", "?level=general&source=self_inspection&q=样例", "?found_before=1999-01-01"]


def test_named_filters_only_give_the_same_records(world, api_for, monkeypatch):
    for region in (world.regions.township_a, world.regions.township_b, world.regions.township_a):
        world.sample(Hazard, region)
    Hazard.objects.filter(pk=Hazard.objects.first().pk).update(state="closed")
    client = api_for(world.users.admin)
    for query in QUERIES:
        narrow = client.get(f"/api/v1/hazards/{query}").json()
        monkeypatch.setattr(HazardViewSet, "filter_backends", [DjangoFilterBackend], raising=False)
        whole = client.get(f"/api/v1/hazards/{query}").json()
        monkeypatch.undo()
        assert narrow == whole, query


def test_a_bad_value_is_still_a_400(world, api_for):
    response = api_for(world.users.admin).get("/api/v1/hazards/?found_after=notadate&state=nothing")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"found_after", "state"}


def test_the_browsable_api_form_offers_every_filter(world, rf):
    from rest_framework.request import Request

    request = Request(rf.get("/api/v1/hazards/?state=pending"))
    request.user = world.users.admin
    view = HazardViewSet(request=request, action="list", format_kwarg=None, kwargs={})
    html = FilterBackend().to_html(request, view.get_queryset(), view)
    for name in ("state", "level", "sector", "found_after", "record_status"):
        assert f'name="{name}"' in html, name
