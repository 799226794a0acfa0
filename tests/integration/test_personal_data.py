"""Personal data follows the field (issue 16, item 4): a phone number, an ID number, a household's name and address
or an e-mail, declared personal on its model field (core/privacy.py), never reaches a role that may not see it
(without accounts.view_personal_data) through any API endpoint that reads (lists, records, change histories, other
GET actions) or any detail page with its 变更记录, nor through the audit log page.

Every record of every model with personal fields is given recognisable values (a change the audit trail records,
so the values stand in the change history too), then, for each role, every GET URL of the URL conf is asked for
the sample record of its model; no answer may contain one of the values. Before the fix the history API of
enterprises and key persons (and of every model whose views had not declared their fields) gave them in full.
"""

import json
import re

import pytest
from django.apps import apps

from yingji.platform.core.privacy import ADDRESS, EMAIL, ID_NUMBER, NAME, PHONE, may_see_personal, personal_fields
from yingji.platform.core.testing import iter_url_patterns, sample_factories, url_model
from yingji.platform.core.views import ObjectDetailView, ObjectListView

pytestmark = pytest.mark.django_db

SEEDS = {PHONE: "13812345678", ID_NUMBER: "331099199001016358", NAME: "欧阳锦绣",
         ADDRESS: "青石镇幸福里弄堂八十八号", EMAIL: "private.person@example.org"}

# roles of county A that may not see personal data (the 系统管理员 and 局领导 may) and read the most: the 乡镇 (its own
# township's records), the 行业部门, the 值班员 and the 审计员 (the whole county, and the audit log)
ROLES = ["township_a", "department", "duty", "auditor"]


def personal_models():
    return [m for m in apps.get_models() if personal_fields(m)]


def _fill_required(model, values):
    """A child row (e.g. a rescue team's 队员) that has no sample factory: its parent's sample and 样例 text."""
    from django.db import models as m

    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in values or f.has_default() or f.null or f.blank:
            continue
        if isinstance(f, m.CharField):
            values[f.name] = "样例"
    return model(**values)


def seed(world):
    """Samples of every model the URL conf serves (in township A1), then the personal values on every record of
    every model with personal fields, each saved so that the change history holds them too. {model: sample}."""
    samples = {}
    for model in {url_model(cb) for _r, _n, cb in iter_url_patterns()} - {None}:
        if model in sample_factories:
            samples[model] = world.sample(model, world.regions.township_a)
    for model in personal_models():
        if model not in sample_factories:
            parent = getattr(model, "audit_parent", None)
            assert parent, f"{model.__name__} has personal fields: register a sample_factory for it"
            parent_model = model._meta.get_field(parent).related_model
            owner = samples.get(parent_model) or world.sample(parent_model, world.regions.township_a)
            _fill_required(model, {parent: owner}).save()
    for model in personal_models():
        fields = {f.name: f.personal_data for f in model._meta.concrete_fields if getattr(f, "personal_data", None)}
        for obj in model._base_manager.all():
            for name, kind in fields.items():
                setattr(obj, name, SEEDS[kind])
            obj.save()
    return samples


def _url(route, pk):
    url = "/" + re.sub(r"<int:pk>|<pk>|\(\?P<pk>\[\^/\.\]\+\)", str(pk), route)
    url = re.sub(r"<int:\w+>", "1", url)
    url = re.sub(r"<(?:slug|str|path):\w+>", "sample", url)
    return url.replace("^", "").replace("$", "").replace("\\.", ".")


def reading_routes(samples):
    """[(url, model, the sample's own record)] of every GET URL of the API (lists, records, histories, other reading
    actions), every detail page (with its change history) and list page of a model with personal fields."""
    personal = set(personal_models())
    routes = []
    for route, name, callback in iter_url_patterns():
        if name is None or "drf_format_suffix" in route or name.endswith("-format-suffix"):
            continue
        model = url_model(callback)
        if model is None:
            continue
        has_pk = "<int:pk>" in route or "<pk>" in route or "(?P<pk>" in route
        if getattr(callback, "cls", None) is not None:
            if "get" not in callback.actions:
                continue
        elif not hasattr(callback.view_class, "get") or not (
                (has_pk and issubclass(callback.view_class, ObjectDetailView))
                or (not has_pk and model in personal and issubclass(callback.view_class, ObjectListView))):
            continue
        if "<" in route.replace("<int:pk>", "").replace("<pk>", "").replace("(?P<pk>", ""):
            continue  # a route with another key (a map tile, a layer): no record of its own
        if has_pk and model not in samples:
            continue
        routes.append((_url(route, samples[model].pk) if has_pk else _url(route, 0), model, has_pk))
    return routes


def reading_urls(samples):
    """The URLs of reading_routes, and the audit log page."""
    return sorted({"/system/changes/", *(url for url, _model, _own in reading_routes(samples))})


def own_urls(samples, model):
    """The URLs that read the model's own sample record (its API record and history, its detail page), matched by
    route and model, not by the number in the URL (another model's record may have the same key)."""
    return sorted({url for url, m, own in reading_routes(samples) if own and m is model})


def leaked(response):
    """The seeded values an answer contains (JSON decoded, so that an escaped one is found too)."""
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return sorted(v for v in SEEDS.values() if v in text)


@pytest.mark.parametrize("role", ROLES)
def test_no_reading_url_shows_personal_data_to_a_role_that_may_not_see_it(role, world, client_for):
    samples = seed(world)
    user = getattr(world.users, role)
    assert not may_see_personal(user)
    client = client_for(user)
    leaks, answered = [], 0
    for url in reading_urls(samples):
        response = client.get(url)
        assert response.status_code != 500, f"{role} GET {url}: 500"
        if response.status_code != 200:
            continue
        answered += 1
        found = leaked(response)
        if found:
            leaks.append(f"{url}: {', '.join(found)}")
    assert answered > 20, f"{role} was answered by only {answered} URLs: the walk checks nothing"
    assert not leaks, f"{role} sees personal data unmasked at:\n" + "\n".join(leaks)


def test_the_walk_would_see_a_leak_the_leader_sees_them_in_full(world, client_for):
    """The control: the 局领导 (accounts.view_personal_data) gets each model's seeded values in full from its API
    record, its history or its detail page, so the walk above reads answers where the values stand. A ledger the
    leader may not open (包保对象) is read by the 系统管理员, who may see personal data too."""
    samples = seed(world)
    leader, admin = world.users.leader, world.users.admin
    assert may_see_personal(leader) and may_see_personal(admin)
    clients = {leader: client_for(leader), admin: client_for(admin)}
    missing = []
    for model in personal_models():
        if model not in samples:
            continue
        opts = model._meta
        viewer = leader if leader.has_perm(f"{opts.app_label}.view_{opts.model_name}") else admin
        pk = samples[model].pk
        mine = [u for u in own_urls(samples, model) if any(u.endswith(f"/{pk}/{tail}") for tail in ("", "history/"))]
        found = set()
        for url in mine:
            response = clients[viewer].get(url)
            if response.status_code == 200:
                found.update(leaked(response))
        if not found:
            missing.append(f"{model.__name__} ({viewer.username})")
    assert not missing, f"no API record, history or detail page showed the seeded values in full: {missing}"


def test_every_model_with_personal_fields_is_reached_by_the_walk(world):
    samples = seed(world)
    unreached = [m.__name__ for m in personal_models() if m in samples
                 and not any(u.endswith(("/history/", f"/{samples[m].pk}/")) for u in own_urls(samples, m))]
    # a child row (a 队员) has no URL of its own: its values stand in its parent's history and page
    assert not unreached, f"models with personal fields whose history or detail page the walk does not read: " \
                          f"{unreached}"
