"""The disaster statistics page states relief as the bureaus do, each figure linked to the payments behind it."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from yingji.disaster.relief.testing import make_relief_fund, make_relief_payment


def test_relief_figures_on_the_disaster_statistics_page(world, client_for):
    today = timezone.localdate()
    fund = make_relief_fund(world, world.regions.county, amount=Decimal("500000"))
    make_relief_payment(world, world.regions.village_a, fund=fund, person_times=3, amount=Decimal("20000"))
    make_relief_payment(world, world.regions.village_b, fund=fund, person_times=2, amount=Decimal("15000"))
    make_relief_payment(world, world.regions.village_b, fund=fund, person_times=5, amount=Decimal("1000"),
                        paid_on=today - datetime.timedelta(days=400))  # before the period
    start = (today - datetime.timedelta(days=60)).isoformat()
    client = client_for(world.users.leader)
    page = client.get(f"/disaster/stats/?start={start}&end={today.isoformat()}").content.decode()
    assert "救助5人次，发放3.5万元" in page
    link = re.search(r'id="relief-summary"><a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    listed = client.get(link).content.decode()
    assert "共 2 条" in listed

    # a township officer's page counts his township only
    page = client_for(world.users.township_a).get(f"/disaster/stats/?start={start}&end={today.isoformat()}")
    assert "救助3人次，发放2万元" in page.content.decode()


def test_no_relief_part_without_the_permission(world, client_for):
    from django.contrib.auth.models import Permission

    from yingji.platform.accounts.models import User

    leader = world.users.leader
    group = leader.groups.get()
    group.permissions.remove(Permission.objects.get(content_type__app_label="relief", codename="view_reliefpayment"))
    leader = User.objects.get(pk=leader.pk)  # a fresh permission cache
    assert leader.has_perm("losses.view_disasterevent") and not leader.has_perm("relief.view_reliefpayment")
    page = client_for(leader).get("/disaster/stats/")
    assert page.status_code == 200
    assert "relief-summary" not in page.content.decode()
