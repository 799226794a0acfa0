"""Every page works at 1440 px and on a 390 px phone (house rule).

The county administrator opens every page of his navigation menu (工作台 included) and one detail page per ledger
that has a sample record, loaded at 1440×900 and narrowed to 390×844 without a second load (a layout at a width is
CSS; no script of ours reads the width at load, and every chart redraws on the window's resize event). Each page
must answer 200, raise no JavaScript error (neither an uncaught exception nor a console error, e.g. a static file
that fails to load) and must not be wider than the window: document.documentElement.scrollWidth <= innerWidth + 1.
A wide table may scroll inside its own .table-responsive box (an element that clips its overflow is not the page's
overflow); the page itself must not widen.

Every other seeded role (局领导, 执法人员, 值班员, 灾害信息员, 乡镇应急办, 行业部门, 只读审计员, 企业用户) opens its own
home and every page of its own menu, loaded at 390 px and widened to 1440 px (test_every_role_…). Besides overflow,
every check fails on overlapping blocks (OVERLAP_JS): the sidebar over the main column, two columns of one .row over
each other, an element running out of its column or card; and at 1440 px on a table cut by its box (CLIPPED_JS): a
statistics or detail table wider than its .table-responsive, which the page's width never shows. Only a ledger
(data-yj-ledger) may scroll in its box there. test_the_checks_catch_… proves each check fails where it must.

All failing pages are reported in one assertion, each with its width, its scrollWidth and the widest element whose
right edge passes the window's (its tag, id and classes), so one run shows everything to fix.

Speed: one browser, one context and one page object per persona, reused for every URL; each page is loaded once
and checked at both widths; sample records are made once. The run is bound by CPU (two thirds in Chromium: about
130 ms a page load), so its time is the share of the two cores it gets. Loading each of the administrator's pages at
both widths took 63 s of the suite's 8½ minutes on a quiet machine (147 pages × 2 loads); one load and a resize
check the same layouts (the roles' run loads at 390 px and widens, so both directions are exercised). Chromium flags
(site isolation, back-forward cache) gained nothing measurable.
"""

import re
import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((1440, 900), (390, 844))

# The widest element whose right edge passes the window, skipping what is inside a box that clips its overflow (a
# .table-responsive scrolls its table inside itself: that is allowed). Returns null when the page fits.
OVERFLOW_JS = """() => {
  const doc = document.documentElement, limit = window.innerWidth + 1;
  if (doc.scrollWidth <= limit) return null;
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  let worst = null, right = limit;
  const walk = (el) => {
    for (const child of el.children) {
      const r = child.getBoundingClientRect();
      if (r.right + window.scrollX > right && r.width > 0) { worst = child; right = r.right + window.scrollX; }
      if (!clips(child)) walk(child);
    }
  };
  walk(document.body);
  const name = (el) => el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      : 'no single element (margins?)';
  let path = [];
  for (let e = worst; e && e !== document.body && path.length < 4; e = e.parentElement) path.unshift(name(e));
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, element: name(worst),
          path: path.join(' > '), right: Math.round(right)};
}"""


# Blocks that overlap: the sidebar and the main column side by side, two columns of one .row, and an element that
# runs out of its column or card (a table under the right-hand column, a chart wider than its card). An element
# inside a box that clips its overflow (a .table-responsive, a .text-truncate) is that box's business; absolutely
# positioned elements (menus, tooltips, badges) float by design. Returns up to three findings, [] when none.
OVERLAP_JS = """() => {
  const found = [], tol = 2;
  const shown = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const overlap = (a, b) => { const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    return Math.min(r.right, q.right) - Math.max(r.left, q.left) > tol && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > tol; };
  const aside = document.querySelector('aside.yj-sidebar'), main = document.querySelector('main');
  if (aside && main && shown(aside) && getComputedStyle(aside).position === 'static' && overlap(aside, main))
    found.push('the sidebar overlaps the main column');
  if (!main) return found;
  for (const row of main.querySelectorAll('.row')) {
    const cols = [...row.children].filter(shown);
    for (let i = 0; i < cols.length; i++) for (let j = i + 1; j < cols.length; j++)
      if (overlap(cols[i], cols[j])) found.push(`${name(cols[i])} overlaps ${name(cols[j])}`);
  }
  const isBox = (el) => el === main || el.classList.contains('card') || (el.parentElement && el.parentElement.classList.contains('row'));
  const walk = (el, box) => {
    for (const child of el.children) {
      const s = getComputedStyle(child);
      if (s.position === 'absolute' || s.position === 'fixed' || s.display === 'none') continue;
      const r = child.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.width > 0 && r.right > b.right + tol && found.length < 3)
        found.push(`${name(child)} runs ${Math.round(r.right - b.right)} px out of ${name(box)}`);
      else if (s.overflowX === 'visible') walk(child, isBox(child) ? child : box);
    }
  };
  walk(main, main);
  return found.slice(0, 3);
}"""


# At 1440 px nothing is cut: a box that scrolls its content sideways (overflow-x auto or scroll: a .table-responsive,
# the tabs) or clips a table (overflow-x hidden) must hold its content, so every column of a statistics or detail
# table is in view without scrolling. A ledger may scroll: a table marked data-yj-ledger (every django-tables2 list,
# core/tables.py BaseTable, with its column chooser; a matrix whose columns are records, docs/ui.md) and the box
# around it. A box that clips text on purpose (an ellipsis, a map's tiles) holds no table and is not a scroll box.
# Returns up to three findings, [] when none.
CLIPPED_JS = """() => {
  const found = [], tol = 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
    if (!(scrolls || ((s.overflowX === 'hidden' || s.overflowX === 'clip') && el.querySelector('table')))) continue;
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + tol) continue;
    if (el.closest('[data-yj-ledger]') || el.querySelector('[data-yj-ledger]')) continue;
    const inner = el.querySelector('table[id]') || el.querySelector('table') || el.firstElementChild;
    found.push(`${name(el)}${inner ? ' (' + name(inner) + ')' : ''} cuts ${el.scrollWidth - el.clientWidth} px ` +
               `of its content (${el.scrollWidth} in ${el.clientWidth})`);
    if (found.length === 3) break;
  }
  return found;
}"""

WIDE = 1200  # from this width on, CLIPPED_JS applies (at 390 px a table may scroll in its box)


def menu_urls(user):
    from django.urls import reverse

    from yingji.platform.core.home import landing_for
    from yingji.platform.core.navigation import menu_for

    urls = [] if landing_for(user) else [("工作台", reverse("home"))]
    for group, items in menu_for(user):
        urls += [(f"{group} › {label}", url) for label, url, _active in items]
    return urls


def detail_urls(world):
    """One sample record of every model that has a sample factory, in township A1 (within the county
    administrator's reach), so that lists, dashboards and the 值班台 have rows to lay out; and (label, url) of the
    detail page of each ledger that has one. The rule tables are configuration, not ledgers, and all show their rows
    through one view and one template (core/rule_detail.html): the first one stands for them all (the other
    thirteen cost 26 page loads, a tenth of the test)."""
    from django.urls import reverse

    from yingji.platform.core import rules
    from yingji.platform.core.testing import iter_url_patterns, sample_factories, url_model

    samples = {model: world.sample(model, world.regions.township_a) for model in list(sample_factories)}
    skipped = set(rules.tables()[1:])

    detail_names = {}
    for route, name, callback in iter_url_patterns():
        if name is None or route.startswith("api/") or not name.endswith("_detail"):
            continue
        if "<int:pk>" not in route or route.count("<") != 1:
            continue
        model = url_model(callback)
        if model is not None and model in sample_factories and model not in skipped:
            detail_names.setdefault(model, name)
    pages = []
    for model, name in sorted(detail_names.items(), key=lambda kv: kv[1]):
        pages.append((f"{model._meta.verbose_name}（{name}）", reverse(name, args=[samples[model].pk])))
    return pages


def log_in(context, live_server, user):
    from yingji.platform.core.testing import PASSWORD

    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # his home: the 工作台, or the 企业端
    return page


class Viewer:
    """One width: its own context (logged in once) and one page reused for every URL, collecting its errors."""

    def __init__(self, browser, live_server, user, width, height):
        from .conftest import TIMEOUT_MS

        self.width, self.height, self.base = width, height, live_server.url
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                           viewport={"width": width, "height": height})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = log_in(self.context, live_server, user)
        from .conftest import wait_for_notification_count

        wait_for_notification_count(self.page)  # his home's count is in before the test touches the database again
        self.errors = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console.error: {msg.text} ({msg.location.get('url')})")
                     if msg.type == "error" else None)

    def problems(self, url):
        """What is wrong with the page at url: [] when nothing."""
        self.errors.clear()
        response = self.page.goto(self.base + url, wait_until="load")
        found = []
        status = response.status if response else None
        if status != 200:
            found.append(f"status {status}")
        # the top bar's unread count comes after the load (htmx); wait for it, so that it is checked too and never
        # runs in the server while the test reads the next page through the same in-memory SQLite connection
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        from .conftest import wait_for_notification_count

        try:
            wait_for_notification_count(self.page)
        except PlaywrightTimeout:
            found.append("the notification count did not load")
        found += self.layout()  # after this round trip, the errors of the load have come in
        if self.errors:
            found.append("; ".join(self.errors))
        return found

    def layout(self):
        """Overflow and overlapping blocks of the page as it is now laid out."""
        found = []
        overflow = self.page.evaluate(OVERFLOW_JS)
        if overflow:
            found.append(f"scrollWidth {overflow['scrollWidth']} > innerWidth {overflow['innerWidth']}, widest "
                         f"{overflow['element']} (right edge {overflow['right']}) in {overflow['path']}")
        found += self.page.evaluate(OVERLAP_JS)
        if self.page.viewport_size["width"] >= WIDE:
            found += self.page.evaluate(CLIPPED_JS)
        return found

    def problems_at_both_widths(self, url, other):
        """Load the page at this viewer's width, check it; resize to `other` (width, height), check it again (no
        second load: a layout at a width is CSS, and every chart redraws on the window's resize event); back to
        this width. Returns [(width, [problems])]."""
        first = self.problems(url)
        self.page.set_viewport_size({"width": other[0], "height": other[1]})
        try:
            self.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            second = self.layout()
        finally:
            self.page.set_viewport_size({"width": self.width, "height": self.height})
        return [(self.width, first), (other[0], second)]

    def close(self):
        self.context.close()


def test_every_page_fits_1440_and_390_without_errors(live_server, world, browser):
    started = time.monotonic()
    admin = world.users.admin
    pages = detail_urls(world)  # first: its samples fill the lists and the 值班台 as well
    pages = menu_urls(admin) + pages
    assert len(pages) > 100, pages  # the menu and the ledgers are there: a silent empty run would prove nothing
    made = time.monotonic()

    failures = []
    viewer = Viewer(browser, live_server, admin, *WIDTHS[0])
    try:
        for label, url in pages:
            for width, found in viewer.problems_at_both_widths(url, WIDTHS[1]):
                if found:
                    failures.append(f"{width}px {url} [{label}]: " + " | ".join(found))
    finally:
        viewer.close()
    elapsed = time.monotonic() - started
    print(f"\nlayout: {len(pages)} pages loaded at 1440 px and narrowed to 390 px in {elapsed:.1f} s "
          f"(sample records {made - started:.1f} s)")
    assert not failures, f"{len(failures)} page(s) fail the layout check:\n" + "\n".join(failures)


ROLES = ("leader", "inspector", "duty", "disaster", "township_a", "department", "auditor", "enterprise", "grid")


def role_users(world):
    """One persona of every seeded role but the administrator's (his run is the test above), the 企业用户 included."""
    from yingji.platform.accounts.roles import ROLES as SEEDED
    from yingji.platform.regions.testing import make_grid_user
    from yingji.supervision.portal.testing import make_enterprise_user

    users = {name: getattr(world.users, name) for name in ROLES if name not in ("enterprise", "grid")}
    users["enterprise"] = make_enterprise_user(world)
    users["grid"] = make_grid_user(world)  # a 网格员: his region is a grid under village A
    covered = set().union(*(u.role_codes() for u in users.values())) | {"sysadmin"}
    assert covered == set(SEEDED), f"a seeded role without a persona here: {set(SEEDED) - covered}"
    return users


MAIN_RE = re.compile(r"<main\b.*</main>", re.S)
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main_html(client, url):
    """The page's <main> as the server renders it for this user (CSRF tokens blanked), or None."""
    response = client.get(url)
    found = MAIN_RE.search(response.content.decode()) if response.status_code == 200 else None
    return TOKEN_RE.sub("", found.group(0)) if found else None


def test_every_role_sees_its_menu_pages_fit_without_errors(live_server, world, browser):
    """Each role opens its own home and every page of its own menu (what a leader, a township officer or an
    enterprise sees differs from the administrator's: his widgets, his buttons, his records), loaded on a 390 px
    phone and checked, then widened to 1440 px and checked again without a second load. One browser, one context
    and one page per role, logged in once.

    A page whose <main> the server renders exactly as for a role already checked (the leader's and the auditor's
    read-only ledgers, the county officers' same rows) is laid out the same: the top bar and the sidebar around it
    are this role's and are checked on his other pages. It is not loaded again (the server's rendering is compared:
    a tenth of a browser's load)."""
    from django.test import Client

    started = time.monotonic()
    detail_urls(world)  # the sample records: every role's lists, widgets and notifications have rows to lay out
    users = role_users(world)
    made = time.monotonic()
    failures, visited, skipped, seen = [], 0, 0, {}
    for role, user in users.items():
        viewer = Viewer(browser, live_server, user, *WIDTHS[1])
        client = Client()
        client.force_login(user)
        try:
            pages = menu_urls(user)
            if role == "enterprise":
                from django.urls import reverse

                pages = [("企业端首页", reverse("portal:home")), *pages]
            assert len(pages) >= 5, (role, pages)
            for label, url in dict.fromkeys(pages):
                main = main_html(client, url)
                rendered = seen.setdefault(url, set())
                if main is not None and main in rendered:
                    skipped += 1
                    continue
                rendered.add(main)
                visited += 1
                for width, found in viewer.problems_at_both_widths(url, WIDTHS[0]):
                    if found:
                        failures.append(f"{role} {width}px {url} [{label}]: " + " | ".join(found))
        finally:
            viewer.close()
    elapsed = time.monotonic() - started
    print(f"\nlayout by role: {visited} pages of {len(users)} roles loaded, each at 390 and 1440 px ({skipped} "
          f"laid out as for a role before), in {elapsed:.1f} s (sample records {made - started:.1f} s)")
    assert not failures, f"{len(failures)} page(s) fail the layout check:\n" + "\n".join(failures)


def test_the_checks_catch_overflow_overlap_and_console_errors(browser):
    """The checks themselves fail where they must: a table under the right-hand column, two overlapping columns, a
    page wider than the phone, a console error; and pass a table that scrolls in its .table-responsive."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        wide = "<table><tr>" + "<td style='white-space:nowrap'>宽宽宽宽宽宽宽宽宽宽宽宽</td>" * 6 + "</tr></table>"
        page.set_content(f"""<style>.row{{display:flex}} .row>div{{width:150px}}</style><main>
            <div class="row"><div id="left">{wide}</div><div id="right">右栏</div></div>
            <div class="row"><div id="a" style="margin-right:-80px">甲</div><div id="b">乙</div></div></main>""")
        overlap = page.evaluate(OVERLAP_JS)
        assert any("td" in f or "table" in f for f in overlap) and any("overlaps" in f for f in overlap), overlap
        assert page.evaluate(OVERFLOW_JS)["scrollWidth"] > 390
        page.set_content(f"""<main><div class="row"><div style="width:150px"><div class="table-responsive"
            style="overflow-x:auto">{wide}</div></div></div></main>""")
        assert page.evaluate(OVERLAP_JS) == [] and page.evaluate(OVERFLOW_JS) is None
        page.set_content("<script>console.error('boom')</script>")
        page.evaluate("() => 1")
        assert errors == ["boom"]
    finally:
        context.close()


def test_the_checks_catch_a_table_cut_by_its_box_at_1440(browser):
    """At 1440 px a table wider than its .table-responsive is a failure (the page itself does not widen: only this
    check sees it), and so is one cut by a box that hides its overflow; a table marked data-yj-ledger may scroll, a
    table that fits passes, and at 390 px the check does not apply."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        wide = ("<table class='table' id='{id}' {mark}><tr>" + "<td style='white-space:nowrap'>宽宽宽宽宽宽宽宽宽宽宽宽</td>" * 6
                + "</tr></table>")
        box = "<div style='width:500px'><div class='table-responsive' style='overflow-x:{how}'>{table}</div></div>"
        page.set_content("<main>" + box.format(how="auto", table=wide.format(id="figures", mark="")) + "</main>")
        found = page.evaluate(CLIPPED_JS)
        assert len(found) == 1 and "table#figures" in found[0] and "cuts" in found[0], found
        assert page.evaluate(OVERFLOW_JS) is None  # the page does not widen: the overflow check alone misses it
        page.set_content("<main>" + box.format(how="hidden", table=wide.format(id="cut", mark="")) + "</main>")
        assert "table#cut" in " ".join(page.evaluate(CLIPPED_JS))
        page.set_content("<main>" + box.format(how="auto", table=wide.format(id="ledger", mark="data-yj-ledger"))
                         + box.format(how="auto", table="<table class='table'><tr><td>窄</td></tr></table>")
                         + "<div style='width:80px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap'>"
                           "很长很长很长很长很长的名称</div></main>")
        assert page.evaluate(CLIPPED_JS) == []
    finally:
        context.close()


def test_the_deadline_countdowns_tick_under_the_csp(live_server, world, browser):
    """The 值班台's and an incident's countdowns come from yingji.js (inline scripts are refused by the CSP)."""
    import datetime

    from django.utils import timezone

    from yingji.command.incidents.models import Incident, ReportDeadline

    incident = world.sample(Incident, world.regions.township_a)
    world.sample(ReportDeadline, world.regions.township_a, incident=incident,
                 due_at=timezone.now() + datetime.timedelta(minutes=50))
    viewer = Viewer(browser, live_server, world.users.duty, 390, 844)
    try:
        for url, prefix in (("/command/duty/", ""), (incident.get_absolute_url(), "剩余 ")):
            assert viewer.problems(url) == [], url
            badge = viewer.page.locator("[data-countdown]").first
            # the server wrote "49 分钟"/"剩余 49 分钟"; the script counts down in mm:ss, every second
            viewer.page.wait_for_function("(el) => /\\d\\d:\\d\\d$/.test(el.textContent)", arg=badge.element_handle())
            first = badge.text_content()
            assert first.startswith(prefix) and first[len(prefix):len(prefix) + 2] in ("49", "50"), first
            viewer.page.wait_for_function("([el, t]) => el.textContent !== t", arg=[badge.element_handle(), first])
    finally:
        viewer.close()
