"""Browser tests: Playwright drives Debian's /usr/bin/chromium (headless) against pytest-django's live_server.

Playwright never downloads a browser here. Without /usr/bin/chromium the browser tests are skipped with the reason,
except under CI=true, where a missing browser is a failure (`make browser` installs it).
"""

import os

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test import testcases


class SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time, in its own thread (which uses the test's connection)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


# On the SQLite test database (in memory, one connection shared by the test and the live server) Django's threaded
# live server answers a page's parallel requests (the dashboard's and the map's fetches) on that one connection from
# several threads at once, and two of them can block each other for ever: the whole suite then hangs. One request
# at a time is what that connection allows; the browser waits its turn (Django closes each connection after the
# answer, so no idle keep-alive holds the server). PostgreSQL keeps the threaded server.
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    testcases.LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 20_000  # two shared CPUs: generous, but a hung page still fails in seconds, not minutes
# the top bar's notification count has been swapped in (its fragment's link has a title), or the page has none
BADGE_LOADED_JS = """() => {
  const slot = document.querySelector('[hx-get$="/notifications/count/"]');
  const maps = [...document.querySelectorAll('.yj-choropleth-box')];
  return (!slot || slot.querySelector('a[title]') !== null)
    && maps.every((b) => b.hasAttribute('data-loaded') || b.hasAttribute('data-load-failed'));
}"""


def wait_for_notification_count(page, timeout=TIMEOUT_MS):
    """Wait until the page's requests after the load have come in: the notification count (htmx) and the maps by
    township (choropleth.js; a failed one marks its box, and its console error fails the layout test). On the
    in-memory SQLite test database the live server shares one connection with the test: a request still running in
    it while the test (or a thread of its own) queries the database fails with a locked table."""
    page.wait_for_function(BADGE_LOADED_JS, timeout=timeout)


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; `make browser` installs chromium)")
    pytest.skip(reason)


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test.

    Function-scoped on purpose: Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    and Django refuses ORM calls while a loop runs. The test's own ORM calls (building the personas, reading results)
    are allowed through DJANGO_ALLOW_ASYNC_UNSAFE for this test only; Playwright is stopped afterwards, so the
    tests that run next in the same worker see neither the loop nor the variable.
    """
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is not installed: apt-get install chromium fonts-noto-cjk (or `make browser`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[test]'")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)  # expect() has its own 5 s default, too short on a busy CI machine
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
            # While Playwright's loop runs, Django's per-context connection storage hands the test body a second
            # connection of its own. Close it here, while that context is still current: otherwise it outlives the
            # test and, on PostgreSQL, blocks dropping the test database at the end of the session.
            connections.close_all()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def page(request, browser, tmp_path):
    """A fresh browser context (own cookies) in Chinese, Shanghai time, 1366×900; downloads accepted.

    When the test fails, a screenshot of the page as it was is saved and its path printed in the report.
    """
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True,
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    p = context.new_page()
    errors = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.js_errors = errors
    try:
        yield p
    finally:
        if getattr(request.node, "e2e_failed", False):
            path = tmp_path / "failure.png"
            try:
                p.screenshot(path=str(path), full_page=True)
                print(f"screenshot of the failed page: {path} ({p.url})")
            except Exception as e:  # the page itself may be what broke
                print(f"no screenshot of the failed page: {e}")
        context.close()


@pytest.fixture
def seeded(live_server):
    """The migrations' seed rows (rule tables, roles …) for a browser test that needs them: pytest-django runs the
    transactional tests last and empties every table after each, so from the second one on they are gone (the flush's
    post_migrate signal brings back the roles and permissions, not the rule rows)."""
    from yingji.platform.core import rules
    from yingji.platform.core.seeding import replay_seeds

    if not any(model.objects.exists() for model in rules.tables()):
        replay_seeds(force=True)


@pytest.fixture
def login(page, live_server):
    """login(user): log in through the real login form, as a person would, and land on 工作台."""
    from yingji.platform.core.testing import PASSWORD

    def do(user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do


@pytest.fixture
def screenshot(page, tmp_path):
    """screenshot(name): a full-page PNG in the test's tmp folder, or under $YINGJI_E2E_SCREENSHOTS when set."""

    def do(name):
        folder = os.environ.get("YINGJI_E2E_SCREENSHOTS") or str(tmp_path)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return do
