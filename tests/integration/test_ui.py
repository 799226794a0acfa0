"""The platform's page furniture (docs/ui.md): one highlighted menu entry and the breadcrumbs it gives, list titles
equal to the menu's labels, the ledgers' column chooser and saved filters (per user, on the server), sorting by
any column, 全部 as every filter's empty choice, and the detail page's tabs and action buttons.

It lives in tests/integration, above the layers: it checks the platform's pages over the domains' lists and records."""

import re

import pytest
from django.urls import reverse

from yingji.platform.core import ledgers, navigation
from yingji.platform.core.models import ListPreference, SavedFilter
from yingji.platform.core.testing import iter_url_patterns, sample_factories

pytestmark = pytest.mark.django_db

LIST = "regions:region_list"


def active_links(html):
    return re.findall(r'<a class="nav-link[^"]*\bactive\b[^"]*"[^>]*>(.*?)</a>', html, re.S)


def crumbs(html):
    found = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)] \
        if found else None


def h1(html):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).split("\n")[0].strip()


def test_the_longest_matching_entry_is_the_only_one_highlighted(world):
    menu = navigation.menu_for(world.users.admin, reverse("duty:dutylog_list"))
    active = [item.label for group in menu for item in group.items if item.active]
    assert active == ["值班日志"]  # not 值班台 (/command/duty/) as well
    assert [g.open for g in menu if any(i.active for i in g.items)] == [True]
    assert navigation.trail(menu) == [("指挥救援", None), ("值班日志", reverse("duty:dutylog_list"))]
    # the old shape still unpacks: (group label, items), an item (label, url, active)
    for group_label, items in menu:
        assert group_label
        for _label, url, _active in items:
            assert url.startswith("/")


def test_a_list_page_is_titled_with_its_menu_label_and_has_breadcrumbs(world, client_for):
    from yingji.supervision.enterprises.models import Enterprise

    c = client_for(world.users.admin)
    html = c.get(reverse("enterprises:enterprise_list")).content.decode()
    assert h1(html) == "企业档案" and "<title>企业档案 ·" in html
    assert active_links(html) == ["企业档案"]
    assert crumbs(html) == ["工作台", "监督管理", "企业档案"]

    enterprise = world.sample(Enterprise, world.regions.township_a)
    html = c.get(enterprise.get_absolute_url()).content.decode()
    assert crumbs(html) == ["工作台", "监督管理", "企业档案", str(enterprise)[:40]]
    assert active_links(html) == ["企业档案"]
    assert f'<a href="{reverse("enterprises:enterprise_list")}">企业档案</a>' in html

    # a page outside the menu (a rule table under 规则配置): the menu's entry, then the table
    from yingji.platform.core import rules

    model = rules.tables()[0]
    html = c.get(reverse(f"rules:{model._meta.model_name}_list")).content.decode()
    assert crumbs(html) == ["工作台", "系统管理", "规则配置", str(model._meta.verbose_name_plural)]
    assert h1(html) == str(model._meta.verbose_name_plural)


def test_the_sidebar_has_group_icons_from_the_vendored_sprite(world, client_for):
    html = client_for(world.users.admin).get(reverse("regions:region_list")).content.decode()
    assert "bootstrap-icons-1.13.1/sprite.svg#gear" in html and "cdn" not in html.lower()
    assert html.count('<details class="yj-nav-section"') == len(navigation.menu_for(world.users.admin))
    assert "data-current" in html  # the group of the current page stays open whatever was folded


def test_empty_filter_choices_read_all(world, client_for):
    html = client_for(world.users.admin).get(reverse("enterprises:enterprise_list")).content.decode()
    form = html[html.index('class="row g-2 align-items-end yj-filter'):html.index('id="object-table"')]
    assert "---------" not in form and "未知" not in form
    assert '<option value="" selected>全部</option>' in form


def test_enterprises_are_listed_by_township_then_name(world, client_for):
    from yingji.supervision.enterprises.models import Enterprise

    b = world.sample(Enterprise, world.regions.township_b, name="阿尔法化工")
    a2 = world.sample(Enterprise, world.regions.township_a, name="乙公司")
    a1 = world.sample(Enterprise, world.regions.township_a, name="丙公司")
    html = client_for(world.users.admin).get(reverse("enterprises:enterprise_list")).content.decode()
    order = [html.index(e.name) for e in (a1, a2, b)]
    first, second = sorted([a1, a2], key=lambda e: e.name)
    assert html.index(first.name) < html.index(second.name)
    town_a_first = world.regions.township_a.code < world.regions.township_b.code
    assert (max(order[:2]) < order[2]) == town_a_first


def test_the_column_chooser_is_remembered_per_user_and_list(world, client_for):
    admin, leader = world.users.admin, world.users.leader
    c = client_for(admin)
    url = reverse(LIST)
    header = re.findall(r"<th[^>]*>(.*?)</th>", c.get(url).content.decode(), re.S)
    assert any("级别" in h for h in header)
    r = c.post(reverse("core:list_columns"), {"list": LIST, "show": ["code"], "next": url + "?level=4"})
    assert r.status_code == 302 and r["Location"] == url + "?level=4"
    assert ListPreference.objects.get(user=admin, list_name=LIST).hidden_columns
    html = c.get(url).content.decode()
    table = html[html.index('id="object-table"'):]
    assert "级别" not in re.sub(r"<form.*?</form>", "", table, flags=re.S).split("</thead>")[0]
    assert 'name="show" value="level" id="col-level">' in html  # offered again, unticked
    # the first column (the record's link) cannot be hidden
    c.post(reverse("core:list_columns"), {"list": LIST})
    assert "code" not in ListPreference.objects.get(user=admin, list_name=LIST).hidden_columns
    # another user's list is his own
    other = client_for(leader).get(url).content.decode()
    assert 'name="show" value="level" id="col-level" checked>' in other
    # 恢复默认
    c.post(reverse("core:list_columns"), {"list": LIST, "reset": "1"})
    assert not ListPreference.objects.filter(user=admin).exists()
    # the export keeps every column
    assert ledgers.column_names(ledgers.list_view_class(LIST).table_class)[0][0] == "code"


def test_column_and_filter_settings_refuse_unknown_lists_and_lists_without_permission(world, client_for):
    c = client_for(world.users.nobody)
    assert c.post(reverse("core:list_columns"), {"list": LIST, "show": ["code"]}).status_code == 404
    assert c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": "x", "query": ""}).status_code == 404
    admin = client_for(world.users.admin)
    for bad in ("", "core:search", "nope:nothing", "x" * 200, "home"):
        assert admin.post(reverse("core:list_columns"), {"list": bad}).status_code == 404
    assert not ListPreference.objects.exists() and not SavedFilter.objects.exists()
    assert admin.get(reverse("core:list_columns")).status_code == 405


def test_saved_filters_are_named_reused_replaced_and_deleted_by_their_owner(world, client_for):
    admin = world.users.admin
    c = client_for(admin)
    url = reverse(LIST)
    r = c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": " 乡级 区划 ", "query": "level=4&page=3&q="})
    assert r.status_code == 302 and r["Location"] == url + "?level=4"
    saved = SavedFilter.objects.get(user=admin, list_name=LIST)
    assert (saved.name, saved.query) == ("乡级 区划", "level=4")
    html = c.get(url).content.decode()
    assert f'href="{url}?level=4">乡级 区划</a>' in html
    # the same name again replaces the query
    c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": "乡级 区划", "query": "level=5"})
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["level=5"]
    # a name is needed; the error is Chinese and nothing is written
    r = c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": "  ", "query": "level=4"}, follow=True)
    assert "请填写筛选的名称" in r.content.decode() and SavedFilter.objects.count() == 1
    r = c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": "长" * 41}, follow=True)
    assert "最多 40 个字" in r.content.decode() and SavedFilter.objects.count() == 1
    # nobody else sees it or deletes it
    leader = client_for(world.users.leader)
    assert "乡级 区划" not in leader.get(url).content.decode()
    assert leader.post(reverse("core:saved_filter_delete", args=[saved.pk])).status_code == 404
    r = c.post(reverse("core:saved_filter_delete", args=[saved.pk]), {"next": url})
    assert r.status_code == 302 and not SavedFilter.objects.exists()
    assert c.post(reverse("core:saved_filter_delete", args=[saved.pk])).status_code == 404


def test_a_saved_filter_runs_in_the_users_own_scope(world, client_for):
    """A saved query is only a link to the list: the township officer's saved '全部区划' still shows his township."""
    c = client_for(world.users.township_a)
    c.post(reverse("core:saved_filter_add"), {"list": LIST, "name": "全部", "query": "record_status=all"})
    html = c.get(reverse(LIST) + "?record_status=all").content.decode()
    assert world.regions.township_b.name not in html.split('id="object-table"')[1]


def list_pages():
    """(URL name, view class) of every list page built on ObjectListView."""
    from yingji.platform.core.views import ObjectListView

    found = []
    for route, name, callback in iter_url_patterns():
        view_class = getattr(callback, "view_class", None)
        if name and view_class and issubclass(view_class, ObjectListView) and "<" not in route \
                and not route.startswith("api/"):
            found.append((name, view_class))
    return found


@pytest.mark.slow
def test_every_list_sorts_by_every_sortable_column_and_offers_its_columns(world, client_for):
    """Sort by any column: each orderable column of each list answers 200 (a column on a computed value must say
    orderable=False or give an order_by). Sample records give the sort something to order."""
    for model in list(sample_factories):
        world.sample(model, world.regions.township_a)
    c = client_for(world.users.admin)
    checked, failures = 0, []
    for name, view_class in list_pages():
        url = reverse(name)
        table = view_class.table_class([])
        orderable = [column for column in table.columns if column.orderable]
        for n, column in enumerate(orderable):
            # one direction a column, alternating: the SQL of the other differs by ASC/DESC only, and a list's page
            # costs its whole rendering (both directions made this the suite's third-longest test)
            sort = f"-{column.name}" if n % 2 else column.name
            r = c.get(url, {"sort": sort})
            checked += 1
            if r.status_code != 200:
                failures.append(f"{url}?sort={sort}: {r.status_code}")
        assert ledgers.column_names(view_class.table_class)
    assert checked > 250, checked
    assert not failures, failures


def test_a_detail_page_has_tabs_and_names_its_empty_fields(world, client_for):
    from yingji.supervision.enterprises.models import Enterprise

    enterprise = world.sample(Enterprise, world.regions.township_a)
    html = client_for(world.users.admin).get(enterprise.get_absolute_url()).content.decode()
    assert 'data-bs-target="#tab-basic"' in html and 'data-bs-target="#tab-history"' in html
    assert ">基本信息<" in html and ">历史<" in html
    assert 'id="history"' in html.split('id="tab-history"')[1]  # the change history is in its tab
    grid = html.split('class="yj-fieldgrid"')[1].split("</dl>")[0]
    assert "<dd>—</dd>" not in grid and enterprise.name in grid
    assert 'id="empty-fields"' in html


def test_workflow_actions_are_buttons_opening_a_confirmed_form_under_the_title(world, client_for):
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    enterprise = world.sample(Enterprise, world.regions.township_a)
    hazard = world.sample(Hazard, world.regions.township_a, enterprise=enterprise)
    html = client_for(world.users.admin).get(hazard.get_absolute_url()).content.decode()
    assert html.count('id="actions"') == 1  # drawn once, under the title, though the module's template includes it
    assert html.index('id="actions"') < html.index('id="detail-tabs"')
    buttons = re.findall(r'data-bs-toggle="collapse" data-bs-target="#transition-(\w+)"', html)
    assert buttons, "the hazard offers its next steps"
    for name in set(buttons):
        block = html.split(f'id="transition-{name}"')[1]
        assert re.search(r'<form method="post"[^>]*data-confirm="确定[^"]+？"', block)


def test_every_kind_of_page_has_breadcrumbs(world, client_for):
    from yingji.supervision.enterprises.models import Enterprise

    enterprise = world.sample(Enterprise, world.regions.township_a)
    c = client_for(world.users.admin)
    pages = {
        reverse("enterprises:enterprise_add"): ["工作台", "监督管理", "企业档案", "新增企业"],
        reverse("enterprises:enterprise_edit", args=[enterprise.pk]):
            ["工作台", "监督管理", "企业档案", str(enterprise)[:40], "修改"],
        reverse("core:notifications"): ["工作台", "通知"],
        reverse("core:search") + "?q=青石": ["工作台", "搜索"],
        reverse("core:export_jobs"): ["工作台", "我的导出"],
        reverse("core:import", args=["enterprises"]): ["工作台", "导入企业档案"],
    }
    for url, expected in pages.items():
        html = c.get(url).content.decode()
        assert crumbs(html) == expected, (url, crumbs(html))
    # a menu entry that is itself a form (资源调派) is the last crumb, once
    html = c.get(reverse("resources:dispatch_add")).content.decode()
    assert crumbs(html) == ["工作台", "指挥救援", "资源调派"]
    assert crumbs(c.get("/").content.decode()) is None  # the 工作台 itself needs none
