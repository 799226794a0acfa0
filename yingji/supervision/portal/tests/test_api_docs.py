"""The OpenAPI schema and the Swagger UI are for the bureau's own accounts that use the API, not for enterprise
accounts (issue 16, item 11): an enterprise account keeps the API for its own data but is not shown every endpoint
and field of the bureau's."""

import pytest

from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db

DOCS = ("/api/schema/", "/api/schema/?format=json", "/api/docs/")


def test_an_enterprise_account_gets_neither_the_schema_nor_the_swagger_ui(world, client_for, api_for):
    ent = make_enterprise_user(world)
    web, api = client_for(ent), api_for(ent)
    for url in DOCS:
        assert web.get(url).status_code == 403, url
        assert api.get(url).status_code == 403, url
    assert "/api/docs/" not in web.get("/accounts/profile/").content.decode()
    # the API itself stays his, for his own enterprise
    assert api.get("/api/v1/enterprises/").status_code == 200


def test_bureau_roles_get_them_and_an_account_without_a_role_or_a_login_does_not(world, client_for, client):
    for user in (world.users.admin, world.users.leader, world.users.township_a, world.users.auditor):
        c = client_for(user)
        for url in DOCS:
            assert c.get(url).status_code == 200, (user.username, url)
        assert "/api/docs/" in c.get("/accounts/profile/").content.decode()
    for url in DOCS:
        assert client_for(world.users.nobody).get(url).status_code == 403, url
        assert client.get(url).status_code in (401, 403), url
