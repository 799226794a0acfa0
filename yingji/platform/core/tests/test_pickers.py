"""The generic picker widgets (core.pickers): only the selected options are rendered, whatever the field."""

import re

import pytest
from django import forms

from yingji.platform.core.pickers import SearchSelect, SearchSelectMultiple, bind_user, clean_term
from yingji.platform.regions.models import Region


def option_values(html):
    return re.findall(r'<option value="([^"]*)"', html)


def test_static_choices_render_only_the_selected_one():
    class F(forms.Form):
        colour = forms.ChoiceField(choices=[("r", "红"), ("g", "绿"), ("b", "蓝")],
                                   widget=SearchSelect(search_url="/colours/", min_chars=1, hint="选颜色"))

    html = str(F(data={"colour": "g"})["colour"])
    assert option_values(html) == ["", "g"] and ">绿<" in html and "红" not in html
    assert 'data-url="/colours/"' in html and 'data-min-chars="1"' in html and 'data-hint="选颜色"' in html
    assert "required" not in html  # the server validates; the hidden select is not what the user fills in
    assert option_values(str(F()["colour"])) == [""]


@pytest.mark.django_db
def test_model_choice_field_uses_its_scoped_queryset_and_labels(world):
    class F(forms.Form):
        regions = forms.ModelMultipleChoiceField(queryset=Region.objects.filter(level=4),
                                                 widget=SearchSelectMultiple(search_url="/regions/search/"))

    r = world.regions
    form = F(data={"regions": [r.township_b.pk, r.village_a.pk, r.township_a.pk]})
    html = str(form["regions"])
    # the village is not in the field's queryset: neither rendered nor accepted
    assert option_values(html) == [str(r.township_b.pk), str(r.township_a.pk)] and "multiple" in html
    assert not form.is_valid()


@pytest.mark.django_db
def test_a_field_without_queryset_looks_the_label_up_in_the_users_scope(world):
    class F(forms.Form):
        region = forms.IntegerField(widget=SearchSelect(search_url="/r/", model=Region, label=lambda o: o.code))

    r = world.regions
    form = F(data={"region": r.township_b.pk})
    assert option_values(str(form["region"])) == [""]  # no user, no look-up
    bind_user(form, world.users.township_a)
    assert option_values(str(form["region"])) == [""]  # township B is not his
    form = F(data={"region": r.village_a.pk})
    bind_user(form, world.users.township_a)
    html = str(form["region"])
    assert option_values(html) == ["", str(r.village_a.pk)] and f">{r.village_a.code}<" in html


def test_clean_term():
    assert clean_term(None) == "" and clean_term("  化工\x00 ") == "化工" and len(clean_term("x" * 999)) == 50
