import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.supervision.enterprises.models import Enterprise, KeyPerson, MajorHazardSource
from yingji.supervision.hazards.models import Hazard

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_enterprise_page_shows_persons_sources_and_hazards_in_scope(world, client_for):
    e = world.sample(Enterprise)
    world.sample(KeyPerson, enterprise=e, name="安全员老周", phone="13700001111")
    world.sample(MajorHazardSource, enterprise=e, name="甲醇储罐区")
    world.sample(Hazard, enterprise=e, description="消防通道被占用")
    page = client_for(world.users.inspector).get(e.get_absolute_url()).content.decode()
    for text in ("安全员老周", "137****1111", "甲醇储罐区", "消防通道被占用", "变更记录"):
        assert text in page, text
    assert "13700001111" not in page


def test_key_person_add_from_enterprise_page_returns_to_it(world, client_for):
    e = world.sample(Enterprise)
    c = client_for(world.users.township_a)
    assert c.get(reverse("enterprises:keyperson_add") + f"?enterprise={e.pk}").status_code == 200
    r = c.post(reverse("enterprises:keyperson_add"), {
        "enterprise": e.pk, "role": "special_operator", "name": "焊工", "certificate_no": "T330001",
        "certificate_expiry": str(TODAY + datetime.timedelta(days=30))})
    assert r.status_code == 302 and r["Location"] == e.get_absolute_url()
    assert e.key_persons.get().certificate_expiring


def test_expiring_filter_and_home_widget(world, client_for):
    soon = world.sample(Enterprise, insurance_expiry=TODAY + datetime.timedelta(days=10), insurer="人保",
                        insurance_policy="P1")
    later = world.sample(Enterprise, insurance_expiry=TODAY + datetime.timedelta(days=300), insurer="人保",
                         insurance_policy="P2")
    world.sample(KeyPerson, enterprise=later, certificate_no="C1",
                 certificate_expiry=TODAY - datetime.timedelta(days=1))
    c = client_for(world.users.inspector)
    body = c.get(reverse("enterprises:enterprise_list"), {"insurance_expiring": "true"}).content.decode()
    assert soon.name in body and later.name not in body
    home = c.get(reverse("home")).content.decode()
    assert "安责险 60 天内到期或已过期：1 家" in home and "人员证书 60 天内到期或已过期：1 人" in home
    # township B sees nothing of township A, so the widget is hidden
    assert "证书和安责险到期提醒" not in client_for(world.users.township_b).get(reverse("home")).content.decode()


def test_moving_an_enterprise_moves_its_hazards_scope(world):
    e = world.sample(Enterprise)
    h = world.sample(Hazard, enterprise=e)
    assert h in Hazard.objects.restrict(world.users.township_a)
    e.region = world.regions.township_b
    e.save()
    h.refresh_from_db()
    assert h.region == world.regions.township_b
    assert h not in Hazard.objects.restrict(world.users.township_a)
    assert h in Hazard.objects.restrict(world.users.township_b)


def test_key_person_api_masks_phone_in_lists(world, api_for):
    e = world.sample(Enterprise)
    p = world.sample(KeyPerson, enterprise=e, phone="13700001111")
    leader = api_for(world.users.leader)
    assert leader.get("/api/v1/key-persons/").json()["results"][0]["phone"] == "137****1111"
    assert leader.get(f"/api/v1/key-persons/{p.pk}/").json()["phone"] == "13700001111"


def test_expiring_certificate_is_highlighted_on_the_enterprise_page(world, client_for):
    e = world.sample(Enterprise)
    world.sample(KeyPerson, enterprise=e, certificate_no="C9", certificate_expiry=TODAY + datetime.timedelta(days=5))
    page = client_for(world.users.inspector).get(e.get_absolute_url()).content.decode()
    assert 'title="即将到期或已过期"' in page
