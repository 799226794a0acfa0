"""The hazard list's filters: 挂牌督办 at any level, 销号 dates, region by code; bad values are a clear error (API
400) or an empty list (web page), never a 500."""

import datetime

import pytest
from django.utils import timezone

from yingji.supervision.hazards.choices import HazardLevel, HazardState, SupervisionLevel
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db
API = "/api/v1/hazards/"
LIST = "/hazards/"


def ids(api, **params):
    response = api.get(API, params)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def listed(world, region, level):
    return world.sample(Hazard, region, level=HazardLevel.MAJOR, major_basis="判定依据", supervision_level=level,
                        supervising_unit="县安委办", supervision_deadline=datetime.date(2026, 6, 1))


def closed_at(hazard, *local):
    """Closes `hazard` at the local time `local` (year, month, day, hour, minute)."""
    when = timezone.make_aware(datetime.datetime(*local))
    Hazard.objects.filter(pk=hazard.pk).update(state=HazardState.CLOSED, closed_at=when)


def test_supervised_means_listed_at_any_level(world, api_for):
    county = listed(world, world.regions.township_a, SupervisionLevel.COUNTY)
    city = listed(world, world.regions.township_b, SupervisionLevel.CITY)
    province = listed(world, world.regions.village_a, SupervisionLevel.PROVINCE)
    major = world.sample(Hazard, level=HazardLevel.MAJOR, major_basis="判定依据")
    general = world.sample(Hazard)
    api = api_for(world.users.leader)
    assert ids(api, supervised="true") == sorted([county.pk, city.pk, province.pk])
    assert ids(api, supervised="false") == sorted([major.pk, general.pk])
    assert ids(api, supervised="true", supervision_level="city") == [city.pk]
    assert len(ids(api)) == 5


def test_closed_dates_are_local_calendar_days(world, api_for):
    late_evening = world.sample(Hazard)
    closed_at(late_evening, 2026, 3, 1, 23, 30)  # 15:30 UTC: still 1 March in the bureau's time zone
    next_morning = world.sample(Hazard)
    closed_at(next_morning, 2026, 3, 2, 0, 10)
    world.sample(Hazard)  # open: no 销号 date, never matched by a 销号 date filter
    api = api_for(world.users.leader)
    assert ids(api, closed_before="2026-03-01") == [late_evening.pk]
    assert ids(api, closed_after="2026-03-02") == [next_morning.pk]
    assert ids(api, closed_after="2026-03-01", closed_before="2026-03-02") == sorted([late_evening.pk,
                                                                                      next_morning.pk])
    assert ids(api, closed_after="2026-03-03") == []
    # the extremes of the date input neither overflow nor change the answer
    assert ids(api, closed_after="0001-01-01", closed_before="9999-12-31") == sorted([late_evening.pk,
                                                                                      next_morning.pk])


def test_region_by_code_any_level_in_scope(world, api_for):
    r = world.regions
    a = world.sample(Hazard, r.township_a)
    village = world.sample(Hazard, r.village_a)
    b = world.sample(Hazard, r.township_b)
    api = api_for(world.users.leader)
    assert ids(api, region=r.county.code) == sorted([a.pk, village.pk, b.pk])
    assert ids(api, region=r.township_a.code) == sorted([a.pk, village.pk])
    assert ids(api, region=r.village_a.code) == [village.pk]
    # the township filter (by id) still works beside it
    assert ids(api, township=r.township_b.pk) == [b.pk]
    assert ids(api, township=r.township_b.pk, region=r.township_a.code) == []


@pytest.mark.parametrize("params, field", [
    ({"region": "331098000000"}, "region"),  # the neighbouring county: not in the leader's scope
    ({"region": "abc"}, "region"),
    ({"region": "3310990000001234567"}, "region"),
    ({"closed_after": "2026-02-30"}, "closed_after"),
    ({"closed_before": "yesterday"}, "closed_before"),
])
def test_bad_filter_values_are_clear_errors(world, api_for, client_for, params, field):
    world.sample(Hazard)
    response = api_for(world.users.leader).get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]
    if field == "region":
        assert body["errors"]["region"] == ["区划不存在或不在您的管辖范围内"]
    page = client_for(world.users.leader).get(LIST, params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "共 0 条" in html and "errorlist" in html


def test_township_user_cannot_filter_by_another_township(world, api_for):
    world.sample(Hazard, world.regions.township_b)
    api = api_for(world.users.township_a)
    assert api.get(API, {"region": world.regions.township_b.code}).status_code == 400
    assert api.get(API, {"region": world.regions.county.code}).status_code == 400
    assert ids(api, region=world.regions.township_a.code) == []


def test_list_page_query_count_with_the_new_filters(world, client_for, django_assert_max_num_queries):
    for _i in range(5):
        listed(world, world.regions.township_a, SupervisionLevel.COUNTY)
    client = client_for(world.users.leader)
    params = {"supervised": "true", "closed_after": "2026-01-01", "region": world.regions.county.code}
    client.get(LIST, params)
    with django_assert_max_num_queries(25):
        assert client.get(LIST, params).status_code == 200


def test_region_by_id_as_the_statistics_take_it(world, api_for):
    a = world.sample(Hazard, world.regions.township_a)
    world.sample(Hazard, world.regions.township_b)
    api = api_for(world.users.leader)
    assert ids(api, region=world.regions.township_a.pk) == [a.pk]
    assert api.get(API, {"region": world.regions.other_county.pk}).status_code == 400
    assert api.get(API, {"region": "9" * 11}).status_code == 400
