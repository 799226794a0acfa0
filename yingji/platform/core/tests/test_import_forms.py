"""Every ledger import validates a row with the edit page's ModelForm (docs/import-format.md), and the row form
adapts it to a ledger without a query per row."""

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
