import pytest
from django.contrib.contenttypes.models import ContentType

from yingji.warning.alerts.choices import MsgType
from yingji.warning.alerts.models import Warning

from .helpers import publish_followup, published

pytestmark = pytest.mark.django_db


def test_publish_hands_the_warning_to_release_on_commit(world, django_capture_on_commit_callbacks):
    from yingji.warning.release.models import Release

    with django_capture_on_commit_callbacks(execute=True):
        w = published(world)
    release = Release.objects.get(source_type=ContentType.objects.get_for_model(Warning), source_id=w.pk)
    assert release.level == w.level and str(w) in release.text
    assert list(release.target_regions.all()) == [world.regions.township_a]
    with django_capture_on_commit_callbacks(execute=True):
        cancel = publish_followup(world, w, MsgType.CANCEL, note="降雨结束")
    assert Release.objects.filter(source_id=cancel.pk).exists()


def test_nothing_is_handed_over_before_commit(world, django_capture_on_commit_callbacks):
    from yingji.warning.release.models import Release

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published(world)
    assert callbacks and not Release.objects.exists()


def test_a_township_sees_the_county_warnings_once_issued(world):
    from .helpers import draft

    d = draft(world)
    assert not Warning.objects.restrict(world.users.township_a).filter(pk=d.pk).exists()
    w = published(world)
    assert Warning.objects.restrict(world.users.township_a).filter(pk=w.pk).exists()
    assert not Warning.objects.restrict(world.users.township_b).filter(pk=d.pk).exists()
