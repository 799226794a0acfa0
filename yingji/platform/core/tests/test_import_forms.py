"""Every ledger import validates a row with the edit page's ModelForm (docs/import-format.md), and the row form
adapts it to a ledger without a query per row."""

import datetime
import io
import zoneinfo

import pytest
from django import forms

from yingji.platform.core import imports

# the imports with a form of their own, and why: the Region ledger (docs/import-format.md); the 库存台账, whose row
# is not a record but becomes 入库 movements of the stock ledger (docs/resources.md)
OWN_FORM = {"regions", "resources-stock"}


def test_every_import_but_the_documented_one_validates_with_the_edit_form():
    specs = imports.all_specs()
    assert set(specs) >= {"enterprises", "relief-payments", "inspector-certificates", "calendardays",
                          "critical-quantities"}
    for name, spec in specs.items():
        form = spec.row_form()
        if name in OWN_FORM:
            continue
        assert issubclass(form, forms.BaseModelForm), name
        if spec.edit_form is not None:
            assert issubclass(form, spec.edit_form), name
            assert list(form.base_fields) == [c.field for c in spec.columns], name


def test_a_row_form_is_built_once_and_reads_labels_defaults_and_formats():
    spec = imports.get("calendardays")
    form = spec.row_form()
    assert spec.row_form() is form
    kind = form.base_fields["kind"]
    assert kind.clean("放假") == "holiday" and kind.clean("班") == "workday" and kind.clean("holiday") == "holiday"
    with pytest.raises(forms.ValidationError) as e:
        kind.clean("休假")
    assert "“休假”不是可选值（可选：放假、调休上班）" in e.value.messages[0]
    date = form.base_fields["date"]
    assert str(date.clean("2027.01.02")) == str(date.clean("2027/1/2")) == str(date.clean("20270102")) == "2027-01-02"
    with pytest.raises(forms.ValidationError) as e:
        date.clean("")
    assert e.value.messages == ["“日期”不能为空"]


def test_a_related_record_column_needs_a_resolver():
    from yingji.platform.regions.forms import RegionForm
    from yingji.platform.regions.models import Region

    class Broken(imports.ImportSpec):
        name = "broken"
        model = Region
        edit_form = RegionForm
        columns = [imports.Column("名称", "name"), imports.Column("上级", "parent")]

    with pytest.raises(TypeError, match="resolve_parent"):
        Broken().row_form()


def _outcome(form):
    """What a row's validation decides: its errors, or the record it would insert."""
    if not form.is_valid():
        return {k: [str(m) for m in v] for k, v in form.errors.items()}
    obj = form.save(commit=False)
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields
            if f.attname not in ("created_at", "updated_at")}  # the time the instance was made


def _compare_with_a_form_per_row(spec, user, rows):
    """Every row validated by the shared row form (imports.row_forms), and by the import's validation
    (imports.row_validation: FastClean, or a new form at the row's first error), decides as a form constructed for
    it."""
    prepare = [spec.prepare(user, list(enumerate(rows))) for _i in range(3)]
    form_class = spec.row_form()
    new_form = imports.row_forms(form_class, user, prepare[0])
    validated = imports.row_validation(form_class, user, prepare[2])
    seen = []
    for data in rows:
        shared, own = new_form(dict(data)), form_class(data=dict(data), user=user, ctx=prepare[1])
        fast = validated(dict(data))
        assert _outcome(shared) == _outcome(own) == _outcome(fast), data
        for form in (shared, own, fast):
            if form.is_valid() and hasattr(form, "after_valid"):
                form.after_valid(form.save(commit=False))
        seen.append(shared)
    # each row has a form and a record of its own
    instances = [f.save(commit=False) for f in seen if f.is_valid()]
    assert len({id(o) for o in instances}) == len(instances)
    return seen


def test_the_shared_row_form_decides_every_row_as_a_form_per_row(world):
    from yingji.platform.core.validators import with_check_character

    def credit_code(n):
        return with_check_character(f"92990101{n:09d}")

    spec = imports.get("enterprises")  # through the registry: the platform does not import the domains
    good = {"name": "导入企业", "credit_code": credit_code(801), "address": "工业路",
            "region": world.regions.township_a.code, "sector": "工贸", "subsector": "机械", "size": "",
            "supervising_department": world.orgs.bureau.name, "risk_grade": "橙", "status": "",
            "standardisation_grade": "三级", "insurer": "", "insurance_policy": "", "insurance_expiry": "2027-01-31",
            "principal_name": "张三", "principal_phone": "13800000000", "longitude": "121.1", "latitude": "28.6"}
    rows = [good,
            {**good, "credit_code": "91350100M000100Y44", "region": "331098101000"},  # check digit, scope
            {**good, "credit_code": credit_code(802), "size": "规上", "status": "停产"},  # after a bad row
            {**good, "supervising_department": "不存在的局", "risk_grade": "紫", "insurance_expiry": "2027-13-01"},
            {**good, "credit_code": credit_code(803), "sector": "危险化学品使用", "subsector": ""},
            {**good, "sector": "工贸", "subsector": "", "longitude": "东经", "principal_name": ""},
            {**good, "credit_code": credit_code(804), "region": world.regions.village_a.code}]
    forms_seen = _compare_with_a_form_per_row(spec, world.users.inspector, rows)
    assert [f.is_valid() for f in forms_seen] == [True, False, True, False, True, False, True]
    assert "不在您的管辖范围内" in str(forms_seen[1].errors["region"])
    assert forms_seen[2].save(commit=False).size == "above_scale"
    assert forms_seen[0].save(commit=False).size == forms_seen[4].save(commit=False).size == "small"  # the default


def test_the_shared_region_row_form_decides_every_row_as_a_form_per_row(world):
    spec = imports.get("regions")
    town = world.regions.township_a.code
    rows = [{"code": town[:9] + "230", "name": "新桥村", "parent_code": town},
            {"code": "3310991012", "name": "短码", "parent_code": town},  # bad code
            {"code": town[:9] + "231", "name": "", "parent_code": "331099199000"},  # no name, unknown parent
            {"code": "110101001000", "name": "外省", "parent_code": ""},  # outside the scope
            {"code": town[:9] + "232", "name": "老街社区", "parent_code": town}]
    forms_seen = _compare_with_a_form_per_row(spec, world.users.admin, rows)
    assert [f.is_valid() for f in forms_seen] == [True, False, False, False, True]


def test_insert_new_writes_what_bulk_create_writes_and_sets_the_keys(world):
    from django.db import connection
    from django.forms.models import model_to_dict

    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    county = world.regions.county

    created = datetime.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=datetime.UTC)

    def pair(prefix):
        # a date, an aware datetime and a null date: what PostgreSQL takes as they are (imports._stored_as_is)
        town = Region(code=f"{county.code[:6]}{prefix}000", name="新镇", level=Level.TOWNSHIP, parent=county,
                      valid_from=datetime.date(2020, 1, 2), created_at=created)
        # the village's time in another zone: SQLite stores the text of the UTC time (imports._stored_as_is)
        return [town, Region(code=f"{county.code[:6]}{prefix}201", name="新村", level=Level.VILLAGE, parent=town,
                             created_at=created.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")))]

    ours, django = pair("180"), pair("181")
    imports.insert_new(Region, ours[:1])
    imports.insert_new(Region, ours[1:])  # the child gets its parent's new key, as with bulk_create
    Region.objects.bulk_create(django[:1])
    Region.objects.bulk_create(django[1:])
    assert all(o.pk and not o._state.adding and o._state.db == "default" for o in ours)
    assert ours[1].parent_id == ours[0].pk

    def stored(o):
        row = model_to_dict(Region.objects.get(pk=o.pk))
        return {k: v for k, v in row.items() if k not in ("id", "code", "parent", "created_at", "updated_at")}

    assert [stored(o) for o in ours] == [stored(o) for o in django]
    assert Region.objects.get(pk=ours[1].pk).parent_id == ours[0].pk

    def columns(o):
        return {k: v for k, v in Region.objects.filter(pk=o.pk).values().get().items()
                if k not in ("id", "code", "parent_id", "updated_at")}

    assert [columns(o) for o in ours] == [columns(o) for o in django]
    assert columns(ours[0])["created_at"] == created and columns(ours[0])["valid_from"] == datetime.date(2020, 1, 2)

    def raw(o):  # what the database holds (on SQLite: the text Django wrote)
        with connection.cursor() as cursor:
            cursor.execute("SELECT created_at, valid_from, valid_to, voided_at FROM regions_region WHERE id = %s",
                           [o.pk])
            return cursor.fetchone()

    assert [raw(o) for o in ours] == [raw(o) for o in django]
    # updated_at (auto_now) is the time of the insert: the same kind of value as bulk_create writes
    assert {type(r.updated_at) for r in Region.objects.filter(pk__in=[o.pk for o in ours + django])} \
        == {datetime.datetime}


def test_insert_new_checks_related_records_as_bulk_create_does(world):
    """The related-record check of each row (imports._related_check) decides as Django's
    _prepare_related_fields_for_save: an unsaved related record is refused with Django's error and nothing is
    written; a key column changed after the record was set keeps the column's key (the cached record is dropped)."""
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    county = world.regions.county
    unsaved = Region(code=f"{county.code[:6]}196000", name="未存镇", level=Level.TOWNSHIP, parent=county)
    village = Region(code=f"{county.code[:6]}196201", name="孤村", level=Level.VILLAGE, parent=unsaved)
    with pytest.raises(ValueError, match="bulk_create\\(\\) prohibited to prevent data loss due to unsaved related "
                                         "object 'parent'"):
        imports.insert_new(Region, [village])
    assert not Region.objects.filter(code=village.code).exists()

    other = Region.objects.filter(level=Level.TOWNSHIP).exclude(pk=county.pk).first()
    moved = Region(code=f"{other.code[:9]}297", name="迁村", level=Level.VILLAGE, parent=county)
    moved.parent_id = other.pk  # the column changed after the record was set
    imports.insert_new(Region, [moved])
    assert Region.objects.get(pk=moved.pk).parent_id == other.pk
    assert moved.parent == other


def test_insert_new_sends_rows_with_an_expression_through_bulk_create(world):
    """A value to compile met half-way (on PostgreSQL in the middle of the COPY): nothing of the first rows stays,
    every row goes in through bulk_create, each once."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    county = world.regions.county
    towns = [Region(code=f"{county.code[:6]}{n}000", name=f"镇{n}", level=Level.TOWNSHIP, parent=county)
             for n in range(190, 195)]
    towns[3].name = Concat(Value("表达式"), Value("镇"))
    imports.insert_new(Region, towns)
    assert all(o.pk for o in towns)
    stored = Region.objects.filter(code__in=[o.code for o in towns]).order_by("code")
    assert [r.name for r in stored] == ["镇190", "镇191", "镇192", "表达式镇", "镇194"]


def test_only_forms_that_say_so_are_shared_between_rows():
    shared = {name for name, spec in imports.all_specs().items()
              if getattr(spec.row_form(), "one_form_per_import", False)}
    assert {"enterprises", "regions", "calendardays"} <= shared
    # the rule tables' form reads the row's cells in its __init__: constructed per row
    assert not any(name.startswith("rules-") for name in shared)


def test_values_cleaned_once_per_import_decide_every_row_as_a_form_per_row(world):
    """The shared row form cleans each distinct value of a column once (imports.ValueMemo) and builds the instance
    from a per-import plan: rows repeating good and bad values, in every order, decide and read as a form
    constructed for each row, which runs Django's own field and model cleaning."""
    from yingji.platform.core.validators import with_check_character

    spec = imports.get("enterprises")
    base = {"name": "导入企业", "address": "工业路", "region": world.regions.township_a.code, "sector": "工贸",
            "subsector": "机械", "size": "", "supervising_department": world.orgs.bureau.name, "risk_grade": "橙",
            "status": "", "standardisation_grade": "三级", "insurer": "", "insurance_policy": "",
            "insurance_expiry": "2027-01-31", "principal_name": "张三", "principal_phone": "13800000000",
            "longitude": "121.1", "latitude": "28.6"}
    variants = [{}, {"risk_grade": "紫"}, {"insurance_expiry": "2027-13-01"}, {"longitude": "东经"},
                {"longitude": "200"}, {"principal_phone": "123"}, {"sector": "危险化学品使用"},
                {"sector": "危险化学品使用", "subsector": ""}, {"name": "名" * 151}, {"filed_on": "2999-01-01"},
                {"longitude": "121.1000001"}, {"longitude": "121.10"}, {"insurance_policy": "P1"},
                {"size": "规上", "status": "停产"}, {"region": "331098101000"}, {"standardisation_grade": "四级"},
                {"name": "带\x0b控制符\x1b的企业"}]
    rows = []
    for i in range(3 * len(variants)):  # each variant three times, in a different order each round
        variant = variants[(i * 7) % len(variants)]
        rows.append({**base, "credit_code": with_check_character(f"92990101{900 + i:09d}"), **variant})
    rows.append({**base, "credit_code": "91350100M000100Y44"})  # a bad check character
    forms_seen = _compare_with_a_form_per_row(spec, world.users.inspector, rows)
    valid = [f.is_valid() for f in forms_seen]
    assert any(valid) and not all(valid)

    cq = imports.get("critical-quantities")
    good = {"name": "二硫化碳", "aliases": "", "cas_no": "75-15-0", "critical_quantity": "50", "beta": "",
            "standard": "", "valid_from": "2019-03-01", "valid_to": ""}
    rows = [good, {**good, "critical_quantity": "0"}, {**good, "critical_quantity": "50.0"}, good,
            {**good, "critical_quantity": "1.0005"}, {**good, "beta": "1.5"}, {**good, "cas_no": "75-15-1"},
            {**good, "critical_quantity": "0"}, {**good, "valid_to": "2018-01-01"}, {**good, "beta": "1.50"},
            {**good, "critical_quantity": "1.0005"}, {**good, "critical_quantity": "50.0"}]
    forms_seen = _compare_with_a_form_per_row(cq, world.users.admin, [dict(r) for r in rows])
    assert [f.is_valid() for f in forms_seen] == [True, False, True, True, False, True, False, False, False, True,
                                                  False, True]


def _run_both_ways(spec, user, rows, monkeypatch):
    """The ledger imported by imports.run as it is and with every row validated by a form constructed for it
    (Django's own full_clean, nothing shared between rows): (result, records, audit rows) of each, rolled back."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.core import excel

    def form_per_row(form_class, user, ctx, rows=None):
        def validated(data):
            form = form_class(data=dict(data), user=user, ctx=ctx)
            form.full_clean()
            return form

        return validated

    model = spec.model
    skip = {"id", "created_at", "updated_at"}
    content = excel.write_xlsx([str(c.header) for c in spec.columns], [[r.get(c.field, "") for c in spec.columns]
                                                                       for r in rows])
    outcomes = []
    for way in ("import", "form per row"):
        with monkeypatch.context() as m, transaction.atomic():
            if way == "form per row":
                m.setattr(imports, "row_validation", form_per_row)
            before = set(model._base_manager.values_list("pk", flat=True))
            result = imports.run(spec, io.BytesIO(content), "ledger.xlsx", user)
            new = model._base_manager.exclude(pk__in=before).order_by("pk")
            records = [{k: v for k, v in row.items() if k not in skip} for row in new.values()]
            audit = [({k: v for k, v in c.postchange.items() if k not in skip}, c.changed_fields, c.object_repr,
                      c.region_id, c.source, c.message)
                     for c in ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                                          object_id__in=[r.pk for r in new]).order_by("pk")]
            outcomes.append(((result.ok, result.total, result.created, result.error_count, result.errors),
                             records, audit))
            transaction.set_rollback(True)
    return outcomes


def test_a_whole_import_decides_and_writes_as_a_form_per_row(world, monkeypatch):
    """imports.run (FastClean for valid rows, a new form for a row with an error, instances copied from one,
    values cleaned once) refuses the same rows with the same errors in the same order, and writes the same
    records and audit rows, as an import validating each row with a form constructed for it."""
    from yingji.platform.core.validators import with_check_character

    spec = imports.get("enterprises")
    base = {"name": "导入企业", "address": "工业路", "region": world.regions.township_a.code, "sector": "工贸",
            "subsector": "机械", "size": "", "supervising_department": world.orgs.bureau.name, "risk_grade": "橙",
            "status": "", "standardisation_grade": "三级", "insurer": "", "insurance_policy": "",
            "insurance_expiry": "2027-01-31", "principal_name": "张三", "principal_phone": "13800000000",
            "longitude": "121.1", "latitude": "28.6", "filed_on": ""}
    good = [{}, {"sector": "危险化学品使用", "subsector": ""}, {"size": "规上", "status": "停产"},
            {"region": world.regions.village_a.code, "filed_on": "2019.05.20"}, {"longitude": "", "latitude": ""},
            {"insurer": "人保", "insurance_policy": "P1"}, {"name": "  带空格的企业  "}, {"risk_grade": "A"},
            {"credit_code_case": True}, {"name": "名" * 150, "address": "址" * 200}]  # the longest allowed
    bad = [{"risk_grade": "紫"}, {"insurance_expiry": "2027-13-01"}, {"longitude": "东经"}, {"longitude": "200"},
           {"principal_phone": "123"}, {"sector": "工贸", "subsector": ""}, {"name": "名" * 151},
           {"filed_on": "2999-01-01"}, {"insurance_policy": "P1"}, {"region": "331098101000"},
           {"supervising_department": "不存在的局"}, {"standardisation_grade": "四级"}, {"principal_name": ""},
           {"address": "址" * 201}, {"principal_name": "人" * 61},
           {"credit_code": "91350100M000100Y44"}, {"credit_code": "9199"}, {"credit_code": "ＩＯ"},
           {"latitude": ""}, {"duplicate": True}]

    def rows_of(variants, first):
        rows = []
        for i in range(3 * len(variants)):  # each variant three times, in a different order each round
            variant = dict(variants[(i * 7) % len(variants)])
            code = with_check_character(f"92990101{first + i:09d}")
            if variant.pop("credit_code_case", False):
                code = " " + code.lower() + " "
            if variant.pop("duplicate", False):
                code = rows[0]["credit_code"]
            rows.append({**base, "credit_code": code, **variant})
        return rows

    user = world.users.inspector
    fast_rows = []
    fast_clean = imports.FastClean.__call__
    monkeypatch.setattr(imports.FastClean, "__call__", lambda self, form: fast_rows.append(fast_clean(self, form))
                        or fast_rows[-1])
    # a valid ledger: the same records and audit rows
    ours, theirs = _run_both_ways(spec, user, rows_of(good, 1000), monkeypatch)
    assert ours[0][0] and ours[0][2] == 3 * len(good)
    assert fast_rows == [True] * 3 * len(good)  # every row of it validated by FastClean
    assert ours == theirs
    # good and bad rows mixed: nothing written, the same errors in the same order
    ours, theirs = _run_both_ways(spec, user, rows_of(good + bad, 2000), monkeypatch)
    assert not ours[0][0] and ours[0][3] >= 3 * len(bad) - 1 and not ours[1]
    assert ours == theirs
    assert True in fast_rows and False in fast_rows
