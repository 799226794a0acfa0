"""The annual report's 预警信息发送与叫应 paragraph counts the releases, people, deliveries and 叫应 of the period."""

import datetime

import pytest
from django.utils import timezone

from yingji.analysis.reports.engine import annual_report
from yingji.warning.release.choices import DeliveryStatus, TargetState
from yingji.warning.release.models import Delivery, Release, Target
from yingji.warning.release.testing import make_recipient, make_release

pytestmark = pytest.mark.django_db


def _paragraph(report):
    texts = [p.text for p in report.paragraphs() if "通过平台发送预警和通知" in p.text]
    assert len(texts) == 1, texts
    return texts[0]


def test_releases_people_deliveries_and_the_call_and_response_rate(world):
    today = timezone.localdate()
    people = [make_recipient(world, world.regions.village_a, name=f"人{i}", phone=f"1385760{i:04d}")
              for i in range(5)]
    orange = make_release(world, world.regions.county, confirm_required=True)
    for i, person in enumerate(people[:4]):  # 4 must 叫应: 3 confirmed, 1 reported as 未叫应
        state = TargetState.ESCALATED if i == 3 else TargetState.CONFIRMED
        target = Target.objects.create(release=orange, recipient=person, region=person.region, state=state)
        Delivery.objects.create(release=orange, target=target, recipient=person, channel="sms",
                                status=DeliveryStatus.FAILED if i == 3 else DeliveryStatus.DELIVERED)
    blue = make_release(world, world.regions.township_a, level="blue")
    target = Target.objects.create(release=blue, recipient=people[4], region=people[4].region)
    Delivery.objects.create(release=blue, target=target, recipient=people[4], channel="sms",
                            status=DeliveryStatus.DELIVERED)
    last_year = make_release(world, world.regions.county)
    Release.objects.filter(pk=last_year.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))

    report = annual_report(world.users.admin, world.regions.county, today.year, today=today)
    text = _paragraph(report)
    assert "发送预警和通知2批次" in text and "覆盖责任人5人次" in text and "送达短信、语音等信息4条" in text
    assert "发送失败1条" in text and "须叫应的4人次中已叫应3人次，叫应率75%" in text and "未叫应的1人次已逐级上报" in text
    figures = {f.label: f for f in report.figures if f.label in ("发送批次", "须叫应")}
    assert figures["发送批次"].link.startswith("/release/releases/?created_after=")
    assert "confirm_required=true" in figures["须叫应"].link
    # a township's report counts its own releases only
    township = _paragraph(annual_report(world.users.admin, world.regions.township_a, today.year, today=today))
    assert "发送预警和通知1批次" in township and "须叫应" not in township


def test_the_dashboard_counts_releases_people_and_the_call_and_response_rate(world, api_for):
    people = [make_recipient(world, world.regions.village_a, name=f"人{i}", phone=f"1385770{i:04d}")
              for i in range(4)]
    release = make_release(world, world.regions.county, confirm_required=True)
    for i, person in enumerate(people):
        Target.objects.create(release=release, recipient=person, region=person.region,
                              state=TargetState.CONFIRMED if i else TargetState.WAITING)
    today = timezone.localdate()
    data = api_for(world.users.admin).get("/api/v1/supervision-stats/", {
        "start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}).json()
    f = {x["id"]: x for x in data["results"]}
    assert f["releases.sent"]["value"] == 1 and f["releases.people"]["value"] == 4
    assert str(f["releases.confirm_rate"]["value"]) == "75.0" and "confirm_required=true" in f[
        "releases.confirm_rate"]["url"]
