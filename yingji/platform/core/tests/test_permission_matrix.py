"""The permission matrix, generated from the URL configuration.

Every URL of the project is discovered. For each one that serves a region-scoped model, and for every persona:
  - a record in a foreign region (another county) answers 404 when the persona has the permission the URL needs,
    and 403 when it has not — never the record;
  - a record in the persona's own county answers neither 403 nor 404 for the county administrator;
  - list URLs answer 403 without the permission and 200 with it, and API lists never contain the foreign record.
A URL that serves no scoped model must be named in UNSCOPED with the reason, so a new endpoint cannot slip by.
A nationwide model (`scope_global = True`, e.g. the holiday calendar) has no foreign record to hide: its record URLs
answer 403 without the permission and neither 403 nor 404 with it, for every persona.
"""

import re

import pytest
from django.urls import reverse

from yingji.platform.core.models import perm_name
from yingji.platform.core.testing import iter_url_patterns, sample_factories, url_model

# URLs that serve no region-scoped record, and why
UNSCOPED = {
    "home": "the user's own 工作台",
    "healthz": "liveness probe, no data",
    "set_language": "language switch",
    "api-schema": "the OpenAPI schema (no records)",
    "api-docs": "Swagger UI page (no records)",
    "accounts:login": "login page",
    "accounts:logout": "logout",
    "accounts:otp": "the user's own second factor",
    "accounts:profile": "the user's own account",
    "accounts:api_tokens": "the user's own API tokens, and an administrator's the tokens of the accounts he may change "
                           "(User.restrict); tested in accounts/tests/test_api_tokens.py",
    "accounts:api_token_revoke": "POST; the same tokens, any other 404; tested in accounts/tests/test_api_tokens.py",
    "accounts:role_list": "roles are global (auth.view_group), tested in accounts tests",
    "accounts:role_detail": "roles are global (auth.view_group), tested in accounts tests",
    "core:import": "import pages check the model's add permission; tested in core tests",
    "core:import_template": "template download (no records)",
    "core:import_job": "the uploader's own jobs only; tested in core tests",
    "core:export_jobs": "the user's own export jobs only; tested in tests/integration/test_exports.py",
    "core:export_job": "the owner's export job only (404 for anyone else); tested in tests/integration/test_exports.py",
    "core:export_download": "the owner's file only; tested in tests/integration/test_exports.py",
    "core:export_cancel": "the owner's job only; tested in tests/integration/test_exports.py",
    "api:export-list": "the user's own export jobs; POST rebuilds the list as the user (scope and permission); "
                       "tested in tests/integration/test_exports.py",
    "api:export-detail": "the owner's export job only (404 for anyone else); tested in tests/integration/test_exports.py",
    "api:export-cancel": "the owner's job only; tested in tests/integration/test_exports.py",
    "api:export-download": "the owner's file only; tested in tests/integration/test_exports.py",
    "release:confirm_link": "a recipient's 叫应 link: the signed token is the authority (recipients have no account); "
                            "tested in warning/release/tests/test_views.py",
    "core:notifications": "the user's own notifications: each source reads through restrict(); tested in "
                          "core/tests/test_notifications.py and the domains' test_notifications.py",
    "core:notification_count": "the user's own unread count; tested in core/tests/test_notifications.py",
    "core:notification_read": "the user's own read marks (POST); tested in core/tests/test_notifications.py",
    "core:search": "each ledger searched through restrict(user, 'view'); tested in "
                   "supervision/enterprises/tests/test_search.py",
    "core:list_columns": "the user's own column choice (POST) for a list he may view; tested in "
                         "tests/integration/test_ui.py",
    "core:saved_filter_add": "the user's own saved filter (POST) of a list he may view; the list applies it in his "
                             "scope; tested in tests/integration/test_ui.py",
    "core:saved_filter_delete": "the owner's saved filter only (404 for anyone else); tested in "
                                "tests/integration/test_ui.py",
    "rules:index": "the rule tables the user may read (each table's own URLs are in the matrix); tested in "
                   "core/tests/test_rules.py",
}
IGNORED_PREFIXES = ("static/", "media/", "^media/", "^static/")

CBV_POST_ONLY = ("post",)


def discovered():
    rows = []
    for route, name, callback in iter_url_patterns():
        if route.startswith(IGNORED_PREFIXES) or name is None:
            continue
        if name.endswith("-format-suffix") or "<drf_format_suffix" in route:
            continue
        rows.append((route, name, callback))
    return rows


def test_every_url_is_scoped_or_explained():
    unexplained = []
    for route, name, callback in discovered():
        if url_model(callback) is None and name not in UNSCOPED:
            unexplained.append(f"{name} ({route})")
    assert not unexplained, "URLs serving no scoped model and not in UNSCOPED: " + ", ".join(unexplained)


def test_the_matrix_covers_the_platform_models():
    assert {"regions.region", "accounts.organisation", "accounts.user"} <= set(_models(detail=True))
    assert {"regions.region", "accounts.organisation", "accounts.user", "audit.objectchange"} <= set(
        _models(detail=False))


def test_every_scoped_model_has_a_sample_factory():
    missing = {url_model(cb).__name__ for _r, _n, cb in discovered()
               if url_model(cb) is not None and url_model(cb) not in sample_factories
               and not url_model(cb)._meta.app_label == "audit"}
    assert not missing, f"register a sample_factory for: {sorted(missing)}"


def _is_api(callback):
    return getattr(callback, "cls", None) is not None


def _required_perms(callback, model, route):
    """The permissions the URL needs, read from the view's declarations."""
    if _is_api(callback):
        method, action = _api_method_action(callback)
        verb = callback.cls.action_permissions.get(action, "view")
        perms = [perm_name(model, verb)]
        if action == "restore":
            perms.append("audit.restore_record")
        return perms
    view_class = callback.view_class
    initkw = callback.view_initkwargs or {}
    view = view_class(**initkw)
    view.kwargs = {"pk": 1} if "<int:pk>" in route else {}
    action = view.get_action() if hasattr(view, "get_action") else getattr(view, "action", "view")
    perms = [perm_name(model, action)]
    from yingji.platform.core.views import ObjectRestoreView

    if issubclass(view_class, ObjectRestoreView):
        perms.append("audit.restore_record")
    return perms


def _api_method_action(callback):
    actions = callback.actions
    if "get" in actions:
        return "get", actions["get"]
    method = next(iter(actions))
    return method, actions[method]


def _method(callback):
    if _is_api(callback):
        return _api_method_action(callback)[0]
    return "get" if hasattr(callback.view_class, "get") else "post"


def _url(route, pk):
    url = "/" + re.sub(r"<int:pk>|<pk>|\(\?P<pk>\[\^/\.\]\+\)", str(pk), route)
    url = re.sub(r"<int:\w+>", "1", url)  # other numbers in a route (a map tile's z/x/y)
    url = re.sub(r"<(?:slug|str|path):\w+>", "sample", url)  # a named key (e.g. a map layer's): any valid value
    return url.replace("^", "").replace("$", "").replace("\\.", ".")


def _logged_in(client_for):
    """One logged-in client per persona for the whole matrix (a login per request cost a third of its time)."""
    clients = {}

    def get(user):
        if user.pk not in clients:
            clients[user.pk] = client_for(user)
        return clients[user.pk]

    return get


def _request(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, {}, content_type="application/json") if url.startswith("/api/") else client.post(url, {})


def _has_pk(route):
    return "<int:pk>" in route or "<pk>" in route or "(?P<pk>" in route


def _is_global(model):
    return getattr(model, "scope_global", False)


def _models(detail, nationwide=False):
    """Model labels of the URLs to check: one test per model, so that xdist spreads the matrix over the CPUs."""
    labels = set()
    for route, _name, callback in discovered():
        model = url_model(callback)
        if model is None or _has_pk(route) != detail or (detail and model._meta.app_label == "audit"):
            continue
        if detail and _is_global(model) != nationwide:
            continue
        labels.add(model._meta.label_lower)
    return sorted(labels)


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", _models(detail=True))
def test_foreign_records_answer_404_or_403(model_label, world, client_for):
    client_for = _logged_in(client_for)
    checked = 0
    personas = vars(world.users)
    foreign = None
    for route, name, callback in discovered():
        model = url_model(callback)
        if model is None or model._meta.label_lower != model_label or not _has_pk(route):
            continue
        # one foreign record for all the model's URLs: every request on it must be refused (asserted below), so no
        # URL can leave it changed for the next; the own record is new for each URL, as an admin's POST may change it
        if foreign is None:
            foreign = world.sample(model, world.regions.other_township)
        own = world.sample(model, world.regions.township_a)
        method = _method(callback)
        perms = _required_perms(callback, model, route)
        for label, user in personas.items():
            if user.region_id == world.regions.other_county.pk:
                continue
            response = _request(client_for(user), method, _url(route, foreign.pk))
            allowed = all(user.has_perm(p) for p in perms)
            expected = 404 if allowed else 403
            assert response.status_code == expected, (
                f"{label} {method.upper()} {name} on a foreign record: {response.status_code}, expected {expected}")
            checked += 1
        response = _request(client_for(world.users.admin), method, _url(route, own.pk))
        assert response.status_code not in (403, 404, 500), f"admin {method.upper()} {name} on own record: " \
                                                            f"{response.status_code}"
    assert checked > 0


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", _models(detail=True, nationwide=True))
def test_nationwide_records_answer_403_without_permission(model_label, world, client_for):
    client_for = _logged_in(client_for)
    checked = 0
    for route, name, callback in discovered():
        model = url_model(callback)
        if model is None or model._meta.label_lower != model_label or not _has_pk(route):
            continue
        record = world.sample(model)
        method = _method(callback)
        perms = _required_perms(callback, model, route)
        for label, user in vars(world.users).items():
            response = _request(client_for(user), method, _url(route, record.pk))
            if all(user.has_perm(p) for p in perms):
                assert response.status_code not in (403, 404, 500), (
                    f"{label} {method.upper()} {name}: {response.status_code}")
            else:
                assert response.status_code == 403, f"{label} {method.upper()} {name}: {response.status_code}"
            checked += 1
    assert checked > 0


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", _models(detail=False))
def test_list_urls_answer_403_without_permission_and_hide_foreign_records(model_label, world, client_for):
    client_for = _logged_in(client_for)
    checked = 0
    foreign = None
    for route, name, callback in discovered():
        model = url_model(callback)
        if model is None or model._meta.label_lower != model_label or "<" in route or "(?P<" in route:
            continue
        method = _method(callback)
        if method != "get":
            continue
        # one foreign record for all the model's list URLs (GET only: none changes it)
        if foreign is None and model in sample_factories:
            foreign = world.sample(model, world.regions.other_township)
        perms = _required_perms(callback, model, route)
        url = "/" + route.replace("^", "").replace("$", "")
        for label, user in vars(world.users).items():
            if user.region_id == world.regions.other_county.pk:
                continue
            response = client_for(user).get(url)
            allowed = all(user.has_perm(p) for p in perms)
            assert response.status_code == (200 if allowed else 403), f"{label} GET {name}: {response.status_code}"
            if allowed and foreign is not None and url.startswith("/api/") and response.status_code == 200:
                ids = [row["id"] for row in response.json()["results"]]
                assert foreign.pk not in ids, f"{label} sees a foreign record in {name}"
            checked += 1
    assert checked, f"no list URL of {model_label} was checked"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_or_401(world, client):
    for route, name, callback in discovered():
        if name in UNSCOPED or url_model(callback) is None:
            continue
        url = _url(route, 1)
        response = _request(client, _method(callback), url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), name
        else:
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"], name
