"""A hazard's 变更记录 reads as a person reads it: '待验收 → 已销号', not 'awaiting_acceptance → closed'; the acceptor's
name, not his id; local time, not a UTC ISO string; the evidence file's name, not its storage path."""

import datetime

import pytest

from yingji.platform.audit.context import acting
from yingji.supervision.hazards.choices import HazardState
from yingji.supervision.hazards.testing import make_hazard

pytestmark = pytest.mark.django_db


def test_a_hazards_history_reads_state_labels_names_local_times_and_file_names(world, client_for):
    hazard = make_hazard(world, world.regions.township_a)
    acceptor = world.users.inspector
    acceptor.full_name = "张验收"
    acceptor.save()
    with acting(world.users.township_a):
        hazard.state = HazardState.AWAITING_ACCEPTANCE
        hazard.evidence_file.name = "hazards/evidence/2026/03/整改照片-东区配电房.pdf"
        hazard.save()
    with acting(acceptor):
        hazard.state = HazardState.CLOSED
        hazard.accepted_by = acceptor
        hazard.closed_at = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)  # 2026-03-02 00:30 in 上海
        hazard.save()

    page = client_for(world.users.leader).get(f"/hazards/{hazard.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "状态</b>：待验收 → 已销号" in history and "状态</b>：待整改 → 待验收" in history
    assert "验收人</b>：— → 张验收" in history
    assert "销号时间</b>：— → 2026-03-02 00:30:00" in history
    assert "整改佐证材料</b>：— → 整改照片-东区配电房.pdf" in history
    for raw in ("awaiting_acceptance", "closed", "2026-03-01T16:30", "+00:00", "hazards/evidence/"):
        assert raw not in history, raw
    assert f"— → {acceptor.pk}<" not in history
