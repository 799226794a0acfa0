"""The API's pages (core/api/pagination.py): an exact count up to the limit, an estimate above it marked as such on
PostgreSQL (exact on SQLite), and keyset pages (?cursor=) that walk a whole ledger once, in id order, with the
list's filters and scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.platform.core.api.pagination import decode_cursor, encode_cursor
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

URL = "/api/v1/hazards/"


@pytest.fixture
def hazards(world):
    """Five hazards in township A, two in township B."""
    made = [world.sample(Hazard, world.regions.township_a) for _ in range(5)]
    made += [world.sample(Hazard, world.regions.township_b) for _ in range(2)]
    return made


def test_count_is_exact_up_to_the_limit(hazards, world, api_for, settings):
    settings.YINGJI_API_EXACT_COUNT_LIMIT = 7
    body = api_for(world.users.admin).get(URL).json()
    assert body["count"] == 7 and "count_estimated" not in body
    body = api_for(world.users.township_a).get(URL).json()
    assert body["count"] == 5 and "count_estimated" not in body


def test_count_above_the_limit_is_estimated_on_postgresql_and_exact_on_sqlite(hazards, world, api_for, settings):
    settings.YINGJI_API_EXACT_COUNT_LIMIT = 3
    body = api_for(world.users.admin).get(URL + "?page_size=2").json()
    assert len(body["results"]) == 2 and body["next"]
    if connection.vendor == "postgresql":
        assert body["count_estimated"] is True
        assert body["count"] > 3  # never below what was counted exactly
    else:
        assert body["count"] == 7 and "count_estimated" not in body


def test_a_limit_of_zero_counts_exactly(hazards, world, api_for, settings):
    settings.YINGJI_API_EXACT_COUNT_LIMIT = 0
    body = api_for(world.users.admin).get(URL + "?page_size=2").json()
    assert body["count"] == 7 and "count_estimated" not in body


def test_the_count_reads_the_records_without_the_joins_of_the_rows(hazards, world, api_for):
    """The rows name the enterprise (enterprise__name: a join); the count asks the same records without it, so that
    PostgreSQL can count a region's hazards in one state from the index alone. A filter's own join stays."""
    client = api_for(world.users.admin)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(URL + "?state=pending").json()
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert body["count"] == 7 and body["results"][0]["enterprise_name"]
    assert len(counts) == 1 and "enterprises_enterprise" not in counts[0]
    sector = hazards[0].enterprise.sector
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(URL + f"?sector={sector}").json()
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert body["count"] == sum(h.enterprise.sector == sector for h in hazards)
    assert "enterprises_enterprise" in counts[0]


def test_cursor_walks_the_whole_filtered_ledger_once_in_id_order(hazards, world, api_for):
    client = api_for(world.users.admin)
    Hazard.objects.filter(pk=hazards[1].pk).update(state="closed")
    url, seen, pages = URL + "?page_size=2&cursor=&state=pending", [], 0
    while url:
        body = client.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    expected = sorted(h.pk for h in hazards if h.pk != hazards[1].pk)
    assert seen == expected and pages == 3


def test_cursor_keeps_the_scope(hazards, world, api_for):
    body = api_for(world.users.township_b).get(URL + "?cursor=").json()
    assert sorted(row["id"] for row in body["results"]) == sorted(h.pk for h in hazards[5:])
    assert body["next"] is None


def test_a_cursor_page_costs_the_same_deep_in_the_walk(hazards, world, api_for):
    client = api_for(world.users.admin)
    client.get(URL + "?page_size=1&cursor=")
    with CaptureQueriesContext(connection) as first:
        client.get(URL + "?page_size=1&cursor=")
    with CaptureQueriesContext(connection) as deep:
        client.get(URL + f"?page_size=1&cursor={encode_cursor(hazards[5].pk)}")
    assert len(deep) == len(first)
    assert not any("COUNT(" in q["sql"].upper() for q in deep.captured_queries)


@pytest.mark.parametrize("query", ["cursor=abc", "cursor=" + encode_cursor(1)[:-2] + "!!", "cursor=&ordering=deadline",
                                   "cursor=&page=2"])
def test_bad_cursor_requests_are_a_clear_400(hazards, world, api_for, query):
    response = api_for(world.users.admin).get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "游标" in response.json()["errors"]["cursor"][0]


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(12345)) == 12345
    assert decode_cursor("") is None
