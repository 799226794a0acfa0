"""API conventions: {code, message, errors} for every error, no 500 on bad input, token auth, the OpenAPI schema,
and the scope rules on writes."""

import json

import pytest
from rest_framework.test import APIClient

from yingji.platform.accounts.models import Organisation
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


def assert_error(response, status, code=None, field=None):
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]  # a Chinese message
    assert isinstance(body["errors"], dict)
    if code:
        assert body["code"] == code, body
    if field:
        assert field in body["errors"] and body["errors"][field], body
        assert all(isinstance(m, str) for m in body["errors"][field])
    return body


@pytest.mark.django_db
def test_error_format_for_400_401_403_404_405(world, api_for):
    admin = api_for(world.users.admin)
    body = assert_error(admin.post("/api/v1/regions/", {"code": "12x", "name": "x", "level": 4}, format="json"),
                        400, "invalid", "code")
    assert body["message"].startswith("输入有误")
    assert_error(APIClient().get("/api/v1/regions/"), 401, "not_authenticated")
    assert APIClient().get("/api/v1/regions/")["WWW-Authenticate"].startswith("Token")
    assert_error(api_for(world.users.leader).post("/api/v1/regions/", {}, format="json"), 403, "permission_denied")
    assert_error(api_for(world.users.nobody).get("/api/v1/regions/"), 403, "permission_denied")
    assert_error(admin.get(f"/api/v1/regions/{world.regions.other_county.pk}/"), 404, "not_found")
    assert_error(admin.get("/api/v1/regions/99999999/"), 404, "not_found")
    assert_error(admin.get("/api/v1/regions/abc/"), 404)
    response = admin.delete(f"/api/v1/regions/{world.regions.village_a.pk}/")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
    assert_error(admin.put("/api/v1/regions/", {}, format="json"), 405, "method_not_allowed")


BAD_QUERIES = [
    "level=abc", "level=9", "parent=999999", "parent=abc", "parent=", "within=abc", "within=%E4%B8%80",
    "q=%00", "record_status=bogus", "ordering=nonexistent", "ordering=-password", "page=abc", "page=9999",
    "page_size=abc", "page_size=-1", "page_size=100000", "level=4&level=abc", "region=abc", "role=999999",
    "kind=nonsense", "is_active=maybe", "organisation=-1",
]


@pytest.mark.django_db
def test_bad_list_parameters_never_answer_500(world, api_for):
    api = api_for(world.users.admin)
    for query in BAD_QUERIES:
        for url in ("/api/v1/regions/", "/api/v1/organisations/", "/api/v1/users/"):
            response = api.get(f"{url}?{query}")
            assert response.status_code in (200, 400, 404), (url, query, response.status_code)
            if response.status_code != 200:
                assert_error(response, response.status_code)


@pytest.mark.django_db
def test_invalid_filter_values_are_400_with_the_field(world, api_for):
    assert_error(api_for(world.users.admin).get("/api/v1/regions/?level=abc"), 400, "invalid", "level")
    assert_error(api_for(world.users.admin).get("/api/v1/regions/?parent=999999"), 400, "invalid", "parent")
    rows = api_for(world.users.admin).get(f"/api/v1/regions/?parent={world.regions.county.pk}").json()["results"]
    assert {r["code"] for r in rows} == {"331099101000", "331099102000"}


BAD_BODIES = [
    ("this is not json", "application/json"),
    ('{"name": ', "application/json"),
    ("[1, 2, 3]", "application/json"),
    ('"a string"', "application/json"),
    ("null", "application/json"),
    ('{"code": ["331099103000"], "name": {"a": 1}, "level": "abc", "parent": "x"}', "application/json"),
    ('{"code": 331099103000, "name": "镇", "level": 4, "parent": [1]}', "application/json"),
    ('{"code": "331099103000", "name": "镇", "level": 4, "parent": 3, "valid_from": "明天"}', "application/json"),
    ('{"code": null, "name": null, "level": null}', "application/json"),
    ('{"code": "331099103000", "name": "镇", "level": 99999999999999999999, "parent": 3}', "application/json"),
    ("code=331099103000&name=x", "text/plain"),
    ("<xml/>", "application/xml"),
]


@pytest.mark.django_db
def test_bad_bodies_are_4xx_with_the_error_format(world, api_for):
    api = api_for(world.users.admin)
    before = Region.objects.count()
    for body, content_type in BAD_BODIES:
        for method in ("post", "patch"):
            url = "/api/v1/regions/" if method == "post" else f"/api/v1/regions/{world.regions.village_a.pk}/"
            response = getattr(api, method)(url, body, content_type=content_type)
            assert 400 <= response.status_code < 500, (method, body, response.status_code, response.content[:300])
            assert_error(response, response.status_code)
    for body in ('{"members": "abc"}', '{"region": {"id": 3}}', '{"kind": 5, "name": ""}', '{"parent": -1}'):
        response = api.patch(f"/api/v1/organisations/{world.orgs.office_a.pk}/", body,
                             content_type="application/json")
        assert_error(response, 400, "invalid")
    for body in ('{"roles": "sysadmin"}', '{"is_active": "perhaps"}', '{"region": null}', '{"password": 12}'):
        response = api.patch(f"/api/v1/users/{world.users.nobody.pk}/", body, content_type="application/json")
        assert_error(response, 400, "invalid")
    assert Region.objects.count() == before


@pytest.mark.django_db
def test_token_authentication(world):
    from yingji.platform.accounts.tokens import issue_token

    secret = issue_token(world.users.township_a, actor=world.users.township_a, name="接口测试")[1]
    client = APIClient()
    response = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == {"331099101000", "331099101201"}
    assert_error(client.get("/api/v1/regions/", HTTP_AUTHORIZATION="Token wrong"), 401, "authentication_failed")
    assert_error(client.get("/api/v1/regions/", HTTP_AUTHORIZATION="Token"), 401)
    world.users.township_a.is_active = False
    world.users.township_a.save()
    assert_error(client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {secret}"), 401, "user_inactive")


@pytest.mark.django_db
def test_openapi_schema(world, client_for):
    from drf_spectacular.validation import validate_schema

    response = client_for(world.users.admin).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    for p in ("/api/v1/regions/", "/api/v1/regions/{id}/", "/api/v1/regions/{id}/void/",
              "/api/v1/regions/{id}/restore/", "/api/v1/regions/{id}/history/", "/api/v1/organisations/",
              "/api/v1/users/", "/api/v1/users/{id}/"):
        assert p in paths, p
    assert "delete" not in paths["/api/v1/regions/{id}/"]
    assert "/api/v1/users/{id}/void/" not in paths
    assert "tokenAuth" in json.dumps(schema["components"].get("securitySchemes", {}))


@pytest.mark.django_db
def test_creating_outside_ones_scope_is_refused_and_writes_nothing(world, api_for):
    admin = api_for(world.users.admin)
    regions, orgs = Region.objects.count(), Organisation.objects.count()
    # a township in another county, with or without naming the parent
    assert_error(admin.post("/api/v1/regions/", {"code": "331098105000", "name": "外县镇", "level": Level.TOWNSHIP,
                                                 "parent": world.regions.other_county.pk}, format="json"),
                 400, "invalid", "parent")
    assert_error(admin.post("/api/v1/regions/", {"code": "440000000000", "name": "广东省", "level": Level.PROVINCE},
                            format="json"), 400, "invalid", "non_field_errors")
    assert_error(admin.post("/api/v1/organisations/", {"name": "外县单位", "kind": "other",
                                                       "region": world.regions.other_county.pk}, format="json"),
                 400, "invalid", "region")
    assert Region.objects.count() == regions and Organisation.objects.count() == orgs
    # and inside it, it works
    response = admin.post("/api/v1/regions/", {"code": "331099103", "name": "新镇", "level": Level.TOWNSHIP,
                                               "parent": world.regions.county.pk}, format="json")
    assert response.status_code == 201 and response.json()["code"] == "331099103000"


@pytest.mark.django_db
def test_moving_a_record_out_of_scope_is_refused(world, api_for):
    r = world.regions
    admin = api_for(world.users.admin)
    assert_error(admin.patch(f"/api/v1/regions/{r.township_a.pk}/", {"parent": r.other_county.pk}, format="json"),
                 400, "invalid")
    assert_error(admin.patch(f"/api/v1/regions/{r.township_a.pk}/", {"code": "331098109000"}, format="json"), 400)
    assert_error(admin.patch(f"/api/v1/organisations/{world.orgs.office_a.pk}/",
                             {"region": r.other_township.pk}, format="json"), 400, "invalid", "region")
    assert Region.objects.get(pk=r.township_a.pk).parent == r.county
    assert Region.objects.get(pk=r.township_a.pk).code == "331099101000"
    assert Organisation.objects.get(pk=world.orgs.office_a.pk).region == r.township_a
    # the county administrator cannot lift his own county out of the city either
    assert_error(admin.patch(f"/api/v1/regions/{r.county.pk}/", {"code": "331199000000"}, format="json"), 400)
    assert Region.objects.get(pk=r.county.pk).code == "331099000000"


@pytest.mark.django_db
def test_a_township_user_cannot_reach_the_rest_of_the_county(world, api_for):
    from django.contrib.auth.models import Permission

    user = world.users.township_a
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_region", "change_region"]))
    api = api_for(user)
    assert_error(api.post("/api/v1/regions/", {"code": "331099102301", "name": "外镇新村", "level": Level.VILLAGE,
                                               "parent": world.regions.township_b.pk}, format="json"), 400)
    assert_error(api.patch(f"/api/v1/regions/{world.regions.village_b.pk}/", {"name": "x"}, format="json"), 404)
    response = api.post("/api/v1/regions/", {"code": "331099101301", "name": "本镇新村", "level": Level.VILLAGE,
                                             "parent": world.regions.township_a.pk}, format="json")
    assert response.status_code == 201
    assert not Region.objects.filter(code="331099102301").exists()


@pytest.mark.django_db
def test_choice_display_field_gives_the_label_like_get_display(world):
    """ChoiceDisplayField: the same text as get_FOO_display() in the active language, the stored value as it is
    when it is outside the choices, and nothing for a null."""
    from django.utils import translation
    from rest_framework import serializers

    from yingji.platform.core.api.fields import ChoiceDisplayField

    class RegionLevelSerializer(serializers.ModelSerializer):
        level_display = ChoiceDisplayField(source="level")

        class Meta:
            model = Region
            fields = ["level", "level_display"]

    region = world.regions.village_a
    data = RegionLevelSerializer(region).data
    assert data["level_display"] == region.get_level_display()
    with translation.override("en"):
        english = RegionLevelSerializer(region).data["level_display"]
        assert english == region.get_level_display() and english != data["level_display"]
    Region.objects.filter(pk=region.pk).update(level=99)
    region.refresh_from_db()
    assert RegionLevelSerializer(region).data["level_display"] == "99" == str(region.get_level_display())


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_api_errors_outside_the_views_are_json_in_every_mode(world, settings, monkeypatch, debug):
    """Issue 16, items 6 and 9: an unknown /api/ address and an unhandled exception answer the JSON error format,
    not Django's HTML page (in DEBUG a 190 KB technical page listing every URL pattern or the traceback)."""
    from django.test import Client

    from yingji.platform.regions.api.views import RegionViewSet

    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    client.force_login(world.users.admin)
    assert_error(client.get("/api/v1/no-such-list/"), 404, "not_found")
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")

    def boom(self, request, *args, **kwargs):
        raise RuntimeError("an unforeseen failure")

    monkeypatch.setattr(RegionViewSet, "list", boom)
    response = client.get("/api/v1/regions/")
    body = assert_error(response, 500, "server_error")
    assert "unforeseen" not in response.content.decode() and len(response.content) < 500, body
    # pages keep their HTML error pages
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
