"""The timeline other apps write to: append-only, numbered, refused when blank or unknown."""

import pytest
from django.core.exceptions import ValidationError

from yingji.command.incidents.models import Incident, TimelineEntry
from yingji.command.incidents.services import record_event
from yingji.platform.core.models import RecordDeletionForbidden


@pytest.fixture
def incident(world):
    return world.sample(Incident)


def test_record_event_appends_numbered_entries_with_a_reference(world, incident):
    other = world.sample(Incident)
    a = record_event(incident, "decision", "启动现场指挥部", actor=world.users.duty)
    b = record_event(incident, "dispatch", "调派冲锋舟2艘", actor=world.users.duty, ref=other)
    assert (a.seq, b.seq) == (1, 2)
    assert b.ref_id == other.pk and b.ref_label == str(other)
    assert b.ref_url == other.get_absolute_url()
    assert list(incident.timeline.values_list("kind", flat=True)) == ["decision", "dispatch"]


def test_entries_can_never_change_or_disappear(world, incident):
    entry = record_event(incident, "note", "原始记录", actor=world.users.duty)
    entry.text = "改过的记录"
    with pytest.raises(RecordDeletionForbidden):
        entry.save()
    with pytest.raises(RecordDeletionForbidden):
        entry.delete()
    with pytest.raises(RecordDeletionForbidden):
        TimelineEntry.objects.filter(pk=entry.pk).update(text="x")
    with pytest.raises(RecordDeletionForbidden):
        TimelineEntry.objects.filter(pk=entry.pk).delete()
    assert TimelineEntry.objects.get(pk=entry.pk).text == "原始记录"


@pytest.mark.parametrize("kind,text,message", [("nonsense", "x", "不能识别"), ("note", "  ", "不能为空")])
def test_bad_entries_are_refused_in_chinese(world, incident, kind, text, message):
    with pytest.raises(ValidationError, match=message):
        record_event(incident, kind, text, actor=world.users.duty)
    assert not incident.timeline.exists()
