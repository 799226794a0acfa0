"""Query-count guards: list pages and list APIs cost the same number of queries for 5 rows as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.platform.accounts.choices import OrgKind
from yingji.platform.accounts.models import Organisation, Role, User
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

# fixed upper bounds, a little above today's figures (pages 9–13 queries, APIs 2–3)
PAGE_BOUND = 16
API_BOUND = 6


def _add_regions(world, n, start):
    for i in range(start, start + n):
        Region.objects.create(code=f"331099101{i + 400:03d}", name=f"村{i}", level=Level.VILLAGE,
                              parent=world.regions.township_a)


def _add_organisations(world, n, start):
    for i in range(start, start + n):
        org = Organisation.objects.create(name=f"单位{i}", kind=OrgKind.OTHER, region=world.regions.township_a,
                                          parent=world.orgs.office_a)
        org.members.add(world.orgs.housing)


def _add_users(world, n, start):
    group = Role.objects.get(code="township").group
    for i in range(start, start + n):
        u = User.objects.create(username=f"u{i}", full_name=f"用户{i}", phone="13900001111",
                                region=world.regions.township_a, organisation=world.orgs.office_a)
        u.groups.add(group)


def _add_changes(world, n, start):
    for i in range(start, start + n):
        Organisation.objects.create(name=f"变更单位{i}", kind=OrgKind.OTHER, region=world.regions.township_b)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response


CASES = [
    ("/regions/", _add_regions, PAGE_BOUND),
    ("/organisations/", _add_organisations, PAGE_BOUND),
    ("/users/", _add_users, PAGE_BOUND),
    ("/system/changes/", _add_changes, PAGE_BOUND),
    ("/system/security-events/", None, PAGE_BOUND),
    ("/api/v1/regions/", _add_regions, API_BOUND),
    ("/api/v1/organisations/", _add_organisations, API_BOUND),
    ("/api/v1/users/", _add_users, API_BOUND),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url, add, bound", CASES, ids=[c[0] for c in CASES])
def test_list_queries_do_not_grow_with_rows(world, client_for, api_for, url, add, bound):
    client = api_for(world.users.admin) if url.startswith("/api/") else client_for(world.users.admin)
    if add is None:  # security events: written by logins
        from yingji.platform.audit.models import AuditEvent

        def add(world, n, start):
            AuditEvent.objects.bulk_create([AuditEvent(kind="login", username=f"u{i}", user=world.users.admin,
                                                       region=world.regions.county) for i in range(start, start + n)])
    add(world, 5, 0)
    _queries(client, url)  # warm the per-process caches (content types, …)
    small, _ = _queries(client, url)
    add(world, 25, 5)
    large, response = _queries(client, url)
    assert large == small, f"{url}: {small} queries for few rows, {large} for 30 more"
    assert large <= bound, f"{url}: {large} queries"
    if url.startswith("/api/"):
        assert response.json()["count"] >= 30
