"""A list page read as .values() rows (core/api/rows.py) answers exactly what the serializer answers, for every list
of the API: each list is asked with the rows and with the serializer (ScopedModelViewSet.list_rows off), as a
county administrator and as a township officer (whose lists mask personal data), over a sample record of each
model in both townships, with a committee that has member units and a hazard with a photo."""

import pytest
from django.urls import reverse

from yingji.platform.core.api import rows
from yingji.platform.core.api.viewsets import ScopedModelViewSet
from yingji.platform.core.testing import iter_url_patterns, sample_factories

pytestmark = pytest.mark.django_db


def list_routes():
    """{url name: viewset} of every list of a ScopedModelViewSet that takes no URL argument."""
    found = {}
    for route, name, callback in iter_url_patterns():
        cls = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if name and "<" not in route and "(?P" not in route and cls is not None \
                and issubclass(cls, ScopedModelViewSet) and actions.get("get") == "list":
            found[name] = cls
    return found


def both(client, url, monkeypatch):
    monkeypatch.setattr(ScopedModelViewSet, "list_rows", True)
    fast = client.get(url)
    monkeypatch.setattr(ScopedModelViewSet, "list_rows", False)
    slow = client.get(url)
    monkeypatch.setattr(ScopedModelViewSet, "list_rows", True)
    return fast, slow


def test_rows_answer_what_the_serializer_answers(world, api_for, monkeypatch):
    from yingji.platform.accounts.choices import CommitteeKind, OrgKind
    from yingji.platform.accounts.models import Organisation
    from yingji.supervision.hazards.models import Hazard

    routes = list_routes()
    for cls in {c.queryset.model: c for c in routes.values()}:
        if cls in sample_factories:
            for region in (world.regions.township_a, world.regions.township_b):
                try:
                    world.sample(cls, region)
                except Exception:  # noqa: BLE001 — a factory that allows one record per region; one is enough
                    pass
    committee = Organisation.objects.create(name="县安委会", kind=OrgKind.COMMITTEE,
                                            committee_kind=CommitteeKind.choices[0][0], region=world.regions.county)
    committee.members.set([world.orgs.housing, world.orgs.office_a, world.orgs.transport])
    hazard = Hazard.objects.first()
    Hazard.objects.filter(pk=hazard.pk).update(photo="hazards/photo.jpg", evidence_file="")

    used = set()
    for user in (world.users.admin, world.users.township_a):
        client = api_for(user)
        for name, cls in routes.items():
            url = reverse(name)
            for query in ("", "?record_status=all&page_size=2&page=2"):
                fast, slow = both(client, url + query, monkeypatch)
                assert fast.status_code == slow.status_code, (url + query, fast.status_code, slow.status_code)
                assert fast.json() == slow.json(), url + query
            if rows.plan_for(cls.serializer_class) is not None:
                used.add(cls.queryset.model.__name__)
    # the lists of the benchmarks are read as rows (and so is most of the API)
    assert {"Hazard", "Organisation", "Enterprise"} <= used, used
    assert len(used) >= len({c.queryset.model for c in routes.values()}) // 2, sorted(used)


def test_members_and_photo_come_out_of_the_rows(world, api_for):
    from yingji.platform.accounts.choices import CommitteeKind, OrgKind
    from yingji.platform.accounts.models import Organisation
    from yingji.supervision.hazards.models import Hazard

    committee = Organisation.objects.create(name="县安委会", kind=OrgKind.COMMITTEE,
                                            committee_kind=CommitteeKind.choices[0][0], region=world.regions.county)
    committee.members.set([world.orgs.housing, world.orgs.transport])
    hazard = world.sample(Hazard)
    Hazard.objects.filter(pk=hazard.pk).update(photo="hazards/photo.jpg")
    client = api_for(world.users.admin)
    orgs = {o["id"]: o for o in client.get(reverse("api:organisation-list")).json()["results"]}
    assert sorted(orgs[committee.pk]["members"]) == sorted([world.orgs.housing.pk, world.orgs.transport.pk])
    assert orgs[world.orgs.housing.pk]["members"] == []
    found = {h["id"]: h for h in client.get(reverse("api:hazard-list")).json()["results"]}
    assert found[hazard.pk]["photo"].endswith("hazards/photo.jpg")
    assert found[hazard.pk]["photo"].startswith("http://testserver/")


def test_a_property_that_needs_the_instance_falls_back_to_the_serializer(world, api_for, monkeypatch):
    """A model property that reads a related record cannot be computed from a row: the page is serialised from
    the instances instead, with the same answer."""
    from yingji.supervision.hazards.models import Hazard

    world.sample(Hazard)
    monkeypatch.setattr(Hazard, "is_overdue", property(lambda self: self.enterprise.name == ""))
    rows.plan_for.cache_clear()
    try:
        body = api_for(world.users.admin).get(reverse("api:hazard-list")).json()
    finally:
        rows.plan_for.cache_clear()
    assert body["count"] == 1 and body["results"][0]["is_overdue"] is False
