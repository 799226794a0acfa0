"""Malformed input is a 4xx (or a form error on a page), never a 500 (issue 16, item 6).

Generated from the URL conf: every list (web page and API) is asked, filter by filter, for an integer beyond 64
bits in each number or record filter of its FilterSet, and for year 0 in a year filter. The API answers 400 in the
{code, message, errors} format naming the filter (or 200 where the filter has no bound of its own to break); a page
answers 200 with the form error. Beside it, the void/restore bodies and the enterprise picker that the fuzzer broke.

It lives in tests/integration, above the layers, because it walks the domains' lists.
"""

import django_filters
import pytest

from yingji.platform.core.testing import iter_url_patterns

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"  # > 2**64


def _lists():
    """(url, kind, filterset_class) of every list page and list API with a FilterSet."""
    out = []
    for route, name, callback in iter_url_patterns():
        if "<" in route or (name or "").endswith("-format-suffix"):
            continue
        url = "/" + route.replace("^", "").replace("$", "")
        cls = getattr(callback, "cls", None)
        view_class = getattr(callback, "view_class", None)
        if cls is not None and (getattr(callback, "actions", None) or {}).get("get") == "list":
            fs = getattr(cls, "filterset_class", None)
            kind = "api"
        elif view_class is not None:
            fs = (getattr(callback, "view_initkwargs", None) or {}).get("filterset_class") \
                or getattr(view_class, "filterset_class", None)
            kind = "web"
        else:
            continue
        if fs is not None:
            out.append((url, kind, fs))
    return sorted(out, key=lambda r: (r[1], r[0]))


def _probes(filterset_class):
    """(name, value) to try for each number or record filter."""
    for name, f in filterset_class.base_filters.items():
        if isinstance(f, django_filters.NumberFilter):
            yield name, BIG
            yield name, "-" + BIG
            if "year" in f.lookup_expr:
                yield name, "0"
        elif isinstance(f, (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)):
            yield name, BIG


LISTS = _lists()


def test_the_lists_are_found():
    urls = {(url, kind) for url, kind, _fs in LISTS}
    assert {("/api/v1/hazards/", "api"), ("/hazards/", "web"), ("/api/v1/campaigns/", "api"),
            ("/campaigns/", "web")} <= urls, sorted(urls)
    assert sum(1 for _ in (p for _u, _k, fs in LISTS for p in _probes(fs))) > 100


@pytest.mark.parametrize("url,kind,filterset_class", LISTS, ids=[f"{k}:{u}" for u, k, _f in LISTS])
def test_an_oversized_number_in_any_filter_is_never_a_500(world, url, kind, filterset_class, client_for, api_for):
    client = api_for(world.users.admin) if kind == "api" else client_for(world.users.admin)
    failures = []
    for name, value in _probes(filterset_class):
        try:
            response = client.get(url, {name: value})
        except Exception as e:  # noqa: BLE001 - the test client re-raises the view's exception: that is the 500
            failures.append(f"{name}={value}: {type(e).__name__}: {e}"[:200])
            continue
        if response.status_code >= 500:
            failures.append(f"{name}={value}: {response.status_code}")
        elif kind == "api" and response.status_code == 400:
            body = response.json()
            assert set(body) == {"code", "message", "errors"} and name in body["errors"], (name, body)
        elif kind == "api":
            assert response.status_code in (200, 403), (name, value, response.status_code)
    assert not failures, failures


def test_year_zero_and_an_oversized_id_are_form_errors_on_the_page_and_400_in_the_api(world, client_for, api_for):
    web, api = client_for(world.users.admin), api_for(world.users.admin)
    page = web.get("/campaigns/", {"year": "0"})
    assert page.status_code == 200 and "确保该值大于或等于1" in page.content.decode().replace(" ", "")
    body = api.get("/api/v1/campaigns/", {"year": "0"}).json()
    assert body["code"] == "invalid" and "year" in body["errors"]
    response = api.get("/api/v1/hazards/", {"enterprise": BIG})
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]
    page = web.get("/hazards/", {"enterprise": BIG})
    assert page.status_code == 200 and "确保该值小于或等于9223372036854775807" in page.content.decode().replace(" ", "")
    # the largest 64-bit id is merely no record
    assert api.get("/api/v1/hazards/", {"enterprise": str(2**63 - 1)}).json()["count"] == 0


def test_void_and_restore_refuse_a_body_that_is_not_an_object_with_a_400(world, api_for):
    from yingji.supervision.hazards.models import Hazard

    hazard = world.sample(Hazard)
    api = api_for(world.users.admin)
    url = f"/api/v1/hazards/{hazard.pk}/"
    for body in ("[1, 2]", '"作废"', "5", "null", '{"reason": 5}', '{"reason": {"a": 1}}', '{"reason": ["x"]}',
                 '{"reason": null}'):
        for action in ("void", "restore"):
            response = api.post(url + action + "/", body, content_type="application/json")
            assert response.status_code == 400, (action, body, response.status_code)
            payload = response.json()
            assert set(payload) == {"code", "message", "errors"} and payload["code"] == "invalid", payload
            assert any("\u4e00" <= ch <= "\u9fff" for ch in payload["message"]), payload
    hazard.refresh_from_db()
    assert hazard.voided_at is None
    assert api.post(url + "void/", {"reason": "重复录入"}, format="json").status_code == 200
    assert api.post(url + "restore/", "", content_type="application/json").status_code == 200


def test_the_enterprise_picker_takes_an_oversized_id_as_no_choice(world, client_for):
    web = client_for(world.users.admin)
    assert web.get("/hazards/add/", {"enterprise": BIG}).status_code == 200
    response = web.post("/hazards/add/", {"enterprise": BIG})
    assert response.status_code in (200, 400) and "所选企业不存在或不在您的管辖范围内" in response.content.decode()
