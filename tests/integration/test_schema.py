"""The OpenAPI schema covers every module's API, is served to logged-in users only, and never answers 500."""

import pytest


def test_anonymous_visitors_get_no_schema(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code in (401, 403)


def test_the_schema_lists_every_module_api(world, client_for):
    response = client_for(world.users.leader).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for expected in ("/api/v1/regions/", "/api/v1/organisations/", "/api/v1/users/", "/api/v1/enterprises/",
                     "/api/v1/hazards/", "/api/v1/accidents/"):
        assert expected in paths, expected


@pytest.mark.django_db
def test_swagger_page_needs_no_outside_assets(client, world, client_for):
    page = client_for(world.users.leader).get("/api/docs/")
    assert page.status_code == 200
    assert b"cdn." not in page.content and b"unpkg" not in page.content


def test_every_endpoint_generates_its_schema(db, capsys, tmp_path):
    """drf-spectacular skips (and only prints) a view whose schema it cannot build: none may be skipped."""
    from django.core.management import call_command

    call_command("spectacular", "--file", str(tmp_path / "schema.yml"), "--validate")
    err = capsys.readouterr().err
    assert "Error [" not in err, err


def test_the_schema_is_generated_once_per_language(world, client_for, monkeypatch):
    """The schema view keeps what it generated (core/api/schema.py): the same document for every reader, each
    language generated once."""
    from yingji.platform.core.api.schema import SchemaView

    monkeypatch.setattr(SchemaView, "_generated", {})
    calls = []
    original = SchemaView.generator_class.get_schema

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaView.generator_class, "get_schema", counting)
    leader, township = client_for(world.users.leader), client_for(world.users.township_a)
    first = leader.get("/api/schema/?format=json").json()
    assert township.get("/api/schema/?format=json").json() == first
    assert leader.get("/api/schema/").status_code == 200  # YAML from the same document
    assert len(calls) == 1
    english = leader.get("/api/schema/?format=json&lang=en").json()
    assert len(calls) == 2 and english["paths"].keys() == first["paths"].keys()
