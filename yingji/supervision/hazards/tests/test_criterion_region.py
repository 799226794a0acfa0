"""A province's own 判定标准 items (rule rows with 适用区划) are offered and accepted only in that province."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region
from yingji.supervision.hazards.choices import HazardLevel
from yingji.supervision.hazards.forms import HazardForm
from yingji.supervision.hazards.models import MajorHazardCriterion
from yingji.supervision.hazards.testing import make_hazard

pytestmark = pytest.mark.django_db


def _item(region, no):
    return MajorHazardCriterion.objects.create(standard="other", item_no=no, text="本地判定情形", region=region,
                                               legal_basis="地方标准", valid_from=datetime.date(2024, 1, 1))


def test_a_provinces_items_are_offered_in_the_province_only(world):
    elsewhere = Region.objects.create(code="320000000000", name="江苏省", level=Level.PROVINCE)
    own, other = _item(world.regions.province, "第 1 项"), _item(elsewhere, "第 2 项")
    offered = set(HazardForm(user=world.users.township_a).fields["criterion"].queryset)
    assert own in offered and other not in offered
    assert MajorHazardCriterion.objects.filter(region__isnull=True).first() in offered
    hazard = make_hazard(world, world.regions.township_a)
    hazard.level, hazard.criterion = HazardLevel.MAJOR, other
    with pytest.raises(ValidationError) as e:
        hazard.full_clean()
    assert "其他地区的规定" in e.value.message_dict["criterion"][0]
    hazard.criterion = own
    hazard.full_clean()
