"""The top bar's search (core/search.py) over the ledgers the supervision apps register: who finds what."""

import pytest
from django.urls import reverse

from yingji.platform.core import search
from yingji.platform.core.services import void_record
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def _found(client, q):
    r = client.get(reverse("core:search"), {"q": q})
    assert r.status_code == 200
    return r.content.decode()


def test_an_enterprise_by_name_or_credit_code_within_the_scope_only(world, client_for):
    a = world.sample(Enterprise, world.regions.township_a, name="青石化工搜索测试有限公司")
    b = world.sample(Enterprise, world.regions.township_b, name="乙镇化工搜索测试有限公司")
    township_a = client_for(world.users.township_a)
    body = _found(township_a, "化工搜索测试")
    assert a.name in body and b.name not in body
    assert a.name in _found(township_a, a.credit_code) and a.name in _found(township_a, a.credit_code[:12].lower())
    county = _found(client_for(world.users.inspector), "化工搜索测试")
    assert a.name in county and b.name in county
    # the outsider of another county finds nothing
    assert "没有找到" in _found(client_for(world.users.outsider), "化工搜索测试")


def test_hazards_cases_and_accidents_are_searched_and_a_voided_record_is_not(world, client_for):
    h = world.sample(Hazard, world.regions.township_a, description="消防通道被搜索测试堵塞")
    c = client_for(world.users.inspector)
    body = _found(c, "搜索测试堵塞")
    assert "消防通道被搜索测试堵塞" in body and "隐患" in body
    assert f'{reverse("hazards:hazard_list")}?q=' in body  # the ledger with the same filter
    void_record(h, actor=world.users.admin, reason="重复登记")
    assert "消防通道被搜索测试堵塞" not in _found(c, "搜索测试堵塞")
    assert {ledger.key for ledger in search.ledgers()} >= {"enterprises", "hazards", "enforcement", "accidents"}


def test_an_enterprise_account_finds_his_own_enterprise_only(world, client_for):
    from yingji.supervision.portal.testing import make_enterprise_user

    ent = make_enterprise_user(world)
    neighbour = world.sample(Enterprise, world.regions.village_a, name="隔壁搜索测试企业")
    Enterprise.objects.filter(pk=world.enterprise.pk).update(name="本企业搜索测试企业")
    body = _found(client_for(ent), "搜索测试企业")
    assert "本企业搜索测试企业" in body and neighbour.name not in body


def test_a_short_query_asks_for_more_and_the_query_is_escaped(world, client_for):
    c = client_for(world.users.inspector)
    assert "请至少输入 2 个字符" in _found(c, "青")
    body = _found(c, "<script>x</script>")
    assert "<script>x</script>" not in body and "&lt;script&gt;" in body


def test_the_search_costs_one_query_per_ledger_whatever_the_hits(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world.users.inspector)
    world.sample(Hazard, world.regions.township_a, description="计数测试隐患")
    with CaptureQueriesContext(connection) as one:
        _found(c, "计数测试")
    for _ in range(12):
        world.sample(Hazard, world.regions.township_a, description="计数测试隐患")
    with django_assert_max_num_queries(len(one)):
        body = _found(c, "计数测试")
    assert body.count("计数测试隐患") == search.ROWS and "更多结果" in body
