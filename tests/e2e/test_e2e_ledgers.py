"""The ledgers' own tools in headless Chromium, as a person uses them (docs/ui.md): the breadcrumbs and the one
highlighted menu entry, the 列 chooser (kept on the server: it holds in a new browser), 已存筛选 (name the filter in
the address bar, open it again from the menu, delete it), and a detail page's tabs. At 1440 px and on a 390 px
phone, where the menu is behind ☰ and the tools wrap under the title."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def header(page):
    return [t.strip() for t in page.locator("#object-table table thead th").all_inner_texts()]


def test_breadcrumbs_columns_and_saved_filters_in_the_browser(live_server, page, login, browser):
    from yingji.platform.core.models import ListPreference, SavedFilter
    from yingji.platform.core.testing import build_world
    from yingji.supervision.enterprises.models import Enterprise

    from .conftest import wait_for_notification_count

    world = build_world()
    enterprise = world.sample(Enterprise, world.regions.township_a, name="青石化工有限公司")
    user = world.users.admin
    login(user)
    wait_for_notification_count(page)

    # the list from the menu: its title is the menu's label, one entry lit, breadcrumbs 工作台 › 监督管理 › 企业档案
    nav = page.locator("#yj-nav")
    nav.get_by_role("link", name="企业档案", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("企业档案")
    wait_for_notification_count(page)
    expect(nav.locator("a.nav-link.active")).to_have_count(1)
    crumbs = page.locator("nav.yj-breadcrumbs .breadcrumb-item")
    expect(crumbs).to_have_text(["工作台", "监督管理", "企业档案"])
    assert "风险等级" in header(page)

    # 列: hide 风险等级; the table loses it at once, and it stays hidden in another browser (kept on the server)
    page.locator("#column-chooser button.dropdown-toggle").click()
    chooser = page.locator("#column-chooser form")
    expect(chooser).to_be_visible()
    expect(chooser.get_by_label("企业名称")).to_be_disabled()  # the record's own column stays
    chooser.get_by_label("风险等级").uncheck()
    chooser.get_by_role("button", name="应用").click()
    expect(page.locator(".alert")).to_contain_text("已保存显示的列")
    wait_for_notification_count(page)
    assert "风险等级" not in header(page) and "企业名称" in header(page)
    assert ListPreference.objects.get(user=user, list_name="enterprises:enterprise_list").hidden_columns == ["risk_grade"]

    # 已存筛选: filter (htmx, the address changes), save it under a name, clear, open it again, delete it
    form = page.locator("form.yj-filter")
    form.get_by_label("搜索", exact=True).fill("青石")
    form.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"q=%E9%9D%92%E7%9F%B3|q=青石"))
    page.locator("#saved-filters button.dropdown-toggle").click()
    page.get_by_label("把当前筛选保存为").fill("青石的企业")
    page.locator("#saved-filter-add").get_by_role("button", name="保存").click()
    expect(page.locator(".alert")).to_contain_text("已保存筛选：青石的企业")
    wait_for_notification_count(page)
    saved = SavedFilter.objects.get(user=user)
    assert "q=" in saved.query and saved.name == "青石的企业"
    page.get_by_role("link", name="清除").click()
    wait_for_notification_count(page)
    page.locator("#saved-filters button.dropdown-toggle").click()
    page.locator("#saved-filters").get_by_role("link", name="青石的企业").click()
    wait_for_notification_count(page)
    expect(page.locator("form.yj-filter").get_by_label("搜索", exact=True)).to_have_value("青石")
    expect(page.locator("#object-table")).to_contain_text("青石化工有限公司")
    page.locator("#saved-filters button.dropdown-toggle").click()
    page.once("dialog", lambda dialog: dialog.accept())  # data-confirm asks first
    page.get_by_role("button", name="删除 青石的企业").click()
    expect(page.locator(".alert")).to_contain_text("已删除筛选：青石的企业")
    wait_for_notification_count(page)
    assert not SavedFilter.objects.exists()

    # a record: breadcrumbs to it, its tabs; the list's entry stays the one lit
    page.goto(f"{live_server.url}{enterprise.get_absolute_url()}")
    wait_for_notification_count(page)
    expect(crumbs).to_have_text(["工作台", "监督管理", "企业档案", "青石化工有限公司"])
    expect(nav.locator("a.nav-link.active")).to_have_text("企业档案")
    expect(page.locator("#tab-basic")).to_be_visible()
    expect(page.locator("#history")).to_be_hidden()
    page.get_by_role("tab", name="历史").click()
    expect(page.locator("#history")).to_be_visible()
    assert page.url.endswith("#tab-history")
    page.reload()
    wait_for_notification_count(page)
    expect(page.locator("#history")).to_be_visible()  # the tab in the address opens again

    # on a phone: the same list, the menu behind ☰, the chooser and the saved filters reachable and on screen
    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844})
    try:
        p = phone.new_page()
        from yingji.platform.core.testing import PASSWORD

        p.goto(f"{live_server.url}/accounts/login/")
        p.get_by_label("用户名").fill(user.username)
        p.get_by_label("密码").fill(PASSWORD)
        p.get_by_role("button", name="登录").click()
        p.wait_for_url(f"{live_server.url}/")
        wait_for_notification_count(p)
        p.goto(f"{live_server.url}{reverse('enterprises:enterprise_list')}")
        wait_for_notification_count(p)
        assert "风险等级" not in header(p)  # the column choice followed him to the phone
        expect(p.locator("nav.yj-breadcrumbs .breadcrumb-item")).to_have_text(["工作台", "监督管理", "企业档案"])
        p.locator("#column-chooser button.dropdown-toggle").click()
        menu = p.locator("#column-chooser form")
        expect(menu).to_be_visible()
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 391, box
        assert p.evaluate("document.documentElement.scrollWidth") <= 391
    finally:
        phone.close()
    assert not page.js_errors, page.js_errors


def test_a_case_step_is_a_button_opening_its_form_and_asks_before_it_is_sent(live_server, seeded, page, login, browser):
    """An enforcement case's page on a 390 px phone (docs/ui.md, Workflow actions): the next step (决定) and the
    decision are buttons under the title, no form shows until one is clicked; the form opens under the row, fits the
    screen, and sending it asks first: declined, nothing happens; accepted, the step is done and the row offers the
    next one (送达)."""
    import datetime

    from yingji.platform.core.testing import build_world
    from yingji.supervision.enforcement.choices import CaseState, Step
    from yingji.supervision.enforcement.models import EnforcementCase
    from yingji.supervision.enforcement.testing import make_case, walk

    from .conftest import wait_for_notification_count

    world = build_world()
    case = walk(make_case(world, world.regions.township_a), world, Step.NOTIFY, start=datetime.date(2026, 3, 2))
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.users.inspector)
    wait_for_notification_count(page)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    wait_for_notification_count(page)
    actions = page.locator("#actions")
    expect(actions.get_by_role("button", name="决定", exact=True)).to_be_visible()
    form = page.locator("#transition-decide form")
    expect(form).to_be_hidden()
    assert page.locator("main form:visible").count() == 0  # no form on the page until an action is chosen

    actions.get_by_role("button", name="决定", exact=True).click()
    expect(form).to_be_visible()
    form.get_by_label("日期").fill("2026-03-20")
    box = form.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 391, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    form.get_by_role("button", name="确认决定").click()
    expect(form).to_be_visible()  # declined: still the same page, the form as it was
    assert messages == ["确定决定？"]
    assert EnforcementCase.objects.get(pk=case.pk).state == CaseState.NOTIFIED

    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="确认决定").click()
    expect(page.locator(".alert-success")).to_contain_text("已办理：决定")
    wait_for_notification_count(page)
    assert EnforcementCase.objects.get(pk=case.pk).state == CaseState.DECIDED
    expect(actions.get_by_role("button", name="送达", exact=True)).to_be_visible()
    expect(actions.get_by_role("link", name="下载行政处罚决定书")).to_be_visible()
    assert not page.js_errors, page.js_errors
