"""双随机: reproducible from the stored seed and pools, conflicts excluded, refused without two inspectors."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from yingji.platform.audit.models import AuditEvent
from yingji.supervision.draws import services
from yingji.supervision.draws.models import Draw, DrawItem
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.testing import make_inspection
from yingji.supervision.inspections.tests.helpers import certify, officers

pytestmark = pytest.mark.django_db


def _enterprises(world, n, region=None):
    return [make_enterprise(world, region or world.regions.township_a) for _ in range(n)]


def _draw(world, count, seed=42, **kw):
    return services.make_draw(actor=world.users.inspector, title="测试抽查", region=world.regions.county,
                              count=count, seed=seed, **kw)


def test_compute_draw_is_a_pure_function_of_seed_and_sorted_pools():
    pool, inspectors = [5, 3, 9, 1, 7], [11, 12, 13, 14]
    a = services.compute_draw(7, pool, inspectors, {}, 3)
    b = services.compute_draw(7, list(reversed(pool)), list(reversed(inspectors)), {}, 3)
    assert a == b
    assert len({e for e, _u in a}) == 3 and all(len(set(u)) == 2 for _e, u in a)


def test_draw_is_stored_and_rerun_gives_the_same_result(world):
    _enterprises(world, 8)
    _enterprises(world, 4, world.regions.township_b)
    certify(world, world.users.inspector, world.users.inspector2)
    officers(world, 3)
    draw = _draw(world, 5, seed=123456789)
    assert draw.seed == 123456789 and len(draw.pool) == 12 and draw.pool == sorted(draw.pool)
    assert len(draw.inspector_pool) == 5 and draw.parameters["count"] == 5
    stored = services.stored_result(draw)
    assert len(stored) == 5 and all(len(ins) == 2 for _e, ins in stored)
    same, recomputed = services.rerun_draw(draw)
    assert same and recomputed == stored
    # the same seed on the same data draws the same again; the result does not depend on later changes
    again = _draw(world, 5, seed=123456789)
    assert services.stored_result(again) == stored
    make_enterprise(world, world.regions.township_a)
    assert services.rerun_draw(draw)[0]


def test_rerun_detects_a_tampered_result(world):
    _enterprises(world, 4)
    officers(world, 4)
    draw = _draw(world, 2)
    item = draw.items.first()
    others = [u for u in draw.inspector_pool if u not in {x.pk for x in item.inspectors.all()}]
    item.inspectors.set(others[:2])
    assert services.rerun_draw(draw)[0] is False


def test_township_office_inspector_is_not_sent_to_his_own_township(world):
    ours = _enterprises(world, 3, world.regions.township_a) + [make_enterprise(world, world.regions.village_a)]
    theirs = _enterprises(world, 3, world.regions.township_b)
    local = officers(world, 1, region=world.regions.township_a, organisation=world.orgs.office_a)[0]
    officers(world, 2)
    for seed in range(15):
        draw = _draw(world, 7, seed=seed)
        for item in draw.items.prefetch_related("inspectors"):
            ids = {u.pk for u in item.inspectors.all()}
            if item.enterprise in ours:
                assert local.pk not in ids, f"seed {seed}: township officer drawn for his own township"
        assert all(str(e.pk) in draw.conflicts and local.pk in draw.conflicts[str(e.pk)] for e in ours)
        assert all(str(e.pk) not in draw.conflicts for e in theirs)


def test_inspectors_of_the_last_inspection_are_not_drawn_again(world):
    enterprise = make_enterprise(world, world.regions.township_a)
    a, b = world.users.inspector, world.users.inspector2
    certify(world, a, b)
    c, d = officers(world, 2)
    make_inspection(world, world.regions.township_a, enterprise=enterprise, inspectors=[c, d],
                    inspected_on=datetime.date(2024, 3, 1))
    make_inspection(world, world.regions.township_a, enterprise=enterprise, inspectors=[a, b],
                    inspected_on=datetime.date(2025, 3, 1))
    # the enterprise's own self-inspection since then does not lift the exclusion
    make_inspection(world, world.regions.township_a, enterprise=enterprise, inspectors=[], kind="self",
                    inspected_on=datetime.date(2025, 6, 1))
    for seed in range(10):
        draw = _draw(world, 1, seed=seed)
        item = draw.items.get()
        assert {u.pk for u in item.inspectors.all()} == {c.pk, d.pk}


def test_fewer_than_two_eligible_inspectors_is_refused_and_nothing_is_written(world, client_for):
    enterprise = make_enterprise(world, world.regions.township_a)
    a, b = world.users.inspector, world.users.inspector2
    certify(world, a, b)
    c = officers(world, 1)[0]
    make_inspection(world, world.regions.township_a, enterprise=enterprise, inspectors=[a, b])
    with pytest.raises(ValidationError) as e:
        _draw(world, 1)
    assert "少于 2 名" in e.value.messages[0] and enterprise.name in e.value.messages[0]
    assert not Draw.objects.exists() and not DrawItem.objects.exists()
    response = client_for(world.users.inspector).post("/draws/add/", {
        "title": "十一月抽查", "region": world.regions.county.pk, "count": 1, "per_enterprise": 2})
    assert response.status_code == 400
    assert "少于 2 名" in response.content.decode() and not Draw.objects.exists()
    assert c  # one other certified officer is not enough


def test_expired_certificates_and_too_many_enterprises_are_refused(world):
    _enterprises(world, 2)
    certify(world, world.users.inspector, world.users.inspector2, valid_days=-1)
    with pytest.raises(ValidationError):
        _draw(world, 1)
    officers(world, 2)
    with pytest.raises(ValidationError) as e:
        _draw(world, 3)
    assert "超过了符合条件的企业数" in e.value.messages[0]


def test_web_draw_page_export_and_publish(world, client_for):
    _enterprises(world, 5)
    officers(world, 3)
    client = client_for(world.users.inspector)
    response = client.post("/draws/add/", {"title": "2026年第四季度双随机抽查", "region": world.regions.county.pk,
                                           "count": 3, "per_enterprise": 2, "sectors": ["hazchem_use"],
                                           "seed": 99})
    assert response.status_code == 302
    draw = Draw.objects.get()
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "draw-result" in page and draw.items.first().enterprise.name in page
    verify = client.get(f"/draws/{draw.pk}/verify/").content.decode()
    assert "完全一致" in verify
    export = client.get(f"/draws/{draw.pk}/export/")
    ws = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("序号", "企业名称") and len(rows) == 4
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, detail__id=draw.pk).exists()
    # the result page links to the inspection form with the enterprise and the draw item filled in
    item = draw.items.first()
    form = client.get(f"/inspections/add/?enterprise={item.enterprise_id}&kind=enforcement&draw_item={item.pk}")
    assert form.status_code == 200 and f'value="{item.pk}" selected' in form.content.decode()
    # an inspector cannot publish; the leader can
    assert client.post(f"/draws/{draw.pk}/publish/").status_code == 403
    client_for(world.users.leader).post(f"/draws/{draw.pk}/publish/")
    draw.refresh_from_db()
    assert draw.status == "published" and draw.published_by == world.users.leader
    # the workflow's event row, and a second publication refused in Chinese without a second row
    assert [(e.transition, e.actor) for e in draw.events.all()] == [("publish", world.users.leader)]
    again = client_for(world.users.leader).post(f"/draws/{draw.pk}/publish/", follow=True)
    assert [str(m) for m in again.context["messages"]] == ["该抽查结果已审核公示"]
    assert draw.events.count() == 1


def test_api_draw_and_its_errors(world, api_for):
    _enterprises(world, 3)
    api = api_for(world.users.inspector)
    response = api.post("/api/v1/draws/", {"title": "API 抽查", "region": world.regions.county.pk, "count": 1},
                        format="json")
    assert response.status_code == 400 and "少于 2 名" in response.json()["message"]
    officers(world, 2)
    response = api.post("/api/v1/draws/", {"title": "API 抽查", "region": world.regions.county.pk, "count": 2,
                                           "seed": 5}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["seed"] == 5 and len(body["items"]) == 2 and len(body["pool"]) == 3
    listed = api.get("/api/v1/draws/").json()["results"]
    assert listed[0]["id"] == body["id"] and "pool" not in listed[0]
    assert api.get(f"/api/v1/draws/{body['id']}/").json()["pool"] == body["pool"]


def test_conflicts_are_stored_for_the_drawn_enterprises_and_a_campaign_limits_the_pool(world):
    from yingji.supervision.campaigns.testing import make_campaign

    everyone = _enterprises(world, 10)
    local = officers(world, 1, region=world.regions.township_a, organisation=world.orgs.office_a)[0]
    officers(world, 2)
    draw = _draw(world, 3, seed=11)
    drawn = [str(item.enterprise_id) for item in draw.items.all()]
    assert sorted(draw.conflicts) == sorted(drawn) and all(local.pk in v for v in draw.conflicts.values())
    assert services.drawn_enterprises(11, draw.pool, 3) == [int(e) for e in drawn]
    campaign = make_campaign(world, world.regions.county, enterprises=everyone[:4])
    draw = _draw(world, 4, seed=3, campaign=campaign)
    assert draw.pool == sorted(e.pk for e in everyone[:4]) and draw.parameters["campaign"] == campaign.pk


def test_the_list_page_and_api_have_a_fixed_query_count(world, client_for, api_for, django_assert_max_num_queries):
    from yingji.supervision.draws.testing import make_draw_record

    for _ in range(8):
        make_draw_record(world, world.regions.county)
    client, rest = client_for(world.users.admin), api_for(world.users.admin)
    client.get("/draws/")
    with django_assert_max_num_queries(14):
        assert client.get("/draws/").status_code == 200
    with django_assert_max_num_queries(8):
        assert rest.get("/api/v1/draws/").json()["count"] == 8
