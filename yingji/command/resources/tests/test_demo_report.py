"""The demo builder writes every balance through the ledger (the nightly check finds nothing), and the annual
report's figures are counted from those records."""

import random
from types import SimpleNamespace

import pytest

from yingji.command.resources.models import RescueTeam, Shelter, Stock
from yingji.command.resources.services import ledger_mismatches

pytestmark = pytest.mark.django_db


def test_the_demo_county_gets_resources_whose_ledger_adds_up(world):
    from yingji.command.resources.demo import build_resources
    from yingji.command.resources.report import resources_section

    r = world.regions
    ctx = SimpleNamespace(random=random.Random(1), county=r.county, townships=[r.township_a, r.township_b],
                          villages=[r.village_a], users={"duty": world.users.duty, "admin": world.users.admin})
    build_resources(ctx)
    checked, bad = ledger_mismatches()
    assert checked == Stock.objects.count() > 20 and bad == []
    assert RescueTeam.objects.count() == 6 and Shelter.objects.count() == 2
    report = SimpleNamespace(
        can_view=lambda m: True, place="安澜县", whole_text="全年",
        scoped=lambda m: m.objects.filter(voided_at__isnull=True), records=lambda m, f: m.objects.all(),
        link=lambda *a, **k: "/x", date_params=lambda a, b: {})
    text = "".join(str(x) for p in resources_section(report) for x in p.items)
    assert "现有各类应急救援队伍6支" in text and "安置群众60人" in text
