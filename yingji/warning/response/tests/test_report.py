import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.warning.alerts.tests.helpers import published
from yingji.warning.response import services
from yingji.warning.response.models import EmergencyResponse

pytestmark = pytest.mark.django_db


def test_annual_report_states_warnings_and_responses(world, client_for):
    published(world)
    r = world.sample(EmergencyResponse, world.regions.county)
    services.start_response(r, actor=world.users.duty, decided_by="县防指指挥长 张三")
    year = timezone.localdate().year
    page = client_for(world.users.leader).get(reverse("reports:annual"), {"year": year,
                                                                         "region": world.regions.county.code})
    text = page.content.decode()
    assert page.status_code == 200
    assert "启动防汛Ⅳ级应急响应" in text and "暴雨黄色预警" in text
