"""A query-count guard for every list page and list API, generated from the URL configuration (the twin of the
permission matrix): a list answers with as many queries for four records as for one, so no N+1 slips in with a new
column or serializer field. Modules keep their own exact guards; this one needs no maintenance when a list is added.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.platform.core.discovery import autodiscover
from yingji.platform.core.testing import sample_factories, url_model

from .test_permission_matrix import _method, discovered

# list URLs whose query count legitimately grows with the rows, and why
EXEMPT = {}


def _list_urls():
    autodiscover("testing")  # the apps' sample factories, needed at collection time
    by_model = {}
    for route, name, callback in discovered():
        model = url_model(callback)
        if model is None or "<" in route or "(?P<" in route or name in EXEMPT:
            continue
        if model not in sample_factories or _method(callback) != "get":
            continue
        by_model.setdefault(model._meta.label_lower, []).append(("/" + route.replace("^", "").replace("$", ""), name))
    return by_model


LISTS = _list_urls()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", sorted(LISTS))
def test_list_queries_do_not_grow_with_the_rows(model_label, world, client_for):
    urls = LISTS[model_label]
    model = next(url_model(cb) for _r, n, cb in discovered() if n == urls[0][1])
    client = client_for(world.users.admin)
    world.sample(model, world.regions.township_a)
    for url, _name in urls:  # warm: caches filled on the first request (content types, permissions)
        client.get(url)
    one = {url: _count(client, url) for url, _name in urls}
    for region in (world.regions.township_a, world.regions.township_b, world.regions.township_a):
        world.sample(model, region)
    for url, name in urls:
        four = _count(client, url)
        assert four <= one[url], f"{name}: {one[url]} queries for one record, {four} for four (N+1?)"
