"""The enterprise picker: its scoped search endpoint, and forms that no longer list every enterprise in scope."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core.services import void_record
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.testing import credit_code
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.portal.testing import make_enterprise_user

pytestmark = pytest.mark.django_db
SEARCH = reverse("enterprises:enterprise_search")
TODAY = timezone.localdate()


def search(client, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def labels(data):
    return [row["label"] for row in data["results"]]


def many(world, n, region=None, prefix="批量企业"):
    """n enterprises in one INSERT (the audit trail is not what is tested here)."""
    region = region or world.regions.township_a
    start = Enterprise.objects.count() + 500000
    Enterprise.objects.bulk_create([
        Enterprise(name=f"{prefix}{i:04d}有限公司", credit_code=credit_code(start + i), address="工业路",
                   region=region, sector="hazchem_use", principal_name="张三", principal_phone="13912345678",
                   supervising_department=world.orgs.bureau) for i in range(n)])


def test_search_by_name_and_credit_code_prefix_in_scope(world, client_for):
    mine = world.sample(Enterprise, world.regions.village_a, name="青石化工有限公司")
    world.sample(Enterprise, world.regions.township_b, name="白水化工有限公司")
    world.sample(Enterprise, world.regions.other_township, name="外县化工有限公司")
    township = client_for(world.users.township_a)
    data = search(township, "化工")
    assert data == {"results": [{"id": mine.pk, "label": f"青石化工有限公司（{mine.credit_code}）"}], "more": False}
    # the county sees both of its townships, never the other county
    assert labels(search(client_for(world.users.admin), "化工")) == [
        f"白水化工有限公司（{Enterprise.objects.get(name='白水化工有限公司').credit_code}）",
        f"青石化工有限公司（{mine.credit_code}）"]
    # a prefix of the credit code, typed in lower case
    assert [r["id"] for r in search(township, mine.credit_code[:10].lower())["results"]] == [mine.pk]
    # a piece from the middle of a code is no match (codes are searched by prefix)
    assert search(township, mine.credit_code[8:14])["results"] == []


def test_department_and_enterprise_users_see_only_theirs(world, client_for):
    housing = world.sample(Enterprise, name="住建监管的建材企业", supervising_department=world.orgs.housing)
    world.sample(Enterprise, name="应急局监管的建材企业")
    assert [r["id"] for r in search(client_for(world.users.department), "建材")["results"]] == [housing.pk]
    ent_user = make_enterprise_user(world)
    world.sample(Enterprise, world.regions.village_a, name="同村的邻居企业")
    own = world.enterprise
    assert [r["id"] for r in search(client_for(ent_user), own.name[:4])["results"]] == [own.pk]
    assert search(client_for(ent_user), "邻居")["results"] == []


def test_short_odd_and_hostile_terms_answer_empty_never_500(world, client_for):
    world.sample(Enterprise, name="青石化工有限公司")
    c = client_for(world.users.admin)
    for q in ["", " ", "化", "\x00\x00", "%", "_", "'; drop table x; --", "化" * 5000]:
        response = c.get(SEARCH, {"q": q})
        assert response.status_code == 200, q
        assert response.json()["results"] == [], q
    assert labels(search(c, " 化工\x00 "))  # trimmed, NUL removed: still found
    assert c.post(SEARCH, {"q": "化工"}).status_code == 405
    response = c.get(SEARCH, {"q": "化工"})
    assert "no-store" in response["Cache-Control"]


def test_ordering_limit_and_no_personal_data(world, client_for):
    many(world, 30, prefix="远山物流")
    starts = world.sample(Enterprise, name="物流远山有限公司")
    c = client_for(world.users.admin)
    data = search(c, "物流")
    assert len(data["results"]) == 20 and data["more"] is True
    assert data["results"][0]["id"] == starts.pk  # a name that starts with the term comes first
    assert labels(data)[1:] == sorted(labels(data)[1:])
    exact = Enterprise.objects.filter(name__startswith="远山物流").last()
    assert search(c, exact.credit_code)["results"][0]["id"] == exact.pk  # the exact code first
    body = c.get(SEARCH, {"q": "物流"}).content.decode()
    assert "13912345678" not in body and "张三" not in body
    assert all(set(row) == {"id", "label"} for row in data["results"])


def test_voided_enterprises_are_not_offered(world, client_for):
    e = world.sample(Enterprise, name="已注销的化工企业")
    void_record(e, actor=world.users.admin, reason="注销")
    assert search(client_for(world.users.admin), "化工")["results"] == []


def test_without_the_permission_403_and_anonymous_to_login(world, client_for, client):
    assert client_for(world.users.nobody).get(SEARCH, {"q": "化工"}).status_code == 403
    response = client.get(SEARCH, {"q": "化工"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["admin", "township_a", "department"])
def test_search_query_count_does_not_grow(world, client_for, django_assert_num_queries, persona):
    c = client_for(getattr(world.users, persona))
    many(world, 3)
    search(c, "批量")  # warm the session and the permission cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        search(c, "批量")
    many(world, 200, prefix="批量新增")
    with django_assert_num_queries(len(few)):
        search(c, "批量")
    assert len(few) <= 8


# --- forms: only the chosen option is rendered ------------------------------------------------------------------

def options(html, name="enterprise"):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)), select.group(0)


def test_new_hazard_page_does_not_grow_with_the_enterprises_in_scope(world, client_for):
    c = client_for(world.users.admin)
    url = reverse("hazards:hazard_add")
    world.sample(Enterprise)
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        small = c.get(url).content.decode()
    many(world, 300)
    with CaptureQueriesContext(connection) as after:
        large = c.get(url).content.decode()
    assert len(after) == len(before)
    assert abs(len(large) - len(small)) < 200  # the CSRF token varies; 300 options would be ~20 kB
    opts, select = options(large)
    assert opts == [("", "")]
    assert "批量企业" not in large
    assert 'data-yj-picker="search"' in select and f'data-url="{SEARCH}"' in select


@pytest.mark.parametrize("url_name", ["inspections:inspection_add", "enforcement:enforcementcase_add",
                                      "enforcement:measure_add", "accidents:accident_add", "tipoffs:tipoff_add",
                                      "enterprises:keyperson_add", "enterprises:majorhazardsource_add",
                                      "portal:enterpriseaccount_add"])
def test_other_forms_with_an_enterprise_render_the_picker(world, client_for, url_name):
    many(world, 50)
    html = client_for(world.users.admin).get(reverse(url_name)).content.decode()
    opts, select = options(html)
    assert opts == [("", "")] and 'data-yj-picker="search"' in select
    assert "批量企业" not in html


def test_campaign_form_picks_many_enterprises(world, client_for):
    chosen = world.sample(Enterprise, name="纳入专项的企业")
    many(world, 50)
    html = client_for(world.users.admin).get(reverse("campaigns:campaign_add")).content.decode()
    opts, select = options(html, "enterprises")
    assert opts == [] and "multiple" in select and "批量企业" not in html
    from yingji.supervision.campaigns.forms import CampaignForm

    form = CampaignForm(data={"enterprises": [chosen.pk]}, user=world.users.admin)
    opts, _ = options(str(form["enterprises"]), "enterprises")
    assert opts == [(str(chosen.pk), f"纳入专项的企业（{chosen.credit_code}）")]


def hazard_data(enterprise_id, **kw):
    return {"enterprise": enterprise_id, "description": "消防通道堵塞", "category": "fire", "level": "general",
            "source": "department", "found_on": str(TODAY), **kw}


def test_edit_and_redisplay_show_the_chosen_enterprise(world, client_for):
    e = world.sample(Enterprise, name="青石化工有限公司")
    c = client_for(world.users.inspector)
    # a validation error elsewhere: the chosen enterprise is still shown
    bad = hazard_data(e.pk, deadline=str(TODAY - datetime.timedelta(days=1)))
    response = c.post(reverse("hazards:hazard_add"), bad)
    assert response.status_code == 400
    opts, _ = options(response.content.decode())
    assert (str(e.pk), f"青石化工有限公司（{e.credit_code}）") in opts
    assert 'selected' in re.search(rf'<option value="{e.pk}"[^>]*>', response.content.decode()).group(0)
    assert c.post(reverse("hazards:hazard_add"), hazard_data(e.pk)).status_code == 302
    hazard = Hazard.objects.get()
    opts, _ = options(c.get(reverse("hazards:hazard_edit", args=[hazard.pk])).content.decode())
    assert opts == [("", ""), (str(e.pk), f"青石化工有限公司（{e.credit_code}）")]


@pytest.mark.parametrize("where", ["other_county", "other_township", "nonsense"])
def test_an_enterprise_outside_the_scope_is_the_forms_chinese_error(world, client_for, where):
    if where == "nonsense":
        value, name = "abc", None
    else:
        region = world.regions.other_township if where == "other_county" else world.regions.township_b
        foreign = world.sample(Enterprise, region, name="管辖范围外的企业")
        value, name = foreign.pk, foreign.name
    user = world.users.township_a if where == "other_township" else world.users.inspector
    response = client_for(user).post(reverse("hazards:hazard_add"), hazard_data(value))
    assert response.status_code == 400
    html = response.content.decode()
    assert "所选企业不存在或不在您的管辖范围内" in html
    assert name is None or name not in html  # not even as the redisplayed choice
    assert not Hazard.objects.exists()


def test_filter_shows_the_chosen_enterprise_only_if_in_scope(world, client_for):
    e = world.sample(Enterprise, name="青石化工有限公司")
    foreign = world.sample(Enterprise, world.regions.other_township, name="外县化工有限公司")
    many(world, 50)
    c = client_for(world.users.admin)
    html = c.get(reverse("hazards:hazard_list"), {"enterprise": e.pk}).content.decode()
    opts, select = options(html)
    assert opts == [("", ""), (str(e.pk), f"青石化工有限公司（{e.credit_code}）")]
    assert "批量企业" not in html
    html = c.get(reverse("hazards:hazard_list"), {"enterprise": foreign.pk}).content.decode()
    assert options(html)[0] == [("", "")] and "外县化工有限公司" not in html
    for url_name in ("inspections:inspection_list", "enterprises:keyperson_list",
                     "enterprises:majorhazardsource_list", "enforcement:enforcementcase_list",
                     "enforcement:measure_list", "enforcement:penalty_list", "enterprises:hazardchemical_list"):
        opts, _ = options(c.get(reverse(url_name), {"enterprise": e.pk}).content.decode())
        assert opts == [("", ""), (str(e.pk), f"青石化工有限公司（{e.credit_code}）")], url_name


def test_tipoff_convert_form_uses_the_picker(world):
    from yingji.supervision.tipoffs.forms import ConvertForm

    e = world.sample(Enterprise, name="被举报的企业")
    foreign = world.sample(Enterprise, world.regions.other_township)
    form = ConvertForm(data={"enterprise": foreign.pk, "category": "fire"}, user=world.users.admin)
    assert not form.is_valid() and "所选企业不存在或不在您的管辖范围内" in str(form.errors["enterprise"])
    form = ConvertForm(data={"enterprise": e.pk, "category": "fire"}, user=world.users.admin)
    assert form.is_valid(), form.errors
    assert 'data-yj-picker="search"' in str(form["enterprise"])
