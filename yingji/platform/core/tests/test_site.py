"""The bureau's name and marks (settings YINGJI_SITE_NAME, YINGJI_SITE_LOGO, YINGJI_FAVICON) on the login page and
every page, and the API's tokens and documentation linked from the menu for every account."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_default_name_logo_and_favicon(world, client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "<title>登录 · 应急管理综合平台</title>" in body
    assert 'rel="icon" href="/static/yingji/logo.svg"' in body and 'src="/static/yingji/logo.svg"' in body


@pytest.mark.django_db
def test_a_bureau_sets_its_own_name_and_logo(world, client_for, settings):
    settings.YINGJI_SITE_NAME = "安澜县应急管理综合信息平台"
    settings.YINGJI_SITE_LOGO = "/brand/anlan.png"
    settings.YINGJI_FAVICON = ""
    body = client_for(world.users.leader).get(reverse("home")).content.decode()
    assert "安澜县应急管理综合信息平台</span></a>" in body and 'src="/brand/anlan.png"' in body
    assert "· 安澜县应急管理综合信息平台</title>" in body
    assert 'rel="icon"' not in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "township_a", "inspector"])
def test_the_menu_links_the_api_tokens_and_documentation(world, client_for, persona):
    body = client_for(getattr(world.users, persona)).get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:api_tokens")}"' in body and f'href="{reverse("api-docs")}"' in body


@pytest.mark.django_db
def test_an_account_that_may_not_read_the_api_docs_has_no_link_to_them(world, client_for):
    from django.contrib.auth.models import Group

    nobody = world.users.township_a
    nobody.groups.set(Group.objects.none())  # an account without a role (issue 16, item 11)
    body = client_for(nobody).get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("api-docs")}"' not in body


def test_an_icon_follows_the_static_url_and_escapes_what_it_is_given(settings):
    """The icon tag keeps its markup per process: a change of the static URL still reaches it, and a text that is
    not marked safe is escaped even after the same text, marked safe, was drawn."""
    from django.utils.safestring import mark_safe

    from yingji.platform.core.templatetags.yingji import ICON_SPRITE, icon

    assert f'href="/static/{ICON_SPRITE}#gear"' in icon("gear")
    assert icon("gear") == icon("gear")
    settings.STATIC_URL = "/assets/"
    assert f'href="/assets/{ICON_SPRITE}#gear"' in icon("gear")
    assert 'class="yj-icon a&b"' in icon("gear", mark_safe("a&b"))
    assert 'class="yj-icon a&amp;b"' in icon("gear", "a&b")
