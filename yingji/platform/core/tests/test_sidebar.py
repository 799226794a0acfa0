"""base.html's left navigation is drawn once per process for each menu ({% sidebar %}, core/templatetags/yingji.py):
a page shows the same markup as drawing it anew, each user his own menu, in his language, and a withdrawn permission
takes its entry away at the next request (the menu itself is decided on every request)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.urls import reverse

from yingji.platform.accounts.models import Role
from yingji.platform.core import navigation
from yingji.platform.core.templatetags import yingji as tags

pytestmark = pytest.mark.django_db
PAGE = "regions:region_list"


def sidebar(response):
    return re.search(r'<nav class="nav flex-column py-2".*?</nav>', response.content.decode(), re.S).group(0)


def drawn_anew(user, path):
    return render_to_string("core/_sidebar.html", {"nav_menu": navigation.menu_for(user, path), "nav_workbench": True,
                                                   "at_home": path == "/"})


def test_the_sidebar_is_the_menu_drawn_anew_for_each_user(world, client_for):
    tags._sidebars.clear()
    admin, township = world.users.admin, world.users.township_b
    page = reverse(PAGE)
    first = sidebar(client_for(admin).get(page))
    assert first == drawn_anew(admin, page) and len(tags._sidebars) == 1
    assert sidebar(client_for(admin).get(page)) == first and len(tags._sidebars) == 1  # kept, the same
    home = sidebar(client_for(admin).get("/"))
    assert home == drawn_anew(admin, "/") and home != first  # 工作台 is the current entry there
    theirs = sidebar(client_for(township).get(page))
    assert theirs == drawn_anew(township, page) and theirs != first
    roles = f'href="{reverse("accounts:role_list")}"'
    assert roles in first and roles not in theirs

    english = client_for(admin)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert sidebar(english.get(page)) != first and "工作台" not in sidebar(english.get(page))


def test_a_withdrawn_permission_leaves_the_sidebar_at_the_next_request(world, client_for):
    leader = world.users.leader
    c = client_for(leader)
    before = sidebar(c.get("/"))
    assert reverse(PAGE) in before
    leader.groups.remove(Group.objects.get(pk=Role.objects.get(code="leader").group_id))
    after = sidebar(c.get("/"))
    assert reverse(PAGE) not in after and after == drawn_anew(leader, "/")
