"""`yingji demo` (what `make demo` runs): every module's builder together, printed logins, safe to run twice; with
`--scale 2` the bulk history of two more counties (yingji/demo/bulk.py, here at a tiny volume). One test builds the
county once for both: it is the suite's longest build."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.slow
@pytest.mark.django_db
def test_the_whole_demo_county_builds_and_logs_in_and_scale_goes_through_the_bulk_loader(monkeypatch):
    from django.test import Client

    from yingji.demo import bulk
    from yingji.platform.accounts.models import User
    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.regions.models import Region
    from yingji.supervision.accidents.models import Accident
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    calls = []
    real = bulk.load

    def spy(counties, volumes, **kw):
        calls.append((len(counties), volumes))
        return real(counties, volumes, **kw)

    monkeypatch.setattr(bulk, "PER_SCALE", bulk.Volumes(enterprises=20, hazards=100, inspections=20, cases=5,
                                                                  measures=3, accidents=2))
    monkeypatch.setattr(bulk, "load", spy)
    out = io.StringIO()
    call_command("demo", "--scale", "2", stdout=out)
    text = out.getvalue()
    for username in ("admin", "leader", "duty", "inspector", "disaster", "township", "department", "auditor", "grid",
                     "qy01"):
        assert f"  {username} " in text, username
    assert "Yingji@2026" in text
    county = Region.objects.get(code="331099000000")
    assert Region.objects.subtree(county).filter(level=4).count() == 15
    assert 180 <= Region.objects.subtree(county).filter(level=5).count() <= 230
    base = Enterprise.objects.filter(credit_code__contains="MA")  # the base demo's own enterprises
    counts = (Enterprise.objects.count(), Hazard.objects.count(), Accident.objects.count())
    assert base.count() >= 300 and counts[1] > 300 and counts[2] > 0
    assert ObjectChange.objects.filter(content_type__model="enterprise").count() >= base.count()
    # --scale 2: the bulk loader, once, for two more counties
    assert calls and calls[0][0] == 2 and calls[0][1].enterprises == 40
    # the 九小场所 of the grids (individual businesses: credit codes 92…)
    places = Enterprise.objects.filter(region__level=6)
    assert places.count() >= Region.objects.subtree(county).filter(level=6).count() > 0
    assert counts[0] == base.count() + places.count() + 40
    assert Hazard.objects.filter(enterprise__credit_code__regex=r"^91\d{6}9\d{7}").count() == 200
    assert Region.objects.filter(code="331041000000", level=3).exists()  # the second county, under 台州
    assert "批量生成完成" in text

    # the statistics' rollups count every record the builders and the bulk loader wrote (`yingji rollups --check`
    # raises on any cell that differs from a recount)
    check = io.StringIO()
    try:
        call_command("rollups", "--check", stdout=check)
    except CommandError as e:
        pytest.fail(f"{e}\n{check.getvalue()[-3000:]}")

    call_command("demo", "--scale", "2", "--quiet", stdout=io.StringIO())  # a second run adds nothing twice
    assert (Enterprise.objects.count(), Hazard.objects.count(), Accident.objects.count()) == counts

    client = Client()
    assert client.post("/accounts/login/", {"username": "leader", "password": "Yingji@2026"}).status_code == 302
    assert client.get("/").status_code == 200
    leader = User.objects.get(username="leader")
    assert leader.region == county
    # the 网格员 sees his grid's places and patrols, nothing of the neighbouring grid
    grid = User.objects.get(username="grid")
    assert grid.region.level == 6 and grid.role_codes() == {"grid"}
    seen = Hazard.objects.restrict(grid, "view")
    assert seen.filter(source="grid").exists() and not seen.exclude(region=grid.region).exists()
    assert Hazard.objects.filter(source="grid").exclude(region=grid.region).exists()
