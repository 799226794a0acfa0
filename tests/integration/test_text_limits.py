"""Long free text is bounded (issue 16, item 10): every model TextField without a limit of its own takes at most
TEXT_MAX_LENGTH characters in its web form (and so the ledger import) and in its API serializer, with a Chinese
error, and the OpenAPI schema says maxLength. Checked on the hazard description (a 1,000,000-character one was
accepted before) and over every model form and serializer of the project."""

import pytest
from django.db import models

from yingji.platform.core.validators import TEXT_MAX_LENGTH
from yingji.supervision.hazards.forms import HazardForm
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db

HUGE = "隐" * 1_000_000


def test_a_huge_description_is_refused_on_the_page_and_in_the_api_in_chinese(world, api_for):
    hazard = world.sample(Hazard)
    form = HazardForm(data={"description": HUGE}, instance=hazard, user=world.users.admin)
    assert not form.is_valid()
    assert f"最多 {TEXT_MAX_LENGTH} 个字" in form.errors["description"][0], form.errors["description"]
    assert form.fields["description"].widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)
    api = api_for(world.users.admin)
    response = api.patch(f"/api/v1/hazards/{hazard.pk}/", {"description": HUGE}, format="json")
    assert response.status_code == 400, response.status_code
    assert f"最多 {TEXT_MAX_LENGTH} 个字" in response.json()["errors"]["description"][0]
    hazard.refresh_from_db()
    assert len(hazard.description) < 1000
    # at the limit it is accepted
    ok = api.patch(f"/api/v1/hazards/{hazard.pk}/", {"description": "隐" * TEXT_MAX_LENGTH}, format="json")
    assert ok.status_code == 200, ok.content[:300]


def test_the_schema_states_the_limit(world, api_for):
    schema = api_for(world.users.admin).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    props = schema["components"]["schemas"]["HazardRequest"]["properties"]
    assert props["description"]["maxLength"] == TEXT_MAX_LENGTH


def test_every_writable_text_field_of_every_model_serializer_is_bounded():
    """Generated from the URL conf: the serializer of every viewset that creates or updates records."""
    from rest_framework import serializers

    from yingji.platform.core.testing import iter_url_patterns

    unbounded = []
    for _route, _name, callback in iter_url_patterns():
        cls = getattr(callback, "cls", None)
        serializer_class = getattr(cls, "serializer_class", None)
        if serializer_class is None or not issubclass(serializer_class, serializers.ModelSerializer):
            continue
        if not (hasattr(cls, "create") or hasattr(cls, "update")):  # a read-only viewset writes nothing
            continue
        model = serializer_class.Meta.model
        for name, field in serializer_class().fields.items():
            if field.read_only or not isinstance(field, serializers.CharField):
                continue
            source = field.source if field.source != "*" else name
            try:
                model_field = model._meta.get_field(source)
            except Exception:  # noqa: BLE001 - a declared field that is no model field
                continue
            if isinstance(model_field, models.TextField) and field.max_length is None:
                unbounded.append(f"{serializer_class.__name__}.{name}")
    assert not unbounded, sorted(set(unbounded))


def test_a_workflow_step_takes_no_unbounded_text_on_the_page_or_in_the_api(world, client_for, api_for):
    """The transition forms and their API request serializers are bounded where they are built
    (core/workflow_views.py), whichever module declares them."""
    from django.urls import reverse

    from yingji.supervision.hazards.choices import HazardState

    hazard = world.sample(Hazard)
    plan = {"plan_responsibility": "企业安全科", "plan_measures": "隐" * (TEXT_MAX_LENGTH + 1),
            "plan_funds": "800", "plan_time_limit": "5 日内", "plan_contingency": "断电挂牌",
            "deadline": "2099-01-01", "responsible_person": "安全员"}
    response = api_for(world.users.township_a).post(f"/api/v1/hazards/{hazard.pk}/start/", plan, format="json")
    assert response.status_code == 400 and f"最多 {TEXT_MAX_LENGTH} 个字" in str(response.json()["errors"])
    page = client_for(world.users.township_a).post(reverse("hazards:hazard_start", args=[hazard.pk]), plan,
                                                   follow=True)
    assert f"最多 {TEXT_MAX_LENGTH} 个字" in page.content.decode()
    hazard.refresh_from_db()
    assert hazard.state == HazardState.PENDING and len(hazard.plan_measures) <= TEXT_MAX_LENGTH
