"""Region codes (统计用区划代码), the subtree range query and validity dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.platform.regions import codes
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


@pytest.mark.parametrize("raw, stored", [
    ("33", "330000000000"),
    ("3310", "331000000000"),
    ("331099", "331099000000"),
    ("331099101", "331099101000"),
    ("331099101201", "331099101201"),
    (" 331099 ", "331099000000"),
    ("331099101000.0", "331099101000"),  # an Excel number cell read as text
    (331099, "331099000000"),
    ("３３１０９９", "331099000000"),  # full-width digits typed with a Chinese input method
])
def test_normalize_pads_to_twelve_digits(raw, stored):
    assert codes.normalize(raw) == stored


@pytest.mark.parametrize("raw", ["", None, "3", "331", "33109", "3310991010", "3310991010001", "33a099",
                                 "-33109", "331099 101", "²³¹⁰⁹⁹", "٣٣١٠٩٩"])
def test_normalize_refuses_bad_codes_in_chinese(raw):
    with pytest.raises(ValidationError) as e:
        codes.normalize(raw)
    assert "区划代码应为" in e.value.messages[0]


@pytest.mark.parametrize("code, level", [
    ("330000000000", Level.PROVINCE), ("331000000000", Level.CITY), ("331099000000", Level.COUNTY),
    ("331099101000", Level.TOWNSHIP), ("331099101201", Level.VILLAGE),
    # 省直辖县级行政区划: the city segment is 90, the county is a county all the same
    ("429000000000", Level.CITY), ("429004000000", Level.COUNTY), ("429004001000", Level.TOWNSHIP),
    ("469001100001", Level.VILLAGE),
])
def test_level_of(code, level):
    assert codes.level_of(code) == level


def test_validate_level_must_match_code():
    with pytest.raises(ValidationError) as e:
        codes.validate("331099101000", Level.COUNTY, None)
    assert "级别与区划代码不符" in e.value.message_dict["level"][0]
    assert "乡级" in e.value.message_dict["level"][0]


def test_validate_code_must_start_with_parent_prefix():
    county = Region(code="331099000000", level=Level.COUNTY)
    codes.validate("331099101000", Level.TOWNSHIP, county)
    with pytest.raises(ValidationError) as e:
        codes.validate("331098101000", Level.TOWNSHIP, county)
    assert "不以上级代码前缀 331099 开头" in e.value.message_dict["parent"][0]


def test_validate_parent_must_be_higher_and_required_below_province():
    township = Region(code="331099101000", level=Level.TOWNSHIP)
    with pytest.raises(ValidationError) as e:
        codes.validate("331099102000", Level.TOWNSHIP, township)
    assert "上级区划的级别必须高于本级" in e.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as e:
        codes.validate("331099000000", Level.COUNTY, None)
    assert "除省级外必须填写上级区划" in e.value.message_dict["parent"][0]
    codes.validate("330000000000", Level.PROVINCE, None)


def test_province_administered_county_under_province_or_its_90_aggregate_code():
    province = Region(code="420000000000", level=Level.PROVINCE)
    aggregate = Region(code="429000000000", level=Level.CITY)
    codes.validate("429004000000", Level.COUNTY, province)  # 仙桃市 directly under 湖北省
    codes.validate("429004000000", Level.COUNTY, aggregate)  # or under 省直辖县级行政区划
    codes.validate("429004001000", Level.TOWNSHIP, Region(code="429004000000", level=Level.COUNTY))
    with pytest.raises(ValidationError):
        codes.validate("429004000000", Level.COUNTY, Region(code="421000000000", level=Level.CITY))


def test_subtree_bounds():
    # the upper bound runs to 15 digits, so the grids (网格) under a village sort inside every ancestor's range
    assert codes.subtree_bounds("331099000000", Level.COUNTY) == ("331099000000", "331099999999999")
    assert codes.subtree_bounds("331099101000", Level.TOWNSHIP) == ("331099101000", "331099101999999")
    assert codes.subtree_bounds("429004000000", Level.COUNTY) == ("429004000000", "429004999999999")
    assert codes.subtree_bounds("331099101201", Level.VILLAGE) == ("331099101201", "331099101201999")
    assert codes.subtree_bounds("331099101201002", Level.GRID) == ("331099101201002", "331099101201002")
    lo, hi = codes.subtree_bounds("331099101201", Level.VILLAGE)
    assert lo <= "331099101201002" <= hi and not lo <= "331099101202001" <= hi


def test_grid_codes():
    assert codes.normalize("331099101201002") == "331099101201002"
    assert codes.level_of("331099101201002") == Level.GRID
    village = Region(code="331099101201", level=Level.VILLAGE)
    codes.validate("331099101201002", Level.GRID, village)
    with pytest.raises(ValidationError, match="网格序号"):
        codes.validate("331099101201000", Level.GRID, village)
    with pytest.raises(ValidationError, match="上级区划必须是村"):
        codes.validate("331099101201002", Level.GRID, Region(code="331099101000", level=Level.TOWNSHIP))
    with pytest.raises(ValidationError, match="不以上级代码前缀"):
        codes.validate("331099101202002", Level.GRID, village)


@pytest.mark.django_db
def test_model_clean_normalizes_and_validates(world):
    r = Region(code="331099103", name="新镇", level=Level.TOWNSHIP, parent=world.regions.county)
    r.full_clean()
    assert r.code == "331099103000"
    bad = Region(code="331098103", name="错镇", level=Level.TOWNSHIP, parent=world.regions.county)
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert "parent" in e.value.message_dict
    bad = Region(code="33109910x", name="错镇", level=Level.TOWNSHIP, parent=world.regions.county)
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert "code" in e.value.message_dict


@pytest.mark.django_db
def test_subtree_is_one_range_query(world):
    r = world.regions
    with CaptureQueriesContext(connection) as ctx:
        codes_found = sorted(Region.objects.subtree(r.county).values_list("code", flat=True))
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert "331099000000" in sql and "331099999999" in sql
    assert ">=" in sql and "<=" in sql and "LIKE" not in sql.upper()
    assert codes_found == ["331099000000", "331099101000", "331099101201", "331099102000", "331099102201"]
    assert set(Region.objects.subtree(r.township_a).values_list("code", flat=True)) == {
        "331099101000", "331099101201"}
    assert r.other_township.code not in set(Region.objects.subtree(r.county).values_list("code", flat=True))


@pytest.mark.django_db
def test_restrict_is_one_query_and_scoped(world, django_assert_num_queries):
    from yingji.platform.accounts.backends import UserBackend

    user = UserBackend().get_user(world.users.township_a.pk)  # loaded as a request loads it (its relations with it)
    user.has_perm("regions.view_region")  # warm the permission cache
    with django_assert_num_queries(1) as ctx:
        found = {x.code for x in Region.objects.restrict(user)}
    assert "331099101" in ctx.captured_queries[0]["sql"]
    assert found == {"331099101000", "331099101201"}
    assert not Region.objects.restrict(world.users.outsider).filter(pk=world.regions.county.pk).exists()


@pytest.mark.django_db
def test_ancestors_and_is_within(world):
    r = world.regions
    assert [a.code for a in r.village_a.ancestors()] == ["330000000000", "331000000000", "331099000000",
                                                         "331099101000"]
    assert r.village_a.is_within(r.county) and r.village_a.is_within(r.village_a)
    assert not r.village_a.is_within(r.township_b)
    assert not r.county.is_within(r.township_a)


@pytest.mark.django_db
def test_validity_dates(world):
    r = world.regions
    today = datetime.date(2026, 6, 1)
    old = Region.objects.create(code="331099103000", name="旧镇", level=Level.TOWNSHIP, parent=r.county,
                                valid_to=datetime.date(2025, 12, 31), successor=r.township_a)
    new = Region.objects.create(code="331099104000", name="新镇", level=Level.TOWNSHIP, parent=r.county,
                                valid_from=datetime.date(2027, 1, 1))
    current = set(Region.objects.current(today).values_list("pk", flat=True))
    assert old.pk not in current and new.pk not in current and r.township_a.pk in current
    assert old.pk in set(Region.objects.current(datetime.date(2025, 12, 31)).values_list("pk", flat=True))
    assert new.pk in set(Region.objects.current(datetime.date(2027, 1, 1)).values_list("pk", flat=True))
    bad = Region(code="331099105000", name="倒置", level=Level.TOWNSHIP, parent=r.county,
                 valid_from=datetime.date(2026, 1, 2), valid_to=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as e:
        bad.full_clean()
    assert "停用日期不能早于启用日期" in e.value.message_dict["valid_to"][0]


@pytest.mark.django_db
def test_web_forms_cannot_put_a_record_out_of_reach(world, client_for):
    from yingji.platform.audit.models import ObjectChange

    r = world.regions
    admin = client_for(world.users.admin)
    regions, changes = Region.objects.count(), ObjectChange.objects.count()
    # a province: valid by itself, but outside the county administrator's reach; rolled back, audit row too
    response = admin.post("/regions/add/", {"code": "44", "name": "广东省", "level": Level.PROVINCE})
    assert response.status_code == 400 and "不能将记录保存到您的管辖范围之外" in response.content.decode()
    # a township of another county: its parent is not among his choices
    response = admin.post("/regions/add/", {"code": "331098109", "name": "外县镇", "level": Level.TOWNSHIP,
                                            "parent": r.other_county.pk})
    assert response.status_code == 400
    response = admin.post(f"/regions/{r.township_a.pk}/edit/", {
        "code": "331098101", "name": "青石镇", "level": Level.TOWNSHIP, "parent": r.other_county.pk})
    assert response.status_code == 400
    assert Region.objects.count() == regions and ObjectChange.objects.count() == changes
    assert Region.objects.get(pk=r.township_a.pk).code == "331099101000"
    # a township officer given the rights still cannot create in the next township
    from django.contrib.auth.models import Permission

    officer = world.users.township_a
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["add_region", "change_region"]))
    response = client_for(officer).post("/regions/add/", {"code": "331099102301", "name": "外镇新村",
                                                           "level": Level.VILLAGE, "parent": r.township_b.pk})
    assert response.status_code == 400
    assert client_for(officer).get(f"/regions/{r.village_b.pk}/edit/").status_code == 404
    assert not Region.objects.filter(code="331099102301").exists()
