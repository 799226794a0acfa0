"""The narrative texts: API, scope, and query-count guards of their list page and list API."""

import pytest

from yingji.analysis.reports.models import ReportNarrative
from yingji.analysis.reports.testing import make_report_narrative


def test_api_creates_and_validates_narratives(world, api_for):
    api = api_for(world.users.admin)
    response = api.post("/api/v1/report-narratives/", {"region": world.regions.county.pk, "year": 2025,
                                                       "section": "party", "text": "一是强化理论学习。"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["section_title"] == "党的建设"
    response = api.post("/api/v1/report-narratives/", {"region": world.regions.county.pk, "year": 2025,
                                                       "section": "nonsense", "text": "x"}, format="json")
    assert response.status_code == 400 and "section" in response.json()["errors"]
    response = api.post("/api/v1/report-narratives/", {"region": world.regions.county.pk, "year": 2025,
                                                       "section": "party", "text": "重复"}, format="json")
    assert response.status_code == 400
    assert ReportNarrative.objects.count() == 1


def test_township_officer_writes_only_for_his_township(world, api_for, client_for):
    api = api_for(world.users.township_a)
    ok = api.post("/api/v1/report-narratives/", {"region": world.regions.township_a.pk, "year": 2025,
                                                 "section": "problems", "text": "一是基层力量薄弱。"}, format="json")
    assert ok.status_code == 201
    refused = api.post("/api/v1/report-narratives/", {"region": world.regions.county.pk, "year": 2025,
                                                      "section": "problems", "text": "越权"}, format="json")
    assert refused.status_code == 400
    # the department user may read reports but not write their text
    assert client_for(world.users.department).get("/reportnarratives/add/").status_code == 403
    assert client_for(world.users.department).get("/reports/annual/").status_code == 200
    assert client_for(world.users.nobody).get("/reports/annual/").status_code == 403


@pytest.mark.parametrize("url", ["/reportnarratives/", "/api/v1/report-narratives/"])
def test_list_query_counts_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries, url):
    for region in (world.regions.county, world.regions.township_a):
        make_report_narrative(world, region)
    client = client_for(world.users.admin)
    with django_assert_max_num_queries(20) as before:
        assert client.get(url).status_code == 200
    for region in (world.regions.county, world.regions.township_a, world.regions.township_b):
        for section in ("party", "plan", "intro"):
            make_report_narrative(world, region, section=section)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
