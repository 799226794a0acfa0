"""No API answer is a 500, and every API answer is JSON, whatever is sent (issue 16, item 6).

Schemathesis reads the whole OpenAPI schema (/api/schema/) from the WSGI application in this process (no socket, no
network: requests go to the app object, on the test database) and sends requests generated from it, both fitting the
schema (positive) and breaking it (negative: wrong types, out-of-range numbers, missing fields, malformed bodies),
to every operation, as a county user (the county administrator: every endpoint and write) and as an enterprise user
(企业端: his own enterprise only). Each persona has an API token of its own (accounts/tokens.py); a few records exist
(the personas' world and one sample record per model) so that some generated ids find a record.

`make test` runs a small deterministic slice: every 12th operation (YINGJI_FUZZ_STRIDE), two requests each (one
round of YINGJI_FUZZ_EXAMPLES=2, Hypothesis seeded by the round and the operation), at most YINGJI_FUZZ_SECONDS=30
per persona. `make fuzz` runs the large one: every operation, round after round with new seeds, up to 10,000
requests or a time budget per persona (docs/security.md). The test collects every 500 and every non-JSON answer with
the request that caused it and fails naming them all.
"""

import json
import logging
import os
import time
from collections import Counter

import pytest

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = int(os.environ.get("YINGJI_FUZZ_EXAMPLES", "2"))  # per operation and round (positive and negative)
ROUNDS = int(os.environ.get("YINGJI_FUZZ_ROUNDS", "1"))  # 0: rounds until the time or the request count is reached
SECONDS = float(os.environ.get("YINGJI_FUZZ_SECONDS", "30"))  # per persona: a safety valve on a busy machine
MAX_REQUESTS = int(os.environ.get("YINGJI_FUZZ_REQUESTS", "100000"))  # per persona
# every STRIDE-th operation (sorted by path and method), starting at a different one for each persona, so that the
# small slice still reaches every app; 1 in the large run: all of them
STRIDE = int(os.environ.get("YINGJI_FUZZ_STRIDE", "12"))
REPORT = os.environ.get("YINGJI_FUZZ_REPORT", "")  # a file for the run's figures (make fuzz)
SAMPLE_MODELS = 12  # records of this many models, enough that generated small ids sometimes find one


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, without the per-request connection recycling that would close the test transaction's
    connection (Django's test client disconnects it the same way)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # thousands of 4xx answers are expected: only a 500 (an ERROR with its traceback) is worth printing
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        yield WSGIHandler()
    finally:
        quiet.setLevel(level)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _samples(world):
    from yingji.platform.core.testing import sample_factories

    made = 0
    for model in sorted(sample_factories, key=lambda m: m._meta.label):
        if made >= SAMPLE_MODELS:
            break
        try:
            world.sample(model, world.regions.village_a)
            made += 1
        except Exception:  # noqa: BLE001 - a factory needing more than the world offers is left out; not under test
            continue


def fuzz(schema, headers, budget, offset=0, stride=None):
    """Send the generated requests, round after round over the operations (each round with new seeds), until
    ROUNDS rounds, YINGJI_FUZZ_REQUESTS requests or `budget` seconds; return (figures, failures)."""
    from django.core.signals import got_request_exception
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode

    counts = Counter()
    failures = []
    raised = []

    def keep(sender, request=None, **kwargs):
        import sys

        exc = sys.exc_info()[1]
        raised.append(f"{type(exc).__name__}: {exc}"[:300] if exc else "")

    def over():
        return time.monotonic() > deadline or counts["requests"] >= MAX_REQUESTS

    got_request_exception.connect(keep, weak=False)
    deadline = time.monotonic() + budget
    operations = sorted((r.ok() for r in schema.get_all_operations()), key=lambda o: (o.path, o.method))
    counts["operations_in_schema"] = len(operations)
    stride = stride or STRIDE
    operations = operations[offset % stride::stride]
    strategies = {}
    reached = set()
    try:
        for round_ in range(ROUNDS or 10**6):
            if over():
                break
            counts["rounds"] += 1
            for index, operation in enumerate(operations):
                if over():
                    break
                reached.add(index)
                if index not in strategies:
                    strategies[index] = st.one_of(
                        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

                @seed(round_ * 100_000 + index)
                @settings(max_examples=EXAMPLES, database=None, deadline=None,
                          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                          report_multiple_bugs=False)
                @given(case=strategies[index])
                def send(case):
                    if over():
                        return
                    del raised[:]
                    began = time.monotonic()
                    try:
                        response = case.call(headers=headers)
                    except Exception as e:  # noqa: BLE001 - a request the transport cannot even send (e.g. a
                        counts["not_sendable"] += 1  # header with a newline): nothing reached the application
                        counts[f"not_sendable:{type(e).__name__}"] += 1
                        return
                    counts["requests"] += 1
                    counts["ms_in_app"] += int((time.monotonic() - began) * 1000)
                    counts[f"status_{response.status_code // 100}xx"] += 1
                    problem = None
                    if response.status_code >= 500:
                        problem = f"{response.status_code} {'; '.join(raised) or response.text[:200]}"
                    elif (case.path.startswith("/api/") and response.status_code != 204 and case.method != "HEAD"
                          and not _is_json(response)):
                        problem = f"{response.status_code} not JSON: {_content_type(response)}"
                    if problem:
                        failures.append(f"{case.method} {case.formatted_path} query={case.query!r} "
                                        f"body={_short(case.body)} -> {problem}")

                try:
                    send()
                except Exception as e:  # noqa: BLE001 - Hypothesis could not generate for this operation (an
                    counts["generation_errors"] += 1  # unsatisfiable schema): counted, not a failure of the app
                    counts[f"generation_error:{type(e).__name__}"] += 1
    finally:
        got_request_exception.disconnect(keep)
    counts["operations"] = len(operations)
    counts["operations_reached"] = len(reached)
    return counts, failures


def _content_type(response):
    return ",".join(response.headers.get("content-type") or [])


def _is_json(response):
    try:
        json.loads(response.content)
    except ValueError:
        return False
    return "json" in _content_type(response)


def _short(body):
    from schemathesis.core import NotSet

    if isinstance(body, NotSet):
        return "-"
    text = repr(body)
    return text if len(text) <= 200 else text[:200] + "…"


@pytest.mark.slow
def test_no_api_answer_is_a_500_or_not_json(world, wsgi_app):
    import schemathesis

    from yingji.platform.accounts.tokens import issue_token
    from yingji.supervision.portal.testing import make_enterprise_user

    _samples(world)
    county = world.users.admin
    enterprise = make_enterprise_user(world)
    county_headers = {"Authorization": f"Token {issue_token(county, actor=county, name='fuzz')[1]}"}
    enterprise_headers = {"Authorization": f"Token {issue_token(enterprise, actor=enterprise, name='fuzz')[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=county_headers)

    started = time.monotonic()
    figures, failures = {}, []
    for offset, (persona, headers) in enumerate((("county", county_headers), ("enterprise", enterprise_headers))):
        counts, found = fuzz(schema, headers, SECONDS, offset * (STRIDE // 2))
        figures[persona] = dict(sorted(counts.items()))
        failures += [f"[{persona}] {f}" for f in found]
    figures["seconds"] = round(time.monotonic() - started, 1)
    figures["failures"] = len(failures)
    summary = json.dumps(figures, ensure_ascii=False, indent=1)
    print(summary)
    if REPORT:
        with open(REPORT, "w") as f:
            f.write(summary + "\n" + "\n".join(failures) + "\n")
    assert figures["county"]["requests"] > 0 and figures["enterprise"]["requests"] > 0, summary
    assert not failures, f"{len(failures)} answers were a 500 or not JSON:\n" + "\n".join(failures[:60])


def test_the_fuzzer_reports_a_500_and_an_answer_that_is_not_json(world, wsgi_app, monkeypatch):
    """The check itself: an API view that raises, and one that answers plain text, are both reported with the
    request (on a two-operation schema, so that this takes a second)."""
    import schemathesis
    from django.http import HttpResponse

    from yingji.platform.accounts.tokens import issue_token
    from yingji.platform.regions.api.views import RegionViewSet

    def broken_list(self, request, *args, **kwargs):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(RegionViewSet, "list", broken_list)
    monkeypatch.setattr(RegionViewSet, "retrieve", lambda self, request, *a, **k: HttpResponse("plain"))
    pk = world.regions.county.pk  # a record in the administrator's scope: /regions/<pk>/ reaches the view
    document = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {
            "/api/v1/regions/": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                                         "responses": {"200": {"description": "ok"}}}},
            "/api/v1/regions/{id}/": {"get": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                              "schema": {"type": "integer", "enum": [pk]}}],
                                              "responses": {"200": {"description": "ok"}}}},
        },
    }
    schema = schemathesis.openapi.from_dict(document)
    schema.app = wsgi_app
    for operation in (r.ok() for r in schema.get_all_operations()):
        operation.app = wsgi_app
    admin = world.users.admin
    headers = {"Authorization": f"Token {issue_token(admin, actor=admin, name='fuzz')[1]}"}
    counts, failures = fuzz(schema, headers, 60, stride=1)
    assert counts["requests"] >= 2, counts
    assert any("GET /api/v1/regions/ " in f and "500 ZeroDivisionError: planted" in f for f in failures), failures
    assert any(f"GET /api/v1/regions/{pk}/ " in f and "not JSON: text/html" in f for f in failures), failures
