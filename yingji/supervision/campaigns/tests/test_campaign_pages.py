"""The campaigns as their own app (issue 8): the addresses users bookmarked before the split still answer, under the
campaigns namespace and permissions, and the list page and API keep a fixed number of queries."""

import pytest
from django.urls import resolve, reverse

from yingji.platform.accounts.roles import ROLE_DEFAULTS
from yingji.platform.core import navigation
from yingji.supervision.campaigns.models import Campaign
from yingji.supervision.campaigns.testing import make_campaign

pytestmark = pytest.mark.django_db


def test_the_addresses_of_before_the_split_are_the_campaigns_apps():
    assert reverse("campaigns:campaign_list") == "/campaigns/"
    assert reverse("campaigns:campaign_add") == "/campaigns/add/"
    assert reverse("campaigns:campaign_detail", args=[7]) == "/campaigns/7/"
    assert reverse("campaigns:campaign_edit", args=[7]) == "/campaigns/7/edit/"
    assert reverse("api:campaign-list") == "/api/v1/campaigns/"
    assert resolve("/campaigns/7/void/").namespace == "campaigns"
    assert Campaign._meta.app_label == "campaigns" and Campaign._meta.db_table == "inspections_campaign"


def test_the_roles_and_the_menu_name_the_campaigns_app():
    assert "campaigns.view_campaign" in ROLE_DEFAULTS["grid"]
    assert {"campaigns.add_campaign", "campaigns.change_campaign"} <= ROLE_DEFAULTS["enforcement"]
    assert not any(p.startswith("inspections.") and p.endswith("campaign") for perms in ROLE_DEFAULTS.values()
                   for p in perms)
    menu = [(e.group, e.perm, e.order) for e in navigation.entries() if e.url_name == "campaigns:campaign_list"]
    assert menu == [("supervision", "campaigns.view_campaign", 26)]
    assert not [e for e in navigation.entries() if e.url_name.startswith("inspections:campaign")]


def test_a_campaign_page_and_its_figures_for_an_officer(world, client_for):
    campaign = make_campaign(world, world.regions.county, name="春雷行动")
    response = client_for(world.users.leader).get(campaign.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "春雷行动" in html and 'id="campaign-figures"' in html
    assert f"/inspections/?campaign={campaign.pk}" in html  # the campaign's inspections, in the inspection list


def test_list_page_and_api_have_a_fixed_query_count(world, client_for, api_for, django_assert_max_num_queries):
    for _ in range(8):
        make_campaign(world, world.regions.county)
    client, rest = client_for(world.users.admin), api_for(world.users.admin)
    client.get("/campaigns/")
    with django_assert_max_num_queries(14):
        assert client.get("/campaigns/").status_code == 200
    with django_assert_max_num_queries(8):
        assert rest.get("/api/v1/campaigns/").json()["count"] == 8
