"""Pages and API: lists with query guards, the release form's preview, the board, the 叫应 link, bad input."""

import random
from types import SimpleNamespace

import pytest
from django.urls import reverse

from yingji.warning.release import services
from yingji.warning.release.choices import Duty, TargetState
from yingji.warning.release.models import Group, Recipient, Release, Target, Ward


@pytest.fixture
def release(world, settings):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    for i in range(5):
        Recipient.objects.create(name=f"干部{i}", phone=f"1380000000{i}", region=world.regions.village_a,
                                 duty=Duty.VILLAGE_LEAD)
    r = services.start_release(None, actor=world.users.admin, title="暴雨红色预警", text="请转移", level="red",
                               regions=[world.regions.township_a], channels=["sms"])
    services.resolve_release(r.pk)
    return Release.objects.get(pk=r.pk)


@pytest.mark.parametrize("name", ["recipient_list", "group_list", "ward_list", "release_list"])
def test_lists_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries, name, release):
    guardian = Recipient.objects.first()
    for i in range(20):
        Recipient.objects.create(name=f"人{i}", phone=f"1390000{i:04d}", region=world.regions.village_a)
        Group.objects.create(name=f"组{i}", region=world.regions.township_a)
        Ward.objects.create(kind="disabled", name=f"户{i}", address="x", region=world.regions.village_a,
                            guardian=guardian)
    client = client_for(world.users.admin)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(f"release:{name}"))
    assert response.status_code == 200


def test_phones_and_wards_are_masked_in_lists(world, client_for, release):
    Ward.objects.create(kind="elderly_alone", name="王阿婆", phone="13912345678", address="东岙村1号",
                        region=world.regions.village_a, guardian=Recipient.objects.first())
    page = client_for(world.users.township_a).get(reverse("release:ward_list")).content.decode()
    assert "13912345678" not in page and "139****5678" in page and "王阿婆" not in page
    page = client_for(world.users.township_a).get(reverse("release:recipient_list")).content.decode()
    assert "13800000001" not in page
    assert client_for(world.users.inspector).get(reverse("release:ward_list")).status_code == 403


def test_recipient_with_a_bad_phone_is_refused_in_chinese(world, client_for, api_for):
    data = {"name": "张三", "phone": "138-abc", "duty": "grid", "region": world.regions.village_a.pk}
    response = client_for(world.users.admin).post(reverse("release:recipient_add"), data)
    assert response.status_code == 400 and "格式不正确" in response.content.decode()
    response = api_for(world.users.admin).post("/api/v1/release-recipients/", data, format="json")
    assert response.status_code == 400 and "格式不正确" in str(response.json())
    assert not Recipient.objects.exists()


def test_release_form_previews_then_releases(world, client_for, settings, django_capture_on_commit_callbacks):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    Recipient.objects.create(name="甲", phone="13800000001", region=world.regions.village_a)
    client = client_for(world.users.duty)
    data = {"title": "大风蓝色预警", "text": "注意防范", "level": "blue", "regions": [world.regions.township_a.pk],
            "channels": ["sms"], "confirm": ""}
    response = client.post(reverse("release:release_add"), data)
    assert response.status_code == 200 and "共 1 人" in response.content.decode()
    assert not Release.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("release:release_add"), {**data, "confirm_release": "1"})
    release = Release.objects.get()
    assert response.status_code == 302 and response["Location"] == release.get_absolute_url()
    assert release.recipient_count == 1
    bad = client.post(reverse("release:release_add"), {**data, "groups": ["99999"], "confirm_release": "1"})
    assert bad.status_code == 400 and "不存在" in bad.content.decode()
    none = client.post(reverse("release:release_add"), {**data, "regions": []})
    assert none.status_code == 400 and "请选择发送区域或接收分组" in none.content.decode()


def test_board_redial_phone_confirmation_and_export(world, client_for, release, django_assert_max_num_queries):
    client = client_for(world.users.duty)
    with django_assert_max_num_queries(30):
        board = client.get(reverse("release:release_board", args=[release.pk]))
    assert board.status_code == 200 and 'hx-trigger="every 3s"' in board.content.decode()
    assert "青石镇" in board.content.decode()
    target = Target.objects.filter(release=release).first()
    r = client.post(reverse("release:release_redial", args=[release.pk]), {"target": target.pk})
    assert r.status_code == 302
    r = client.post(reverse("release:release_confirm", args=[release.pk]), {"target": target.pk, "note": "通话确认"})
    target.refresh_from_db()
    assert target.state == TargetState.CONFIRMED and target.confirm_method == "phone"
    page = client.get(release.get_absolute_url(), follow=True).content.decode()
    assert "该人员已叫应" not in page
    r = client.post(reverse("release:release_confirm", args=[release.pk]), {"target": 999999, "note": "x"},
                    follow=True)
    assert "不在本次发布的名单中" in r.content.decode()
    export = client.get(reverse("release:release_records", args=[release.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert client_for(world.users.township_a).post(reverse("release:release_redial", args=[release.pk]),
                                                   {"target": target.pk}).status_code == 403


def test_confirmation_link(world, client, release):
    target = Target.objects.filter(release=release).first()
    token = services.confirm_token(target.pk)
    assert "我已收到" in client.get(reverse("release:confirm_link", args=[token])).content.decode()
    client.post(reverse("release:confirm_link", args=[token]))
    target.refresh_from_db()
    assert target.state == TargetState.CONFIRMED and target.confirm_method == "link"
    bad = client.get(reverse("release:confirm_link", args=[token[:-2] + "xx"]))
    assert bad.status_code == 400 and "无效" in bad.content.decode()


def test_api_start_release_and_board(world, api_for, settings, django_capture_on_commit_callbacks):
    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    Recipient.objects.create(name="甲", phone="13800000001", region=world.regions.village_a)
    api = api_for(world.users.duty)
    bad = api.post("/api/v1/releases/", {"title": "t", "text": "x", "level": "red", "groups": [424242]},
                   format="json")
    assert bad.status_code == 400 and "不存在" in str(bad.json())
    with django_capture_on_commit_callbacks(execute=True):
        ok = api.post("/api/v1/releases/", {"title": "t", "text": "x", "level": "red",
                                             "regions": [world.regions.county.pk], "channels": ["sms"]}, format="json")
    assert ok.status_code == 201, ok.json()
    board = api.get(f"/api/v1/releases/{ok.json()['id']}/board/").json()
    assert board["total"]["resolved"] == 1 and board["total"]["confirm_required"] == 1


def test_demo_builder(world, settings):
    from yingji.warning.release.demo import build_release

    settings.YINGJI_RELEASE_GATEWAY_URL = "http://127.0.0.1:9"
    r = world.regions
    ctx = SimpleNamespace(random=random.Random(1), county=r.county, townships=[r.township_a, r.township_b],
                          villages=[r.village_a], users={"duty": world.users.duty, "admin": world.users.admin})
    build_release(ctx)
    assert Recipient.objects.filter(region=r.village_a).count() >= 2
    assert Release.objects.filter(status="finished").count() == 1
    assert Release.objects.filter(status="sending").count() == 1
    finished = Release.objects.get(status="finished")
    assert Target.objects.filter(release=finished, confirmed_at__isnull=False).exists()
