"""The 明白卡: levels, each unit's actions and the contacts on duty, as a printable page and a .docx; phones masked
for those who may not see personal data."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from yingji.command.plans.choices import PlanKind
from yingji.command.plans.models import PlanAction, PlanLevel
from yingji.command.plans.testing import make_plan, make_version
from yingji.platform.audit.models import AuditEvent
from yingji.platform.core import oncall

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(world):
    """The duty roster's answer for the county (the contract of core.oncall); the previous provider is restored."""
    now = timezone.now()
    people = [oncall.OnDuty(None, "王值班", "13800001111", "officer", "值班员", world.regions.county.pk,
                            now - datetime.timedelta(hours=2), now + datetime.timedelta(hours=6)),
              oncall.OnDuty(None, "李局长", "13900002222", "leader", "带班领导", world.regions.county.pk,
                            now - datetime.timedelta(hours=2), now + datetime.timedelta(hours=22))]
    previous = oncall._provider

    def answer(at, region, post):
        return [p for p in people if region is None or region.pk == p.region_id]

    oncall.provide(answer)
    yield people
    oncall._provider = previous


@pytest.fixture
def plan(world):
    world.orgs.bureau.phone = "0576-88881234"
    world.orgs.bureau.save()
    plan = make_plan(world, world.regions.township_a, kind=PlanKind.TOWNSHIP, owner=world.orgs.bureau,
                     name="青石镇防汛防台应急预案")
    make_version(plan, label="2025年版")
    PlanLevel.objects.create(plan=plan, level="4", trigger="发布台风蓝色预警")
    PlanLevel.objects.create(plan=plan, level="3", trigger="发布台风黄色预警")
    PlanAction.objects.create(plan=plan, level="4", unit=world.orgs.office_a, action="检查山塘水库，准备转移")
    PlanAction.objects.create(plan=plan, level="3", unit_name="村（社区）两委", action="转移危险区域人员")
    return plan


def test_card_page(world, client_for, roster, plan):
    page = client_for(world.users.admin).get(f"/plans/{plan.pk}/card/").content.decode()
    for text in ("青石镇防汛防台应急预案明白卡", "Ⅳ级", "发布台风蓝色预警", "检查山塘水库，准备转移", "村（社区）两委",
                 "王值班", "带班领导", "0576-88881234"):
        assert text in page
    # the township's own roster is empty: the county's people on duty answer
    assert "138****1111" in page or "13800001111" in page


def test_card_docx_masks_phones_without_the_permission(world, client_for, roster, plan):
    response = client_for(world.users.township_a).get(f"/plans/{plan.pk}/card/?format=docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "青石镇防汛防台应急预案明白卡" in text and "转移危险区域人员" in text and "王值班" in text
    assert "13800001111" not in text and "{{" not in text and "{%" not in text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, detail__document="预案明白卡").exists()


def test_card_without_a_roster_says_so(world, client_for, plan):
    previous = oncall._provider
    oncall._provider = None
    try:
        page = client_for(world.users.admin).get(f"/plans/{plan.pk}/card/").content.decode()
    finally:
        oncall._provider = previous
    assert "0576-88881234" in page  # the owner's duty phone still answers
