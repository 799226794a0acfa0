"""The bulk supervision history (yingji.demo.bulk) at a tiny fraction of one unit of scale: the counts asked for,
a consistent database (foreign keys, denormalised regions, the closed loop's fields by state, the procedure's dates),
valid credit codes, and the region and department scopes on the loaded rows. `yingji demo --scale 2` going through
it is tested with the whole demo county (tests/integration/test_demo.py), which builds that county once."""

import random

import pytest

from yingji.demo import bulk

TOWNSHIPS = [("001", "城南街道"), ("101", "青山镇"), ("201", "竹林乡")]


def _province():
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    province = Region.objects.create(code="980000000000", name="测试省", level=Level.PROVINCE)
    return Region.objects.create(code="980100000000", name="测试市", level=Level.CITY, parent=province)


def _user(username, role, region, organisation=None):
    from yingji.platform.accounts.models import Role, User

    user = User.objects.create(username=username, full_name=username, region=region, organisation=organisation)
    user.groups.add(Role.objects.get(code=role).group)
    return user


@pytest.fixture
def loaded(db):
    city = _province()
    rnd = random.Random(7)
    counties = [bulk.build_county(city, f"9801{k:02d}", f"测试{k}县", TOWNSHIPS, 3, rnd) for k in (1, 2)]
    volumes = bulk.PER_SCALE.scaled(0.02)  # 100 enterprises, 1,000 hazards …
    counts = bulk.load(counties, volumes, seed=11)
    return counties, volumes, counts


def test_the_loader_writes_the_volumes_asked_for(loaded):
    from yingji.platform.audit.models import AuditEvent, ObjectChange
    from yingji.supervision.accidents.models import Accident
    from yingji.supervision.enforcement.models import EnforcementCase, Measure
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard
    from yingji.supervision.inspections.models import Inspection

    counties, volumes, counts = loaded
    assert (volumes.enterprises, volumes.hazards) == (100, 1000)
    assert Enterprise.objects.count() == counts["enterprises"] == volumes.enterprises
    assert Hazard.objects.count() == counts["hazards"] == volumes.hazards
    assert Inspection.objects.count() == volumes.inspections
    assert EnforcementCase.objects.count() == volumes.cases
    assert Measure.objects.count() == volumes.measures
    assert Accident.objects.count() == volumes.accidents
    # both counties got their share, every township some enterprises of the first county
    for c in counties:
        assert Enterprise.objects.filter(region__code__startswith=c.region.code[:6]).count() > 20
    # one audit event for the load, no per-row change log
    event = AuditEvent.objects.get(kind="import")
    assert event.detail["counts"]["hazards"] == volumes.hazards
    assert not ObjectChange.objects.filter(content_type__model__in=["hazard", "enterprise"]).exists()


def test_the_loaded_history_is_consistent(loaded):
    from django.db.models import Count

    from yingji.demo.verify import problems
    from yingji.platform.core.validators import validate_credit_code
    from yingji.supervision.enforcement.models import EnforcementCase
    from yingji.supervision.hazards.models import Hazard

    assert problems() == []
    states = dict(Hazard.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == {"pending", "in_progress", "awaiting_acceptance", "closed"}
    assert states["closed"] > states["pending"]  # three years: most of them long closed
    assert Hazard.objects.filter(level="major").exists()
    assert EnforcementCase.objects.filter(state="closed").exists()
    assert EnforcementCase.objects.filter(penalties__isnull=False).exists()
    from yingji.supervision.enterprises.models import Enterprise

    for code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
        assert code[2:8] in {c.region.code[:6] for c in loaded[0]}  # registered in its county
        # the embedded 组织机构代码 carries its own GB 11714 check character
        assert bulk.organisation_code(code[8:16]) == code[8:17]


def test_a_second_load_of_the_same_county_is_recognised(loaded):
    counties, _v, _c = loaded
    assert bulk.already_loaded(counties[0].region)
    assert bulk.already_loaded(counties[1].region)


def test_the_scopes_hold_on_the_loaded_rows(loaded):
    from yingji.platform.regions.models import Region
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    counties, _v, _c = loaded
    first, second = counties
    leader = _user("t-leader", "leader", first.region, first.bureau)
    in_first = Hazard.objects.filter(region__in=Region.objects.subtree(first.region))
    assert Hazard.objects.restrict(leader).count() == in_first.count() > 0
    assert not Hazard.objects.restrict(leader).filter(region__in=Region.objects.subtree(second.region)).exists()

    town = first.townships[1]
    township_user = _user("t-township", "township", town)
    seen = Hazard.objects.restrict(township_user)
    assert seen.count() == Hazard.objects.filter(region__in=Region.objects.subtree(town)).count()
    assert all(code.startswith(town.code[:9]) for code in seen.values_list("region__code", flat=True))

    # an industry department sees the enterprises it supervises, not the others of its county
    from yingji.platform.accounts.choices import Industry

    housing = first.departments[Industry.HOUSING]
    department_user = _user("t-housing", "department", first.region, housing)
    mine = Enterprise.objects.restrict(department_user)
    assert mine.count() == Enterprise.objects.filter(supervising_department=housing).count() > 0
    assert Hazard.objects.restrict(department_user).exclude(enterprise__supervising_department=housing).count() == 0


def test_the_hazard_list_answers_a_county_user(loaded, client):
    from yingji.platform.regions.models import Region

    counties, _v, _c = loaded
    leader = _user("t-leader2", "leader", counties[0].region, counties[0].bureau)
    client.force_login(leader)
    r = client.get("/api/v1/hazards/?state=closed")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] > 0
    from django.urls import reverse

    assert client.get(reverse("hazards:hazard_list")).status_code == 200
    # the detail pages of loaded records render (their fields are what the pages expect)
    from yingji.supervision.accidents.models import Accident
    from yingji.supervision.enforcement.models import EnforcementCase
    from yingji.supervision.hazards.models import Hazard

    first = Region.objects.subtree(counties[0].region)
    for qs in (Hazard.objects.filter(state="closed", region__in=first), Hazard.objects.filter(level="major"),
               EnforcementCase.objects.filter(state="closed", region__in=first),
               Accident.objects.filter(region__in=first)):
        obj = qs.first()
        if obj is None or not qs.restrict(leader).filter(pk=obj.pk).exists():
            continue
        assert client.get(obj.get_absolute_url()).status_code == 200, obj
        if getattr(obj, "enterprise", None) is not None:
            assert client.get(obj.enterprise.get_absolute_url()).status_code == 200
