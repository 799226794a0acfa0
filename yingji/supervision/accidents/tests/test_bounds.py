"""Issue 16, item 1: a township user posted "deaths": 9223372036854775807, which was accepted and then overflowed
the county's accident statistics and annual report for everyone. Every figure is bounded on the model, so the edit
page, the import, the API and its schema refuse it in Chinese; sums of bounded figures cannot overflow."""

import datetime

from django.utils import timezone

from yingji.supervision.accidents.models import MAX_PEOPLE, Accident

from .test_accidents_web_api import _form

HUGE = 9223372036854775807


def test_an_impossible_death_toll_is_refused_everywhere_and_nothing_is_written(world, client_for, api_for):
    data = _form(world, deaths=HUGE)
    data["occurred_at"] = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    r = api_for(world.users.township_a).post("/api/v1/accidents/", data, format="json")
    # DRF answers from the field's maximum (taken from the model's validator), in Chinese
    assert r.status_code == 400 and str(MAX_PEOPLE) in r.json()["errors"]["deaths"][0]
    r = client_for(world.users.township_a).post("/supervision/accidents/add/", _form(world, injuries=MAX_PEOPLE + 1))
    assert r.status_code == 400 and f"受伤人数不能超过 {MAX_PEOPLE}" in r.content.decode()
    assert not Accident.objects.exists()
    # the statistics answer, with the largest figures allowed
    ok = _form(world, deaths=MAX_PEOPLE, missing=MAX_PEOPLE, injuries=MAX_PEOPLE)
    ok["occurred_at"] = data["occurred_at"]
    assert api_for(world.users.township_a).post("/api/v1/accidents/", ok, format="json").status_code == 201
    assert api_for(world.users.admin).get("/api/v1/accident-stats/").status_code == 200


def test_the_schema_states_the_bounds(world, api_for):
    schema = api_for(world.users.admin).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    props = schema["components"]["schemas"]["Accident"]["properties"]
    assert props["deaths"]["maximum"] == MAX_PEOPLE
