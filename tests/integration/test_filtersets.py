"""The FilterSet base: `?region=` means the same on every list API (generated from the URL conf), `?township=` is
one filter, and the choices of record filters are scoped to the user without any FilterSet writing it.

It lives in tests/integration, above the layers, because it checks the platform base over the domains' lists."""

import django_filters
import pytest
from django.test import RequestFactory

from yingji.platform.core.filtersets import BaseFilterSet, RegionFilter, TownshipFilter, scoped_choices
from yingji.platform.core.models import ScopedQuerySet
from yingji.platform.core.testing import iter_url_patterns, sample_factories
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

pytestmark = pytest.mark.django_db


def list_apis():
    """(url, viewset) of every list API of the project whose model is region-scoped."""
    out = []
    for route, _name, callback in iter_url_patterns():
        cls = getattr(callback, "cls", None)
        if cls is None or (getattr(callback, "actions", None) or {}).get("get") != "list" or "<" in route:
            continue
        if getattr(cls, "filterset_class", None) is None or getattr(cls, "queryset", None) is None:
            continue
        model = cls.queryset.model
        if getattr(model, "scope_region_field", None):
            out.append(("/" + route.replace("^", "").replace("$", ""), cls))
    return sorted(out, key=lambda r: r[0])


def test_the_list_apis_are_found():
    urls = {url for url, _cls in list_apis()}
    assert {"/api/v1/hazards/", "/api/v1/accidents/", "/api/v1/disaster-events/", "/api/v1/relief-payments/",
            "/api/v1/organisations/", "/api/v1/users/", "/api/v1/key-persons/"} <= urls, urls


def test_every_list_api_takes_region_as_id_or_code(world, api_for):
    """For each list API: a record of township A is listed under township A's code, its id and the county, not
    under township B; a region outside the scope or not a region answers 400 naming `region`."""
    r = world.regions
    api = api_for(world.users.admin)
    checked = 0
    for url, cls in list_apis():
        model = cls.queryset.model
        assert isinstance(cls.filterset_class.base_filters.get("region"), RegionFilter), url
        record = None
        if model in sample_factories:
            try:
                record = world.sample(model, r.village_a)
            except Exception:  # noqa: BLE001 - a factory that cannot place a record in a village: no content check
                record = None

        def ids(region, url=url):
            response = api.get(url, {"region": region, "page_size": 1000, "record_status": "all"})
            assert response.status_code == 200, (url, region, response.content[:300])
            return {row["id"] for row in response.json()["results"]}

        by_code, by_id = ids(r.township_a.code), ids(r.township_a.pk)
        assert by_code == by_id, url
        if record is not None and record.scope_region() is not None \
                and record.scope_region().code.startswith(r.township_a.code[:9]):
            assert record.pk in by_code and record.pk in ids(r.county.code), url
            assert record.pk not in ids(r.township_b.code), url
            checked += 1
        for bad in (r.other_county.code, r.other_township.pk, "abc", "999999999999"):
            response = api.get(url, {"region": bad})
            assert response.status_code == 400 and "region" in response.json()["errors"], (url, bad)
    assert checked >= 20, checked


def test_a_region_filter_of_another_kind_is_refused():
    from yingji.platform.accounts.models import Organisation

    with pytest.raises(TypeError, match="RegionFilter"):
        class Bad(BaseFilterSet):
            region = django_filters.ModelChoiceFilter(queryset=Region.objects.all())

            class Meta:
                model = Organisation
                fields = []


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _filtersets():
    import importlib

    from django.apps import apps

    for app in apps.get_app_configs():
        if app.name.startswith("yingji."):
            try:
                importlib.import_module(f"{app.name}.filtersets")
            except ModuleNotFoundError:
                pass

    def subclasses(c):
        for s in c.__subclasses__():
            yield s
            yield from subclasses(s)

    return [fs for fs in subclasses(BaseFilterSet) if fs._meta.model is not None]


def test_record_choices_are_scoped_in_every_filterset(world):
    """Every choice of every record filter, for a township officer, is a record he may view; none without a
    request. No FilterSet restricts them by hand."""
    from yingji.platform.accounts.models import Organisation
    from yingji.supervision.campaigns.models import Campaign

    user = world.users.township_a
    foreign = Campaign.objects.create(name="邻县专项", region=world.regions.other_county,
                                      start_date="2026-01-01", end_date="2026-12-31")
    seen = 0
    for fs_class in _filtersets():
        fs = fs_class(queryset=fs_class._meta.model.objects.none(), request=_request(user))
        bare = fs_class(queryset=fs_class._meta.model.objects.none())
        for name, f in fs.filters.items():
            # a callable queryset is a filter's own declared choice rule (the regions in scope, the departments an
            # enterprise may be filed under, the regions a rule may apply to); the others are scoped by the base
            qs = getattr(f, "queryset", None)
            if callable(qs) or not isinstance(qs, ScopedQuerySet):
                continue
            allowed = set(qs.model.objects.restrict(user, "view").values_list("pk", flat=True))
            assert set(qs.values_list("pk", flat=True)) <= allowed, (fs_class.__name__, name)
            assert not bare.filters[name].queryset.exists(), (fs_class.__name__, name)
            seen += 1
    assert seen >= 3, seen
    from yingji.platform.accounts.filtersets import UserFilterSet
    from yingji.supervision.inspections.filtersets import InspectionFilterSet

    campaigns = InspectionFilterSet(request=_request(world.users.leader)).filters["campaign"].queryset
    assert foreign not in campaigns
    orgs = UserFilterSet(request=_request(world.users.leader)).filters["organisation"].queryset
    assert world.orgs.other_bureau not in orgs and world.orgs.bureau in orgs
    assert scoped_choices(Organisation.objects.all(), None).count() == 0


def test_township_filter_takes_id_or_code_of_a_township_in_scope(world, api_for):
    from yingji.supervision.hazards.filtersets import HazardFilterSet

    assert isinstance(HazardFilterSet.base_filters["township"], TownshipFilter)
    api = api_for(world.users.township_a)
    r = world.regions
    for value in (r.township_a.pk, r.township_a.code):
        assert api.get("/api/v1/hazards/", {"township": value}).status_code == 200
    for value in (r.township_b.pk, r.county.code, r.village_a.code, "abc"):
        response = api.get("/api/v1/hazards/", {"township": value})
        assert response.status_code == 400 and "township" in response.json()["errors"], value


def test_a_large_countys_townships_are_all_offered_and_accepted(world, client_for):
    """The statistics pages and the lists offer every township of the scope (the enforcement statistics page
    used to stop at the first 300 regions and refuse the others)."""
    county = world.regions.county
    Region.objects.bulk_create([Region(code=f"331099{400 + i:03d}000", name=f"第{i}镇", level=Level.TOWNSHIP,
                                       parent=county) for i in range(320)])
    last = Region.objects.get(code="331099719000")
    client = client_for(world.users.leader)
    for url in ("/enforcementcases/stats/", "/inspections/stats/", "/analysis/supervision/",
                "/supervision/accidents/stats/", "/disaster/stats/"):
        page = client.get(url)
        assert page.status_code == 200 and f'value="{last.code}"' in page.content.decode(), url
        assert client.get(url, {"region": last.pk}).status_code == 200, url
        assert client.get(url, {"region": last.code}).status_code == 200, url
    page = client.get("/hazards/").content.decode()
    assert f'value="{last.pk}"' in page and f'value="{last.code}"' in page
