"""The enterprise account's home is the 企业端: he lands there, his menu has no bureau-internal page, and his
to-dos (his enterprise's rectification deadlines) are on it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core.navigation import menu_for
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _labels(user):
    return {str(label) for _group, items in menu_for(user) for label, _url, _active in items}


def test_he_lands_on_the_portal_not_on_the_bureaus_workbench(world, client_for):
    ent = make_enterprise_user(world)
    c = client_for(ent)
    r = c.get(reverse("home"))
    assert r.status_code == 302 and r.url == reverse("portal:home")
    page = c.get(r.url).content.decode()
    assert "企业端首页" in page and "我的待办" in page
    assert f'href="{reverse("home")}">工作台' not in page  # his home is in his menu; no second one above it
    # the bureau's officers keep their 工作台
    assert client_for(world.users.inspector).get(reverse("home")).status_code == 200


def test_his_menu_has_his_records_and_no_bureau_internal_page(world):
    ent = make_enterprise_user(world)
    labels = _labels(ent)
    assert {"企业端首页", "隐患排查治理", "监督检查记录"} <= labels
    for internal in ("安全监管统计", "监督检查统计", "执法统计", "节假日安排", "规则配置", "行政区划", "单位"):
        assert internal not in labels, internal
    assert {"安全监管统计", "执法统计", "节假日安排"} <= _labels(world.users.inspector)


def test_his_enterprises_deadlines_are_his_to_dos(world, client_for):
    ent = make_enterprise_user(world)
    own = world.sample(Hazard, enterprise=world.enterprise, description="本企业配电箱未加锁",
                       found_on=TODAY - datetime.timedelta(days=20))
    Hazard.objects.filter(pk=own.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    other = world.sample(Hazard, description="别家企业的隐患", found_on=TODAY - datetime.timedelta(days=20))
    Hazard.objects.filter(pk=other.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    page = client_for(ent).get(reverse("portal:home")).content.decode()
    tasks = page[page.index("我的待办"):page.index("未销号隐患")]
    assert "本企业配电箱未加锁" in tasks and "整改已逾期 1 天" in tasks and "别家企业的隐患" not in tasks
    body = client_for(ent).get(reverse("core:notifications")).content.decode()
    assert "本企业配电箱未加锁" in body and "别家企业的隐患" not in body
