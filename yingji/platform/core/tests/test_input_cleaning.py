"""Issue 16, item 3: text is cleaned of control characters on the way in, by the one form base and the one
serializer base (core.forms.ScopedModelForm, core.api.viewsets.ScopedSerializerMixin)."""

import pytest

from yingji.platform.core.validators import strip_control_characters


def test_control_characters_are_removed_and_tabs_and_newlines_kept():
    assert strip_control_characters("罐区\x0b阀门\x1b泄漏\x00") == "罐区阀门泄漏"
    assert strip_control_characters("第一行\r\n第二行\t完") == "第一行\r\n第二行\t完"


@pytest.mark.django_db
def test_a_form_stores_text_without_control_characters(world):
    from yingji.platform.regions.forms import RegionForm
    from yingji.platform.regions.models import Region

    form = RegionForm(data={"code": "331099109000", "name": "新\x0b镇\x1b", "level": 4,
                            "parent": world.regions.county.pk}, user=world.users.admin)
    assert form.is_valid(), form.errors
    assert form.save().name == "新镇"
    assert Region.objects.get(code="331099109000").name == "新镇"


@pytest.mark.django_db
def test_an_api_write_stores_text_without_control_characters(world):
    from yingji.platform.regions.api.serializers import RegionSerializer

    serializer = RegionSerializer(data={"code": "331099108000", "name": "东\x1b镇", "level": 4,
                                        "parent": world.regions.county.pk})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["name"] == "东镇"
