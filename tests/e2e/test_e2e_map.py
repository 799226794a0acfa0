"""一张图 in headless Chromium with every request outside the live server aborted (no internet at all): the map
draws the region boundaries with their Chinese names, at least two layers with features, and a click on a feature
opens its record; a township officer's map holds only his township's features."""

import datetime
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def offline(page, live_server):
    """Abort every request that does not go to the live server; returns the list of aborted URLs."""
    blocked = []

    def route(r):
        if r.request.url.startswith(live_server.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


def county_with_features(world):
    from yingji.analysis.map import demo
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    r = world.regions
    demo.save_boundaries(demo.county_boundaries(r.county, [r.township_a, r.township_b]), source="test")
    cells = {code: g for code, g in ((reg.code, g) for reg, g in
                                     demo.county_boundaries(r.county, [r.township_a, r.township_b]))}
    made = {}
    for town, grades in ((r.township_a, "ABC"), (r.township_b, "D")):
        ring = cells[town.code]["coordinates"][0]
        cx = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
        cy = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
        for i, grade in enumerate(grades):
            made.setdefault(town.code, []).append(world.sample(
                Enterprise, town, risk_grade=grade, name=f"{town.name}{grade}级测试企业",
                longitude=Decimal(f"{cx + 0.01 * i:.6f}"), latitude=Decimal(f"{cy:.6f}")))
    late = world.sample(Hazard, r.township_a, enterprise=made[r.township_a.code][0],
                        deadline=datetime.date.today() - datetime.timedelta(days=3),
                        found_on=datetime.date.today() - datetime.timedelta(days=30))
    return made, late


def wait_ready(page):
    page.wait_for_selector("#yj-map[data-ready='1']")
    return page.evaluate("window.yjMap.state")


def test_the_map_works_offline_with_labels_layers_and_records(live_server, page, login):
    from yingji.platform.core.testing import build_world

    world = build_world()
    made, late = county_with_features(world)
    blocked = offline(page, live_server)
    login(world.users.leader)
    page.get_by_role("link", name="一张图").click()
    state = wait_ready(page)
    # boundaries and their Chinese labels, drawn as HTML text (no glyph or tile server)
    assert state["boundaries"] == 3 and state["labels"] == 2
    expect(page.locator(".yj-map-label", has_text="青石镇")).to_be_visible()
    expect(page.locator(".yj-map-label", has_text="白水镇")).to_be_visible()
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # boundaries and points on a canvas
    # two layers on at first, both with features, counted in the panel
    assert state["layers"]["enterprises"]["features"] == 4
    assert state["layers"]["hazards_overdue"]["features"] == 1
    expect(page.locator("[data-layer-count='enterprises']")).to_have_text("4")
    # a third layer switched on
    page.locator("[data-layer-toggle='hazards_open']").check()
    expect(page.locator("[data-layer-count='hazards_open']")).to_have_text("1")
    assert page.evaluate("window.yjMap.state.layers.hazards_open.features") == 1
    # a click on a feature: its summary, then its record
    page.evaluate("""() => { var m = null; window.yjMap.map.eachLayer(function (l) {
        if (l.feature && l.feature.properties && l.feature.properties.t === '青石镇A级测试企业') { m = l; } });
        m.fire('click'); }""")
    popup = page.locator(".yj-map-popup")
    expect(popup).to_contain_text("A（红）")
    popup.get_by_role("link", name="打开记录").click()
    page.wait_for_url(f"{live_server.url}/enterprises/{made[world.regions.township_a.code][0].pk}/")
    expect(page.locator("body")).to_contain_text("青石镇A级测试企业")
    assert not page.js_errors, page.js_errors
    assert blocked == [], f"the page asked the internet for {blocked}"  # no CDN, no tile or font server


def test_a_township_officers_map_holds_his_township_only(live_server, page, login):
    from yingji.platform.core.testing import build_world

    world = build_world()
    county_with_features(world)
    offline(page, live_server)
    login(world.users.township_b)
    page.goto(f"{live_server.url}/analysis/map/")
    state = wait_ready(page)
    assert state["layers"]["enterprises"]["features"] == 1
    assert state["layers"]["hazards_overdue"]["features"] == 0
    assert state["boundaries"] == 1  # his township (its villages have no boundaries here), labelled
    expect(page.locator(".yj-map-label", has_text="白水镇")).to_be_visible()
    expect(page.locator(".yj-map-label", has_text="青石镇")).to_have_count(0)
    assert not page.js_errors, page.js_errors
