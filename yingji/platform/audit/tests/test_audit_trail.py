"""The audit trail: who changed what from where, append-only; void/restore instead of delete; the change log page."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from yingji.platform.audit.models import AppendOnlyError, AuditEvent, ObjectChange
from yingji.platform.core.models import RecordDeletionForbidden
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


def changes_of(obj):
    return ObjectChange.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk).order_by("id")


def region_form(region, **over):
    data = {"code": region.code, "name": region.name, "level": region.level, "parent": region.parent_id or "",
            "valid_from": region.valid_from or "", "valid_to": region.valid_to or "", "successor": ""}
    data.update(over)
    return data


@pytest.mark.django_db
def test_create_and_update_via_the_web_record_who_what_and_where(world, client_for):
    c = client_for(world.users.admin)
    response = c.post("/regions/add/", {"code": "331099103", "name": "新镇", "level": Level.TOWNSHIP,
                                        "parent": world.regions.county.pk}, REMOTE_ADDR="192.168.7.8")
    assert response.status_code == 302, response.content.decode()[:3000]
    town = Region.objects.get(code="331099103000")
    assert town.created_by == world.users.admin
    created = changes_of(town).get()
    assert created.action == "create" and created.user == world.users.admin and created.ip == "192.168.7.8"
    assert created.request_id == uuid.UUID(response["X-Request-ID"])
    assert created.prechange is None and created.postchange["code"] == "331099103000"
    assert created.region_id == town.pk and created.source == "web"

    response = c.post(f"/regions/{town.pk}/edit/", region_form(town, name="新镇（改）", valid_from="2026-01-01"),
                      REMOTE_ADDR="192.168.7.9")
    assert response.status_code == 302
    update = changes_of(town).last()
    assert update.action == "update" and update.ip == "192.168.7.9"
    assert update.request_id == uuid.UUID(response["X-Request-ID"]) != created.request_id
    assert update.changed_fields == ["name", "valid_from"]
    assert update.prechange == {"name": "新镇", "valid_from": None}
    assert update.postchange == {"name": "新镇（改）", "valid_from": "2026-01-01"}

    # saving without a change writes nothing
    c.post(f"/regions/{town.pk}/edit/", region_form(Region.objects.get(pk=town.pk)))
    assert changes_of(town).count() == 2

    page = c.get(f"/regions/{town.pk}/").content.decode()
    assert "变更记录" in page and "新镇（改）" in page and "192.168.7.9" in page and "admin" in page


@pytest.mark.django_db
def test_api_changes_are_recorded_with_the_token_user(world, client):
    from yingji.platform.accounts.tokens import issue_token

    secret = issue_token(world.users.admin, actor=world.users.admin, name="审计测试")[1]
    response = client.patch(f"/api/v1/regions/{world.regions.village_a.pk}/", {"name": "东岙新村"},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Token {secret}",
                            REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200, response.content
    change = changes_of(world.regions.village_a).last()
    assert change.user == world.users.admin and change.ip == "10.9.9.9" and change.changed_fields == ["name"]
    history = client.get(f"/api/v1/regions/{world.regions.village_a.pk}/history/",
                         HTTP_AUTHORIZATION=f"Token {secret}").json()
    assert history[0]["postchange"] == {"name": "东岙新村"} and history[0]["user_name"] == "admin"


@pytest.mark.django_db
def test_history_hides_personal_data_from_those_without_the_right(world, client_for, api_for):
    target = world.users.township_a
    response = client_for(world.users.admin).post(f"/users/{target.pk}/edit/", {
        "username": target.username, "full_name": target.full_name, "phone": "13700009876",
        "region": target.region_id, "organisation": target.organisation_id, "is_active": "on",
        "roles": list(target.groups.values_list("pk", flat=True))})
    assert response.status_code == 302
    change = changes_of(target).get(action="update", user=world.users.admin)
    assert change.prechange == {"phone": "13812341234"} and change.postchange == {"phone": "13700009876"}
    page = client_for(world.users.auditor).get(f"/users/{target.pk}/").content.decode()
    assert "变更记录" in page and "138****1234" in page and "137****9876" in page
    assert "13812341234" not in page and "13700009876" not in page
    assert "13700009876" in client_for(world.users.admin).get(f"/users/{target.pk}/").content.decode()
    history = api_for(world.users.auditor).get(f"/api/v1/users/{target.pk}/history/").json()
    assert "13812341234" not in str(history) and "13700009876" not in str(history)
    assert history[0]["postchange"] == {"phone": "137****9876"}
    history = api_for(world.users.leader).get(f"/api/v1/users/{target.pk}/history/").json()
    assert history[0]["postchange"] == {"phone": "13700009876"}
    # the stored row is untouched
    assert changes_of(target).get(action="update", user=world.users.admin).postchange == {"phone": "13700009876"}
    assert ObjectChange.objects.get(pk=change.pk).postchange == {"phone": "13700009876"}


@pytest.mark.django_db
def test_the_audit_trail_is_append_only(world):
    change = ObjectChange.objects.first()
    event = AuditEvent.objects.create(kind="login", username="x")
    change.message = "tampered"
    for row in (change, event):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
    for model in (ObjectChange, AuditEvent):
        with pytest.raises(AppendOnlyError):
            model.objects.update(ip="1.1.1.1")
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk__gt=0).update(ip="1.1.1.1")
        with pytest.raises(AppendOnlyError):
            model.objects.all().delete()
        with pytest.raises(AppendOnlyError), transaction.atomic():
            model.objects.bulk_update(list(model.objects.all()[:1]), ["ip"])
    assert ObjectChange.objects.filter(message="tampered").count() == 0


@pytest.mark.django_db
def test_queryset_update_writes_one_change_per_changed_row(world):
    r = world.regions
    before = ObjectChange.objects.count()
    n = Region.objects.filter(pk__in=[r.village_a.pk, r.village_b.pk, r.township_b.pk]).update(name="东岙村")
    assert n == 3
    # village_a already had that name: two rows changed, two change rows
    added = {c.object_id: c for c in ObjectChange.objects.order_by("id")[before:]}
    assert set(added) == {r.village_b.pk, r.township_b.pk}
    assert added[r.village_b.pk].prechange == {"name": "西岭村"}
    assert added[r.village_b.pk].postchange == {"name": "东岙村"}
    assert added[r.township_b.pk].prechange == {"name": "白水镇"}
    assert all(c.changed_fields == ["name"] and c.action == "update" for c in added.values())
    assert added[r.township_b.pk].region_id == r.township_b.pk


@pytest.mark.django_db
def test_void_and_restore_via_the_web(world, client_for):
    r = world.regions
    admin = client_for(world.users.admin)
    # a reason is required
    admin.post(f"/regions/{r.village_a.pk}/void/", {"reason": "  "})
    assert Region.objects.get(pk=r.village_a.pk).voided_at is None
    response = admin.post(f"/regions/{r.village_a.pk}/void/", {"reason": "区划调整撤并"})
    assert response.status_code == 302
    village = Region.objects.get(pk=r.village_a.pk)
    assert village.is_voided and village.voided_by == world.users.admin and village.void_reason == "区划调整撤并"
    change = changes_of(village).last()
    assert change.action == "void" and change.message == "区划调整撤并"
    assert "voided_at" in change.changed_fields

    link = f'href="/regions/{village.pk}/"'
    assert link not in admin.get("/regions/?level=5").content.decode()
    assert link in admin.get("/regions/?level=5&record_status=voided").content.decode()
    assert link in admin.get("/regions/?level=5&record_status=all").content.decode()
    assert f'href="/regions/{r.village_b.pk}/"' not in admin.get("/regions/?record_status=voided").content.decode()
    # voiding twice is refused
    admin.post(f"/regions/{r.village_a.pk}/void/", {"reason": "再次"})
    assert Region.objects.get(pk=r.village_a.pk).void_reason == "区划调整撤并"

    # restore: the change permission is not enough, audit.restore_record is needed
    clerk = world.users.township_a
    clerk.user_permissions.add(Permission.objects.get(codename="change_region"))
    assert client_for(clerk).post(f"/regions/{r.village_a.pk}/restore/").status_code == 403
    assert Region.objects.get(pk=r.village_a.pk).is_voided
    assert admin.post(f"/regions/{r.village_a.pk}/restore/").status_code == 302
    village = Region.objects.get(pk=r.village_a.pk)
    assert not village.is_voided and village.void_reason == ""
    assert changes_of(village).last().action == "restore"


@pytest.mark.django_db
def test_void_and_restore_via_the_api(world, api_for):
    r = world.regions
    api = api_for(world.users.admin)
    url = f"/api/v1/regions/{r.village_b.pk}/"
    response = api.post(url + "void/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = api.post(url + "void/", {"reason": "撤并"}, format="json")
    assert response.status_code == 200 and response.json()["void_reason"] == "撤并"
    ids = [row["id"] for row in api.get("/api/v1/regions/?page_size=1000").json()["results"]]
    assert r.village_b.pk not in ids
    ids = [row["id"] for row in api.get("/api/v1/regions/?record_status=voided").json()["results"]]
    assert ids == [r.village_b.pk]
    assert api.post(url + "void/", {"reason": "再次"}, format="json").status_code == 400
    # a voided record is still found by its id (and says so)
    assert api.get(url).json()["void_reason"] == "撤并"
    assert api.get(url + "history/").json()[0]["action"] == "void"

    clerk = world.users.township_b
    clerk.user_permissions.add(Permission.objects.get(codename="change_region"))
    response = api_for(clerk).post(url + "restore/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert Region.objects.get(pk=r.village_b.pk).is_voided
    assert api.post(url + "restore/").status_code == 200
    assert not Region.objects.get(pk=r.village_b.pk).is_voided
    assert api.post(url + "restore/").status_code == 400  # not voided any more


@pytest.mark.django_db
def test_business_records_are_never_deleted(world, api_for):
    r = world.regions
    with pytest.raises(RecordDeletionForbidden):
        r.village_a.delete()
    with pytest.raises(RecordDeletionForbidden):
        Region.objects.filter(pk=r.village_a.pk).delete()
    response = api_for(world.users.admin).delete(f"/api/v1/regions/{r.village_a.pk}/")
    assert response.status_code == 405
    assert Region.objects.filter(pk=r.village_a.pk).exists()


@pytest.mark.django_db
def test_change_log_page_is_searchable_and_scoped(world, client_for):
    r = world.regions
    Region.objects.filter(pk=r.village_a.pk).update(name="东岙新村")
    Region.objects.filter(pk=r.other_township.pk).update(name="邻县新镇")
    for user in (world.users.admin, world.users.auditor):
        c = client_for(user)
        html = c.get("/system/changes/").content.decode()
        assert "东岙新村" in html and "邻县新镇" not in html, user
        html = c.get("/system/changes/?object_repr=东岙").content.decode()
        assert "东岙新村" in html and "西岭村" not in html
        assert c.get("/system/changes/?action=bogus").status_code == 200
        assert c.get("/system/changes/?object_id=abc").status_code == 200
    html = client_for(world.users.outsider).get("/system/changes/").content.decode()
    assert "邻县新镇" in html and "东岙新村" not in html and "青石镇" not in html
    for user in (world.users.leader, world.users.township_a, world.users.nobody):
        assert client_for(user).get("/system/changes/").status_code == 403
    assert client_for(world.users.auditor).get("/system/security-events/").status_code == 200
    assert client_for(world.users.leader).get("/system/security-events/").status_code == 403


@pytest.mark.django_db
def test_bad_filter_values_on_pages_never_answer_500(world, client_for):
    big = "99999999999999999999999"
    c = client_for(world.users.admin)
    for url in ["/system/changes/?ip=abc", "/system/changes/?ip=1.2.3", f"/system/changes/?object_id={big}",
                "/system/changes/?object_id=abc", "/system/changes/?time_after=yesterday",
                "/system/changes/?content_type=abc", "/system/security-events/?ip=abc",
                "/system/security-events/?success=perhaps", f"/regions/?parent={big}", "/regions/?level=abc",
                "/regions/?per_page=abc", "/regions/?page=abc", "/regions/?sort=nonexistent",
                f"/users/?role={big}", f"/users/?organisation={big}", f"/organisations/?region={big}"]:
        assert c.get(url).status_code == 200, url
    for url in [f"/regions/{big}/", f"/regions/{big}/edit/", f"/imports/jobs/{big}/", f"/system/roles/{big}/"]:
        assert c.get(url).status_code == 404, url
    # a valid address still filters
    Region.objects.filter(pk=world.regions.village_a.pk).update(name="东岙新村")
    html = c.get("/system/changes/?ip=10.10.10.10").content.decode()
    assert "东岙新村" not in html
