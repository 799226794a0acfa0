import random
from types import SimpleNamespace

import pytest

from yingji.warning.alerts.choices import WarningState
from yingji.warning.alerts.demo import build_warnings
from yingji.warning.alerts.models import Warning
from yingji.warning.response.choices import ResponseState
from yingji.warning.response.demo import build_responses
from yingji.warning.response.models import EmergencyResponse, ForecastStep

pytestmark = pytest.mark.django_db


def test_demo_builders_cover_every_state(world):
    ctx = SimpleNamespace(random=random.Random(1), county=world.regions.county,
                          townships=[world.regions.township_a, world.regions.township_b],
                          users={"duty": world.users.duty, "leader": world.users.leader})
    build_warnings(ctx)
    build_responses(ctx)
    states = set(Warning.objects.values_list("state", flat=True))
    assert states == {s.value for s in WarningState}
    assert set(EmergencyResponse.objects.values_list("state", flat=True)) == {ResponseState.ACTIVE,
                                                                              ResponseState.ENDED}
    assert ForecastStep.objects.filter(lead_hours=6).exists()
    count = Warning.objects.count()
    build_warnings(ctx)  # idempotent
    assert Warning.objects.count() == count
