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


def test_a_warning_reaches_its_target_groups_too_and_its_update_the_same_groups(world, client_for,
                                                                                django_capture_on_commit_callbacks):
    from django.urls import reverse

    from yingji.warning.release.models import Release
    from yingji.warning.release.testing import make_group

    from .helpers import draft

    members = make_group(world, world.regions.county, name="县防指成员单位")
    foreign = make_group(world, world.regions.other_county, name="外县分组")
    w = draft(world)
    # the draft form offers the groups of the user's scope only
    form = client_for(world.users.duty).get(reverse("alerts:warning_edit", args=[w.pk])).text
    assert 'name="target_groups"' in form and "县防指成员单位" in form and "外县分组" not in form
    voided = make_group(world, world.regions.county, name="已撤销分组")
    w.target_groups.set([members, voided])
    voided.voided_at = voided.created_at
    voided.save(update_fields=["voided_at"])
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, w)
    release = Release.objects.get(source_id=w.pk)
    assert list(release.target_regions.all()) == [world.regions.township_a]
    assert list(release.target_groups.all()) == [members]  # a voided group is not sent to
    with django_capture_on_commit_callbacks(execute=True):
        update = publish_followup(world, w, MsgType.UPDATE, note="雨势加强")
    assert set(update.target_groups.all()) == {members, voided}  # the update reaches the same people
    assert list(Release.objects.get(source_id=update.pk).target_groups.all()) == [members]
    assert foreign.warnings.count() == 0


def _publish(world, w):
    from yingji.warning.alerts import services

    services.submit_warning(w, actor=world.users.duty)
    services.review_warning(w, actor=world.users.leader)
    services.sign_warning(w, actor=world.users.leader)
    services.publish_warning(w, actor=world.users.duty)
    return w
