"""A major hazard source's 变更记录 shows the changes of its hazardous chemicals (their audit_parent)."""

from decimal import Decimal

import pytest

from yingji.platform.audit.context import acting
from yingji.supervision.enterprises.models import HazardChemical, MajorHazardSource

pytestmark = pytest.mark.django_db


def test_a_chemicals_change_shows_in_its_sources_history(world, client_for):
    source = world.sample(MajorHazardSource)
    chemical = world.sample(HazardChemical, source=source, name="甲醇", cas_no="", max_quantity=Decimal(300),
                            critical_quantity=Decimal(500))
    with acting(world.users.admin):
        chemical.max_quantity = Decimal(450)
        chemical.save()
    page = client_for(world.users.leader).get(source.get_absolute_url()).content.decode()
    history = page[page.index('id="history"'):]
    assert "危险化学品" in history and "“甲醇" in history
    assert "最大存在量 q（吨）</b>：300 → 450" in history
    assert "<b>ID</b>" not in history  # the row's id is noise to a reader
