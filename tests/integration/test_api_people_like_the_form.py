"""The API accepts what the web form accepts (issue 15): every API field that chooses people (发现人, inspectors,
包保责任人, 督导组 …) offers exactly the accounts its web form offers, for every persona — the choices are declared
once, on the form, and the serializer takes them from it (core.api.viewsets.ScopedSerializerMixin.people_form) —
and an inspector registering a hazard through the API may name himself as 发现人, or leave it blank and be the
finder, as on the page."""

import pytest
from rest_framework import serializers

from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard

from .test_people_choices import _form_instances, _import_all, _subclasses, _user_fields

pytestmark = pytest.mark.django_db
# the three scopes a people field is narrowed by: a county bureau's officer, a township office, an industry
# department (the leader and the administrator see the inspector's county)
PERSONAS = ("inspector", "township_a", "department")


def _web_choices(user):
    """{(model, field name): [(form class, set of pks)]} of every form that chooses people."""
    out = {}
    for cls, form in _form_instances(user):
        model = getattr(getattr(cls, "_meta", None), "model", None)
        for name, qs in _user_fields(form.fields):
            out.setdefault((model, name), []).append((cls, set(qs.values_list("pk", flat=True))))
    return out


def test_every_api_people_field_offers_what_its_web_form_offers(world, rf):
    _import_all()
    checked, wrong = 0, []
    for persona in PERSONAS:
        user = getattr(world.users, persona)
        request = rf.get("/")
        request.user = user
        web = _web_choices(user)
        for cls in _subclasses(serializers.Serializer):
            try:
                fields = cls(context={"request": request}).fields
            except Exception:  # noqa: BLE001  (a serializer built only by its own view)
                continue
            model = getattr(getattr(cls, "Meta", None), "model", None)
            for name, qs in _user_fields(fields):
                if getattr(fields[name], "read_only", False):
                    continue
                api = set(qs.values_list("pk", flat=True))
                forms = web.get((model, name), [])
                people_form = getattr(cls, "people_form", None)
                if people_form is not None:
                    forms = [f for f in forms if f[0] is people_form] or forms
                if not forms:
                    wrong.append(f"{persona}: {cls.__name__}.{name} has no web form choosing the same people")
                for form_cls, offered in forms:
                    checked += 1
                    if offered != api:
                        wrong.append(f"{persona}: {cls.__name__}.{name} offers {sorted(api)}, "
                                     f"{form_cls.__name__} offers {sorted(offered)}")
    assert checked >= 6 * len(PERSONAS) - 10, checked
    assert not wrong, "\n".join(wrong)


def _hazard_body(world, **over):
    enterprise = world.sample(Enterprise, world.regions.township_a)
    return {"enterprise": enterprise.pk, "description": "配电箱未上锁", "category": "electrical", "level": "general",
            "source": "department", "found_on": "2026-03-01", **over}


def test_an_inspector_names_himself_as_finder_through_the_api_as_on_the_page(world, api_for, client_for):
    me = world.users.inspector
    response = api_for(me).post("/api/v1/hazards/", _hazard_body(world, found_by=me.pk), format="json")
    assert response.status_code == 201, response.content[:300]
    assert Hazard.objects.get(pk=response.json()["id"]).found_by == me
    response = client_for(me).post("/hazards/add/", _hazard_body(world, found_by=me.pk))
    assert response.status_code == 302
    assert Hazard.objects.order_by("-pk").first().found_by == me


def test_a_blank_finder_is_the_inspector_in_the_api_as_on_the_page(world, api_for, client_for):
    """Registering what he found on an inspection (部门检查) without naming the finder: he found it, through either
    door; a hazard reported by the enterprise itself (企业自查) keeps no finder from the bureau."""
    me = world.users.inspector
    response = api_for(me).post("/api/v1/hazards/", _hazard_body(world), format="json")
    assert response.status_code == 201
    assert response.json()["found_by"] == me.pk
    client_for(me).post("/hazards/add/", _hazard_body(world))
    assert Hazard.objects.order_by("-pk").first().found_by == me
    response = api_for(me).post("/api/v1/hazards/", _hazard_body(world, source="self_inspection",
                                                                 found_by_name="企业安全员"), format="json")
    assert response.status_code == 201 and response.json()["found_by"] is None


def test_a_colleague_the_form_does_not_offer_is_refused_by_both(world, api_for, client_for):
    me = world.users.township_a
    other = world.users.township_b
    response = api_for(me).post("/api/v1/hazards/", _hazard_body(world, found_by=other.pk), format="json")
    assert response.status_code == 400 and "found_by" in response.json()["errors"]
    response = client_for(me).post("/hazards/add/", _hazard_body(world, found_by=other.pk))
    assert response.status_code == 400
