"""`yingji demo` (what `make demo` runs): every module's builder together, printed logins, safe to run twice."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_whole_demo_county_builds_and_logs_in():
    from django.test import Client

    from yingji.platform.accounts.models import User
    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.regions.models import Region
    from yingji.supervision.accidents.models import Accident
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    for username in ("admin", "leader", "duty", "inspector", "disaster", "township", "department", "auditor", "qy01"):
        assert f"  {username} " in text, username
    assert "Yingji@2026" in text
    county = Region.objects.get(code="331099000000")
    assert Region.objects.subtree(county).filter(level=4).count() == 15
    assert 180 <= Region.objects.subtree(county).filter(level=5).count() <= 230
    counts = (Enterprise.objects.count(), Hazard.objects.count(), Accident.objects.count())
    assert counts[0] >= 300 and counts[1] > 300 and counts[2] > 0
    assert ObjectChange.objects.filter(content_type__model="enterprise").count() >= counts[0]

    call_command("demo", "--quiet", stdout=io.StringIO())  # a second run adds nothing twice
    assert (Enterprise.objects.count(), Hazard.objects.count(), Accident.objects.count()) == counts

    client = Client()
    assert client.post("/accounts/login/", {"username": "leader", "password": "Yingji@2026"}).status_code == 302
    assert client.get("/").status_code == 200
    leader = User.objects.get(username="leader")
    assert leader.region == county
