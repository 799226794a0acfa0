"""Users, organisations and roles: web and API, masking of phones, department scope, the role permission page."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from yingji.platform.accounts.choices import Industry, OrgKind
from yingji.platform.accounts.models import Organisation, Role, User
from yingji.platform.audit.models import AuditEvent, ObjectChange
from yingji.platform.core.testing import PASSWORD

FULL_PHONE = "13812341234"
MASKED_PHONE = "138****1234"


def role_group(code):
    return Role.objects.select_related("group").get(code=code).group


# --- users: web ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_admin_creates_and_edits_a_user_with_roles_via_the_web(world, client_for):
    c = client_for(world.users.admin)
    assert c.get("/users/add/").status_code == 200
    data = {"username": "zhangsan", "full_name": "张三", "phone": "13900002222", "region": world.regions.township_a.pk,
            "organisation": world.orgs.office_a.pk, "title": "主任", "is_active": "on",
            "roles": [role_group("township").pk, role_group("duty").pk],
            "password1": "Qingshi-duty-88", "password2": "Qingshi-duty-88"}
    response = c.post("/users/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="zhangsan")
    assert response["Location"] == f"/users/{user.pk}/"
    assert set(user.role_codes()) == {"township", "duty"}
    assert user.check_password("Qingshi-duty-88") and user.region == world.regions.township_a
    assert ObjectChange.objects.filter(object_id=user.pk, content_type__model="user", action="create").exists()
    assert "password" not in (ObjectChange.objects.filter(object_id=user.pk, content_type__model="user")
                              .first().postchange or {})
    # change the roles: one added, one removed, and the change is audited as a permission event
    edit = {k: v for k, v in data.items() if not k.startswith("password")}
    edit["roles"] = [role_group("township").pk, role_group("disaster_officer").pk]
    response = c.post(f"/users/{user.pk}/edit/", edit)
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert set(user.role_codes()) == {"township", "disaster_officer"}
    assert AuditEvent.objects.filter(kind="permission", username="zhangsan").exists()


@pytest.mark.django_db
def test_user_form_refuses_weak_passwords_mismatches_and_foreign_regions(world, client_for):
    c = client_for(world.users.admin)
    base = {"username": "lisi", "full_name": "李四", "region": world.regions.township_a.pk, "is_active": "on"}
    before = User.objects.count()
    response = c.post("/users/add/", {**base, "password1": "short", "password2": "short"})
    assert response.status_code == 400 and "至少" in response.content.decode()
    response = c.post("/users/add/", {**base, "password1": "Li-si-2026!", "password2": "Li-si-2026?"})
    assert response.status_code == 400 and "两次输入的密码不一致" in response.content.decode()
    response = c.post("/users/add/", {**base, "region": world.regions.other_county.pk,
                                      "password1": "Li-si-2026!", "password2": "Li-si-2026!"})
    assert response.status_code == 400
    response = c.post("/users/add/", {**base, "organisation": world.orgs.office_b.pk,
                                      "password1": "Li-si-2026!", "password2": "Li-si-2026!"})
    assert response.status_code == 400 and "所在单位与管辖区划不在同一辖区" in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_phones_are_masked_in_the_user_list_and_on_the_page_without_the_right(world, client_for):
    html = client_for(world.users.admin).get("/users/").content.decode()
    assert MASKED_PHONE in html and FULL_PHONE not in html
    html = client_for(world.users.auditor).get(f"/users/{world.users.township_a.pk}/").content.decode()
    assert MASKED_PHONE in html and FULL_PHONE not in html
    html = client_for(world.users.admin).get(f"/users/{world.users.township_a.pk}/").content.decode()
    assert FULL_PHONE in html


@pytest.mark.django_db
def test_users_list_is_scoped(world, client_for):
    html = client_for(world.users.admin).get("/users/").content.decode()
    assert "township_a" in html and "outsider" not in html
    assert client_for(world.users.admin).get(f"/users/{world.users.outsider.pk}/").status_code == 404
    assert client_for(world.users.township_a).get("/users/").status_code == 403


@pytest.mark.django_db
def test_admin_resets_a_password_and_it_is_audited(world, client_for):
    target = world.users.township_b
    c = client_for(world.users.admin)
    response = c.post(f"/system/users/{target.pk}/password/", {"password1": "Reset-pass-2026",
                                                                "password2": "Reset-pass-2026"})
    assert response.status_code == 302
    assert User.objects.get(pk=target.pk).check_password("Reset-pass-2026")
    assert AuditEvent.objects.filter(kind="password_changed", username="township_b").exists()
    # neither the current password nor a recent one may be set again
    for reused in (PASSWORD, "Reset-pass-2026"):
        response = c.post(f"/system/users/{target.pk}/password/", {"password1": reused, "password2": reused},
                          follow=True)
        assert "不能使用最近 5 次用过的密码" in response.content.decode()
    assert User.objects.get(pk=target.pk).check_password("Reset-pass-2026")
    assert AuditEvent.objects.filter(kind="password_changed", username="township_b").count() == 1


@pytest.mark.django_db
def test_users_cannot_be_deleted(world):
    from yingji.platform.core.models import RecordDeletionForbidden

    with pytest.raises(RecordDeletionForbidden):
        world.users.nobody.delete()
    with pytest.raises(RecordDeletionForbidden):
        User.objects.filter(pk=world.users.nobody.pk).delete()


# --- users: API ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_api_masks_phones_in_lists_and_shows_them_in_full_only_with_the_right(world, api_for):
    rows = api_for(world.users.admin).get("/api/v1/users/").json()["results"]
    assert rows and all(r["phone"] == MASKED_PHONE for r in rows)
    names = {r["username"] for r in rows}
    assert names >= {"admin", "township_a"} and "outsider" not in names
    url = f"/api/v1/users/{world.users.township_a.pk}/"
    assert api_for(world.users.admin).get(url).json()["phone"] == FULL_PHONE  # sysadmin has view_personal_data
    assert api_for(world.users.leader).get(url).json()["phone"] == FULL_PHONE
    assert api_for(world.users.auditor).get(url).json()["phone"] == MASKED_PHONE
    body = api_for(world.users.admin).get(url).json()
    assert "password" not in body
    assert body["roles"] == [role_group("township").name]


@pytest.mark.django_db
def test_api_creates_and_updates_a_user(world, api_for):
    api = api_for(world.users.admin)
    response = api.post("/api/v1/users/", {
        "username": "wangwu", "full_name": "王五", "phone": "13700001111", "region": world.regions.township_b.pk,
        "organisation": world.orgs.office_b.pk, "roles": [role_group("township").name], "password": "Wang-wu-2026",
    }, format="json")
    assert response.status_code == 201, response.json()
    # a single record, to the administrator (accounts.view_personal_data): in full, as on its detail page
    assert response.json()["phone"] == "13700001111"
    user = User.objects.get(username="wangwu")
    assert user.check_password("Wang-wu-2026") and user.role_codes() == {"township"}
    response = api.patch(f"/api/v1/users/{user.pk}/", {"roles": [role_group("duty").name], "title": "值班"},
                         format="json")
    assert response.status_code == 200
    user = User.objects.get(pk=user.pk)
    assert user.role_codes() == {"duty"} and user.title == "值班"
    assert not AuditEvent.objects.filter(kind="password_changed", username="wangwu").exists()
    response = api.patch(f"/api/v1/users/{user.pk}/", {"password": "Wang-wu-2027"}, format="json")
    assert response.status_code == 200 and "password" not in response.json()
    assert User.objects.get(pk=user.pk).check_password("Wang-wu-2027")
    event = AuditEvent.objects.get(kind="password_changed", username="wangwu")
    assert event.user == world.users.admin and event.detail == {"by_admin": True}
    response = api.patch(f"/api/v1/users/{user.pk}/", {"password": "Wang-wu-2026"}, format="json")
    assert response.status_code == 400 and "不能使用最近 5 次用过的密码" in response.json()["errors"]["password"][0]


@pytest.mark.django_db
def test_api_user_refusals(world, api_for):
    api = api_for(world.users.admin)
    before = User.objects.count()
    base = {"username": "zhaoliu", "region": world.regions.township_a.pk}
    r = api.post("/api/v1/users/", base, format="json")
    assert r.status_code == 400 and "password" in r.json()["errors"]
    r = api.post("/api/v1/users/", {**base, "password": "abcdefgh"}, format="json")
    assert r.status_code == 400 and "password" in r.json()["errors"]
    r = api.post("/api/v1/users/", {**base, "region": world.regions.other_county.pk, "password": "Baishui-duty-88"},
                 format="json")
    assert r.status_code == 400 and "region" in r.json()["errors"]
    r = api.post("/api/v1/users/", {**base, "roles": ["不存在的角色"], "password": "Baishui-duty-88"}, format="json")
    assert r.status_code == 400 and "roles" in r.json()["errors"]
    r = api.post("/api/v1/users/", {**base, "organisation": world.orgs.office_b.pk, "password": "Baishui-duty-88"},
                 format="json")
    assert r.status_code == 400 and "所在单位与管辖区划不在同一辖区" in r.json()["errors"]["organisation"][0]
    r = api.post("/api/v1/users/", {**base, "username": "admin", "password": "Baishui-duty-88"}, format="json")
    assert r.status_code == 400 and "username" in r.json()["errors"]
    assert User.objects.count() == before
    # moving an account out of one's reach
    r = api.patch(f"/api/v1/users/{world.users.township_a.pk}/", {"region": world.regions.other_county.pk},
                  format="json")
    assert r.status_code == 400
    assert User.objects.get(pk=world.users.township_a.pk).region == world.regions.township_a
    # users are deactivated, never voided or deleted
    assert api.post(f"/api/v1/users/{world.users.nobody.pk}/void/", {"reason": "x"}).status_code in (404, 405)
    assert api.delete(f"/api/v1/users/{world.users.nobody.pk}/").status_code == 405


# --- organisations ------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_organisation_crud_via_the_web(world, client_for):
    c = client_for(world.users.admin)
    response = c.post("/organisations/add/", {"name": "县水利局", "kind": OrgKind.INDUSTRY, "industry": Industry.WATER,
                                              "region": world.regions.county.pk, "phone": "0576-8234567"})
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organisation.objects.get(name="县水利局")
    assert org.created_by == world.users.admin
    response = c.post(f"/organisations/{org.pk}/edit/", {"name": "县水利局", "short_name": "水利",
                                                         "kind": OrgKind.INDUSTRY, "industry": Industry.WATER,
                                                         "region": world.regions.county.pk, "phone": "0576-8654321"})
    assert response.status_code == 302
    change = ObjectChange.objects.filter(content_type__model="organisation", object_id=org.pk, action="update").get()
    assert change.changed_fields == ["phone", "short_name"]
    assert change.prechange == {"phone": "0576-8234567", "short_name": ""}
    # an industry department without an industry, a duplicate name, a foreign region: refused
    for bad in ({"name": "无行业", "kind": OrgKind.INDUSTRY, "region": world.regions.county.pk},
                {"name": "县水利局", "kind": OrgKind.OTHER, "region": world.regions.county.pk},
                {"name": "外县单位", "kind": OrgKind.OTHER, "region": world.regions.other_county.pk}):
        assert c.post("/organisations/add/", bad).status_code == 400, bad
    assert not Organisation.objects.filter(name__in=["无行业", "外县单位"]).exists()
    assert Organisation.objects.filter(name="县水利局").count() == 1
    html = c.get(f"/organisations/{org.pk}/").content.decode()
    assert "变更记录" in html and "0576-8654321" in html


@pytest.mark.django_db
def test_organisation_crud_via_the_api(world, api_for):
    api = api_for(world.users.admin)
    r = api.post("/api/v1/organisations/", {"name": "县防汛抗旱指挥部", "kind": OrgKind.COMMITTEE,
                                            "committee_kind": "flood", "region": world.regions.county.pk,
                                            "members": [world.orgs.housing.pk, world.orgs.transport.pk]},
                 format="json")
    assert r.status_code == 201, r.json()
    org = Organisation.objects.get(pk=r.json()["id"])
    assert set(org.members.all()) == {world.orgs.housing, world.orgs.transport}
    r = api.patch(f"/api/v1/organisations/{org.pk}/", {"members": [world.orgs.housing.pk]}, format="json")
    assert r.status_code == 200 and r.json()["members"] == [world.orgs.housing.pk]
    before = Organisation.objects.count()
    r = api.post("/api/v1/organisations/", {"name": "县防汛抗旱指挥部", "kind": OrgKind.OTHER,
                                            "region": world.regions.county.pk}, format="json")
    assert r.status_code == 400, r.content  # duplicate name in the same region
    r = api.post("/api/v1/organisations/", {"name": "无类别", "kind": OrgKind.COMMITTEE,
                                            "region": world.regions.county.pk}, format="json")
    assert r.status_code == 400 and "committee_kind" in r.json()["errors"]
    r = api.post("/api/v1/organisations/", {"name": "外县成员", "kind": OrgKind.OTHER, "region": world.regions.county.pk,
                                            "members": [world.orgs.other_bureau.pk]}, format="json")
    assert r.status_code == 400 and "members" in r.json()["errors"]
    r = api.patch(f"/api/v1/organisations/{org.pk}/", {"parent": org.pk}, format="json")
    assert r.status_code == 400
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_department_scope_narrows_a_department_user_to_his_records(world, monkeypatch):
    """管行业必须管安全: with scope_department_field set, an industry department's user sees only its records."""
    monkeypatch.setattr(Organisation, "scope_department_field", "parent")
    o = world.orgs
    site_a = Organisation.objects.create(name="某建筑工地", kind=OrgKind.OTHER, region=world.regions.township_a,
                                         parent=o.housing)
    Organisation.objects.create(name="某客运站", kind=OrgKind.OTHER, region=world.regions.township_a,
                                parent=o.transport)
    Organisation.objects.create(name="邻县工地", kind=OrgKind.OTHER, region=world.regions.other_township,
                                parent=o.housing)
    department = User.objects.get(pk=world.users.department.pk)
    assert department.department_scope == o.housing
    q = Organisation.scope_q(department)
    assert set(Organisation.objects.filter(q)) == {site_a}
    assert set(Organisation.objects.restrict(department)) == {site_a}
    # everyone else keeps the whole region
    assert Organisation.objects.restrict(world.users.leader).count() == \
        Organisation.objects.filter(region__code__startswith="331099").count()
    assert world.users.leader.department_scope is None


# --- roles and their permissions ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_role_permission_page_saves_and_audits(world, client_for):
    role = Role.objects.select_related("group").get(code="auditor")
    c = client_for(world.users.admin)
    page = c.get(f"/system/roles/{role.pk}/")
    assert page.status_code == 200 and 'id="permission-matrix"' in page.content.decode()
    before = set(role.group.permissions.all())
    add_region = Permission.objects.get(codename="add_region")
    view_change = Permission.objects.get(codename="view_objectchange")
    wanted = (before - {view_change}) | {add_region}
    response = c.post(f"/system/roles/{role.pk}/", {"perm": [str(p.pk) for p in wanted] + ["x"]})
    assert response.status_code == 302
    assert set(Group.objects.get(pk=role.group.pk).permissions.all()) == wanted
    event = AuditEvent.objects.get(kind="permission", detail__role="auditor")
    assert event.user == world.users.admin
    assert event.detail["added"] == ["regions.add_region"]
    assert event.detail["removed"] == ["audit.view_objectchange"]
    auditor = User.objects.get(pk=world.users.auditor.pk)
    assert auditor.has_perm("regions.add_region") and not auditor.has_perm("audit.view_objectchange")
    assert c.get("/system/roles/999999/").status_code == 404


@pytest.mark.django_db
def test_role_page_changes_only_the_permissions_it_shows(world, client_for, monkeypatch):
    from yingji.platform.accounts import roles

    role = Role.objects.select_related("group").get(code="leader")
    hidden = Permission.objects.get(content_type__app_label="auth", codename="add_group")  # not on the page
    role.group.permissions.add(hidden)
    page = client_for(world.users.admin).get(f"/system/roles/{role.pk}/").content.decode()
    assert f'value="{hidden.pk}"' not in page
    shown = [int(v) for v in re.findall(r'name="perm" value="(\d+)"', page)]
    assert Permission.objects.get(codename="view_region").pk in shown
    crafted = Permission.objects.get(content_type__app_label="auth", codename="delete_group")
    client_for(world.users.admin).post(f"/system/roles/{role.pk}/", {"perm": [str(crafted.pk)]})
    after = set(Group.objects.get(pk=role.group.pk).permissions.all())
    assert hidden in after  # kept although the form could not send it
    assert crafted not in after  # not grantable through a crafted form
    assert not after & {Permission.objects.get(pk=pk) for pk in shown}  # everything shown was unticked
    # a model that is no business record but on which a module grants rights (a rule table) is on the page
    monkeypatch.setitem(roles.ROLE_DEFAULTS, "sysadmin", roles.ROLE_DEFAULTS["sysadmin"] | {"core.view_importjob"})
    page = client_for(world.users.admin).get(f"/system/roles/{role.pk}/").content.decode()
    assert f'value="{Permission.objects.get(codename="view_importjob").pk}"' in page


@pytest.mark.django_db
def test_role_permission_page_is_for_administrators_only(world, client_for):
    role = Role.objects.get(code="auditor")
    before = set(role.group.permissions.values_list("pk", flat=True))
    events = AuditEvent.objects.filter(kind="permission").count()
    for user in (world.users.leader, world.users.auditor, world.users.township_a, world.users.nobody):
        c = client_for(user)
        assert c.get("/system/roles/").status_code == 403
        assert c.get(f"/system/roles/{role.pk}/").status_code == 403
        assert c.post(f"/system/roles/{role.pk}/", {"perm": []}).status_code == 403
    assert set(Role.objects.get(pk=role.pk).group.permissions.values_list("pk", flat=True)) == before
    assert AuditEvent.objects.filter(kind="permission").count() == events
