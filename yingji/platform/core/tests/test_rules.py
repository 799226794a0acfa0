"""系统管理 → 规则配置: the generic pages and import of every registered rule table.

The tables are taken from the registry (yingji.platform.core.rules), never imported from a domain, so each new rule
table is covered by these tests without a line here.
"""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core import excel, imports, rules
from yingji.platform.core.rules_forms import cell_text, form_for, import_name

pytestmark = pytest.mark.django_db

TABLES = rules.tables()


def _changes(row):
    ct = ContentType.objects.get_for_model(type(row))
    return ObjectChange.objects.filter(content_type=ct, object_id=row.pk).order_by("pk")


def _post_data(row, **changes):
    """The edit form's POST of `row` as it stands, with `changes`."""
    form = form_for(type(row))(instance=row, user=None)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name == "region":
            value = row.region.code if row.region_id else ""
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data.update(changes)
    return data


def test_every_rule_table_is_registered_with_its_basis_and_validity():
    assert len(TABLES) >= 6
    for model in TABLES:
        names = {f.name for f in model._meta.concrete_fields}
        assert {"legal_basis", "region", "valid_from", "valid_to", "voided_at"} <= names, model
        assert imports.get(import_name(model)) is not None


def test_the_index_lists_the_tables_the_user_may_read(world, client_for):
    response = client_for(world.users.admin).get(reverse("rules:index"))
    assert response.status_code == 200
    for model in TABLES:
        assert str(model._meta.verbose_name_plural) in response.content.decode()
    assert client_for(world.users.nobody).get(reverse("rules:index")).status_code == 403


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m._meta.model_name)
def test_the_administrator_edits_a_row_and_the_change_is_audited_with_him(model, world, client_for):
    row = world.sample(model)
    response = client_for(world.users.admin).post(
        reverse(f"rules:{model._meta.model_name}_edit", args=[row.pk]),
        _post_data(row, legal_basis="某省实施办法第五条", region=world.regions.province.code))
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.legal_basis == "某省实施办法第五条" and row.region == world.regions.province
    change = _changes(row).last()
    assert change.action == ObjectChange.Action.UPDATE and change.user == world.users.admin
    assert change.prechange["legal_basis"] == "样例依据" and change.postchange["region_id"] == world.regions.province.pk


def test_the_edit_page_offers_the_users_province_city_and_county_and_shows_the_rows_region(world, client_for):
    model = TABLES[0]
    row = world.sample(model)
    row.region = world.regions.city
    row.save()
    html = client_for(world.users.admin).get(reverse(f"rules:{model._meta.model_name}_edit", args=[row.pk]))
    html = html.content.decode()
    assert f'<option value="{world.regions.city.code}" selected>' in html
    for region in (world.regions.province, world.regions.county):
        assert f'<option value="{region.code}">' in html
    assert world.regions.other_county.code not in html and world.regions.township_a.code not in html


def test_a_row_is_voided_not_deleted_and_the_void_is_audited(world, client_for):
    model = TABLES[0]
    row = world.sample(model)
    url = reverse(f"rules:{model._meta.model_name}_void", args=[row.pk])
    assert client_for(world.users.admin).post(url, {"reason": "依据已废止"}).status_code == 302
    row.refresh_from_db()
    assert row.voided_at is not None
    assert _changes(row).last().action == ObjectChange.Action.VOID
    assert model.objects.rule_for(datetime.date(2099, 6, 1), None, pk=row.pk) is None


def test_others_are_refused_and_nothing_is_written(world, client_for):
    model = TABLES[0]
    row = world.sample(model)
    name = model._meta.model_name
    before = (model.objects.count(), ObjectChange.objects.count())
    for user in (world.users.inspector, world.users.township_a, world.users.leader):
        client = client_for(user)
        assert client.get(reverse(f"rules:{name}_add")).status_code == 403
        assert client.post(reverse(f"rules:{name}_edit", args=[row.pk]),
                           _post_data(row, legal_basis="改")).status_code == 403
        assert client.post(reverse(f"rules:{name}_void", args=[row.pk]), {"reason": "x"}).status_code == 403
        assert client.get(reverse("core:import", args=[import_name(model)])).status_code == 403
    assert (model.objects.count(), ObjectChange.objects.count()) == before
    row.refresh_from_db()
    assert row.legal_basis == "样例依据" and row.voided_at is None


def _sheet(spec, rows):
    return io.BytesIO(excel.write_xlsx([c.header for c in spec.columns], rows))


def _upload(client, spec, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yingji.platform.core.models import ImportJob

    content = excel.write_xlsx([c.header for c in spec.columns], rows)
    response = client.post(reverse("core:import", args=[spec.name]), {"file": SimpleUploadedFile("r.xlsx", content)})
    assert response.status_code == 302
    return ImportJob.objects.order_by("-pk").first()


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m._meta.model_name)
def test_a_province_override_is_an_import(model, world, client_for):
    """The template's example row (a row as its cells read) comes back in with a province and a date."""
    spec = imports.get(import_name(model))
    example = world.sample(model)
    cells = {c.field: cell_text(example, c.field) for c in spec.columns}
    cells.update(region=world.regions.province.code[:2], valid_from="2030-01-01", legal_basis="浙江省实施办法")
    before = model.objects.count()
    job = _upload(client_for(world.users.admin), spec, [[cells[c.field] for c in spec.columns]])
    assert job.status == job.Status.DONE, job.errors
    row = model.objects.order_by("-pk").first()
    assert model.objects.count() == before + 1
    assert row.region == world.regions.province and row.valid_from == datetime.date(2030, 1, 1)
    assert row.key_values()[:-2] == example.key_values()[:-2]
    assert _changes(row).get().user_id == world.users.admin.pk
    day = datetime.date(2030, 6, 1)
    key = {n: getattr(row, n) for n in model.rule_key if not isinstance(getattr(row, n), list)}
    assert model.objects.rule_for(day, world.regions.township_a, narrow=(getattr(row, model.narrowing_field)[0]
                                  if model.narrowing_field and getattr(row, model.narrowing_field) else None),
                                  **key) == row
    # the same file again: the row exists, nothing is written
    again = imports.run(spec, _sheet(spec, [[cells[c.field] for c in spec.columns]]), "r.xlsx", world.users.admin)
    assert not again.ok and model.objects.count() == before + 1
    assert any("相同适用区划" in message for _r, _c, message in again.errors)


def test_import_errors_name_the_row_and_column_and_write_nothing(world):
    model = TABLES[0]
    spec = imports.get(import_name(model))
    example = world.sample(model)
    good = {c.field: cell_text(example, c.field) for c in spec.columns}
    good.update(valid_from="2031-01-01")
    bad_region = {**good, "region": "999999", "valid_from": "2031-02-01"}
    bad_dates = {**good, "valid_from": "2031-03-01", "valid_to": "2031-01-01"}
    rows = [[r[c.field] for c in spec.columns] for r in (good, bad_region, bad_dates)]
    before = model.objects.count()
    result = imports.run(spec, _sheet(spec, rows), "r.xlsx", world.users.admin)
    headers = {c.field: c.header for c in spec.columns}
    found = {(row, column) for row, column, _m in result.errors}
    assert (3, headers["region"]) in found and (4, headers["valid_to"]) in found
    assert model.objects.count() == before


def test_the_template_download_carries_the_columns(world, client_for):
    model = TABLES[0]
    response = client_for(world.users.admin).get(reverse("core:import_template", args=[import_name(model)]))
    assert response.status_code == 200
    header, _rows = excel.read_rows(io.BytesIO(response.content), "t.xlsx")
    assert header[-4:] == ["适用区划", "施行日期", "废止日期", "法律依据"]
