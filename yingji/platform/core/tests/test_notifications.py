"""The notifications registry (core/notifications.py), its pages and the read marks; the 工作台's landing registry,
the menu of an outside account and the dates of what is due. Platform tests: a source of their own, no domain."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core import home, navigation, notifications
from yingji.platform.core.models import NotificationRead
from yingji.platform.core.notifications import Notice
from yingji.platform.core.templatetags.yingji import short_date

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


@pytest.fixture
def source(monkeypatch):
    """A registered source whose notices the test sets: source.items = [...]."""

    class Box:
        items = []
        calls = 0

    def fn(user):
        Box.calls += 1
        return list(Box.items)

    monkeypatch.setattr(notifications, "_sources", {})
    notifications.register("test.things", "测试事项", fn, perm="regions.view_region")
    return Box


def test_most_urgent_first_overdue_then_due_soon_then_without_deadline_oldest_first(world, source):
    source.items = [
        Notice("a", "没有期限，新", "/a/", at=NOW),
        Notice("b", "明天到期", "/b/", due=TODAY + datetime.timedelta(days=1)),
        Notice("c", "已逾期", "/c/", due=TODAY - datetime.timedelta(days=3), level="danger"),
        Notice("d", "没有期限，旧", "/d/", at=NOW - datetime.timedelta(days=2)),
    ]
    inbox = notifications.for_user(world.users.township_a)
    assert [n.key for n in inbox.notices] == ["c", "b", "d", "a"]
    assert inbox.notices[0].overdue and not inbox.notices[1].overdue
    assert {n.label for n in inbox.notices} == {"测试事项"} and inbox.unread_count == 4


def test_a_source_is_asked_only_for_users_with_its_permission(world, source):
    source.items = [Notice("a", "事项", "/a/")]
    assert notifications.for_user(world.users.nobody).notices == []
    assert source.calls == 0


def test_read_marks_are_per_user_and_stored(world, client_for, source):
    source.items = [Notice("k1", "第一件", "/x/"), Notice("k2", "第二件", "/y/")]
    a, b = world.users.township_a, world.users.township_b
    c = client_for(a)
    r = c.post(reverse("core:notification_read"), {"key": "k1"})
    assert r.status_code == 302 and r.url == reverse("core:notifications")
    assert set(NotificationRead.objects.filter(user=a).values_list("key", flat=True)) == {"k1"}
    assert notifications.for_user(a).unread_count == 1
    assert notifications.for_user(b).unread_count == 2  # the other user's marks are his own
    c.post(reverse("core:notification_read"), {"key": "k1"})  # twice: still one mark
    assert NotificationRead.objects.filter(user=a).count() == 1
    c.post(reverse("core:notification_read"), {"all": "1"})
    assert notifications.for_user(a).unread_count == 0 and notifications.for_user(b).unread_count == 2


def test_marking_read_goes_back_to_a_local_page_only(world, client_for, source):
    source.items = [Notice("k1", "第一件", "/x/")]
    c = client_for(world.users.township_a)
    assert c.post(reverse("core:notification_read"), {"key": "k1", "next": "/hazards/"}).url == "/hazards/"
    r = c.post(reverse("core:notification_read"), {"key": "k1", "next": "https://evil.example/"})
    assert r.url == reverse("core:notifications")
    # a key too long to be one of ours is ignored, not a 500
    assert c.post(reverse("core:notification_read"), {"key": "x" * 500}).status_code == 302
    assert c.get(reverse("core:notification_read")).status_code == 405


def test_the_page_lists_unread_then_all_and_the_badge_counts(world, client_for, source):
    source.items = [Notice("k1", "待我验收的那一件", "/x/", due=TODAY - datetime.timedelta(days=400)),
                    Notice("k2", "另一件", "/y/")]
    c = client_for(world.users.township_a)
    body = c.get(reverse("core:notifications")).content.decode()
    assert "待我验收的那一件" in body and "已逾期" in body and "全部标为已读" in body
    # a deadline of another year carries its year
    assert (TODAY - datetime.timedelta(days=400)).strftime("%Y-%m-%d") in body
    assert 'data-unread="2"' in c.get(reverse("core:notification_count")).content.decode()
    c.post(reverse("core:notification_read"), {"key": "k1"})
    assert "待我验收的那一件" not in c.get(reverse("core:notifications")).content.decode()
    assert "待我验收的那一件" in c.get(reverse("core:notifications"), {"show": "all"}).content.decode()
    assert 'data-unread="1"' in c.get(reverse("core:notification_count")).content.decode()
    assert "我的待办" in c.get(reverse("home")).content.decode()


def test_the_count_and_the_pages_cost_the_same_queries_for_two_notices_or_fifty(world, client_for, source,
                                                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world.users.township_a)
    source.items = [Notice(f"k{i}", f"事项{i}", "/x/") for i in range(2)]
    c.post(reverse("core:notification_read"), {"key": "k0"})
    counted = {}
    for name in ("core:notification_count", "core:notifications", "home"):
        with CaptureQueriesContext(connection) as q:
            c.get(reverse(name))
        counted[name] = len(q)
    source.items = [Notice(f"k{i}", f"事项{i}", "/x/") for i in range(notifications.LIMIT + 5)]
    c.post(reverse("core:notification_read"), {"key": ["k1", "k2", "k3"]})
    for name, n in counted.items():
        with django_assert_max_num_queries(n):
            body = c.get(reverse(name)).content.decode()
        if name == "core:notification_count":
            assert f'data-unread="{notifications.LIMIT - 4}"' in body and "+</span>" in body  # capped: "46+"


def test_no_page_pays_for_the_notifications_the_top_bar_loads_them_after(world, client_for, source):
    source.items = [Notice("k1", "事项", "/x/")]
    body = client_for(world.users.township_a).get(reverse("accounts:profile")).content.decode()
    assert source.calls == 0
    assert f'hx-get="{reverse("core:notification_count")}"' in body


def test_an_outside_account_lands_on_its_own_home_and_sees_no_internal_page(world, client_for, monkeypatch):
    from yingji.platform.core import models as core_models

    outsider = world.users.township_a
    monkeypatch.setattr(core_models, "_external_user_tests", [lambda u: u.pk == outsider.pk])
    monkeypatch.setattr(home, "_landings", [(lambda u: u.pk == outsider.pk, "accounts:profile")])
    r = client_for(outsider).get(reverse("home"))
    assert r.status_code == 302 and r.url == reverse("accounts:profile")
    assert client_for(world.users.township_b).get(reverse("home")).status_code == 200
    menu = {str(label) for _group, items in navigation.menu_for(outsider) for label, _url, _a in items}
    inside = {str(label) for _group, items in navigation.menu_for(world.users.township_b) for label, _u, _a in items}
    internal = {str(e.label) for e in navigation.entries() if e.internal}
    assert "节假日安排" in internal and inside & internal  # the township officer sees internal pages, the outsider none
    assert not menu & internal
    page = client_for(outsider).get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("home")}">工作台' not in page


def test_short_dates_carry_the_year_when_it_is_not_this_year():
    this_year = datetime.date(TODAY.year, 3, 5)
    assert short_date(this_year) == "03-05"
    assert short_date(datetime.date(TODAY.year - 1, 3, 5)) == f"{TODAY.year - 1}-03-05"
    moment = timezone.make_aware(datetime.datetime(TODAY.year - 2, 12, 31, 23, 30))
    assert short_date(moment) == timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    assert short_date(None) == ""
