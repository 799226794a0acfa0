"""The audit gaps 等保 level 3 asks to be closed: every audited child row carries a region, a service's explicit actor
is the audit row's actor (also in a background task), and the history reads as a person reads it."""

import datetime
import io

import pytest
from django.apps import apps
from django.tasks import task
from openpyxl import load_workbook

from yingji.platform.accounts.choices import OrgKind
from yingji.platform.accounts.models import Organisation, User
from yingji.platform.audit.context import acting
from yingji.platform.audit.models import ObjectChange
from yingji.platform.audit.recorder import region_path
from yingji.platform.core.models import AuditedMixin, ScopedMixin
from yingji.platform.core.services import void_record
from yingji.platform.regions.models import Region

pytestmark = pytest.mark.django_db


def changes_of(obj):
    return ObjectChange.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk).order_by("id")


# --- every child row carries a region -------------------------------------------------------------------------------
def _ends_at_a_region(model, path):
    if path == "":
        return issubclass(model, Region)
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if not (field.many_to_one or field.one_to_one):
            return False
        model = field.related_model
    return issubclass(model, Region)


def test_every_audited_model_that_belongs_to_a_scoped_record_carries_a_region():
    """A model whose rows belong to a region-scoped record (a foreign key to one) has a region path, its own
    (scope_region_field) or its record's (audit_parent), ending at a foreign key to Region; only reference data
    tied to no scoped record (e.g. the national critical quantities) has none."""
    missing, broken = [], []
    for model in apps.get_models():
        if not issubclass(model, AuditedMixin) or not model.__module__.startswith("yingji."):
            continue
        path = region_path(model)
        if path is None:
            if any(f.many_to_one and issubclass(f.related_model, ScopedMixin) and not issubclass(
                    f.related_model, (Region, User)) for f in model._meta.concrete_fields):
                missing.append(model._meta.label)
        elif not _ends_at_a_region(model, path):
            broken.append((model._meta.label, path))
    assert missing == [], "declare audit_parent (the foreign key to the record the row belongs to) on these"
    assert broken == [], broken


# --- the service's explicit actor ---------------------------------------------------------------------------------
@task()
def void_in_the_background(organisation_id, actor_id):
    """A background task (no request, no audit context) running a service as an explicit actor."""
    void_record(Organisation.objects.get(pk=organisation_id), actor=User.objects.get(pk=actor_id),
                reason="撤并")


def test_a_service_in_a_background_task_is_audited_as_its_actor(world):
    org = Organisation.objects.create(name="撤并的单位", kind=OrgKind.OTHER, region=world.regions.township_a)
    void_in_the_background.enqueue(org.pk, world.users.leader.pk)
    row = changes_of(org).get(action="void")
    assert row.user == world.users.leader and row.user_name == str(world.users.leader)
    assert row.message == "撤并"


def test_a_services_actor_wins_over_the_acting_user_and_keeps_the_context(world):
    org = Organisation.objects.create(name="另一个单位", kind=OrgKind.OTHER, region=world.regions.township_a)
    with acting(world.users.admin, ip="10.0.0.9", source="command") as ctx:
        void_record(org, actor=world.users.township_a, reason="重复登记")
        Organisation.objects.filter(pk=org.pk).update(name="另一个单位（改）")
    void, update = changes_of(org).filter(action__in=["void", "update"]).order_by("id")
    assert void.user == world.users.township_a and void.request_id == ctx.request_id
    assert void.ip == "10.0.0.9" and void.source == "command"
    assert update.user == world.users.admin  # outside the service, the acting user again


# --- the history as a person reads it -------------------------------------------------------------------------------
def _edit_user(world):
    # an account whose password was never changed (the history shows "—" for the empty value)
    type(world.users.township_a).objects.filter(pk=world.users.township_a.pk).update(password_changed_at=None)
    target = type(world.users.township_a).objects.get(pk=world.users.township_a.pk)
    with acting(world.users.admin, source="web"):
        target.phone = "13700009876"
        target.organisation = world.orgs.office_b
        target.region = world.regions.township_b
        target.is_active = False
        target.password_changed_at = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)
        target.save()
    return target


def test_the_history_reads_labels_names_and_local_times_not_codes_ids_and_utc(world, client_for):
    target = _edit_user(world)
    row = changes_of(target).get(action="update", user=world.users.admin)
    assert row.postchange["organisation_id"] == world.orgs.office_b.pk  # the stored row keeps the raw values
    assert row.postchange["password_changed_at"] == "2026-03-01T16:30:00+00:00"

    page = client_for(world.users.auditor).get(f"/users/{target.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "所在单位</b>：青石镇应急办 → 白水镇应急办" in history
    assert "管辖区划</b>：青石镇 → 白水镇" in history
    assert "有效</b>：是 → 否" in history
    assert "密码修改时间</b>：— → 2026-03-02 00:30:00" in history
    assert "+00:00" not in history and "organisation_id" not in history
    assert "手机号码</b>：138****1234 → 137****9876" in history and "13700009876" not in history

    org = Organisation.objects.create(name="县消防救援大队", kind=OrgKind.OTHER, region=world.regions.county)
    with acting(world.users.admin):
        org.kind = OrgKind.RESCUE
        org.save()
    page = client_for(world.users.admin).get(f"/organisations/{org.pk}/").content.decode()
    assert "单位类型</b>：其他单位 → 救援队伍" in page
    assert "other → rescue" not in page


def test_the_audit_log_page_and_its_export_read_the_same_and_mask_personal_data(world, client_for):
    target = _edit_user(world)
    url = "/system/changes/"
    params = {"object_id": target.pk, "action": "update", "user_name": "admin"}
    page = client_for(world.users.auditor).get(url, params).content.decode()
    assert "手机号码：138****1234 → 137****9876" in page and "13700009876" not in page
    assert "所在单位：青石镇应急办 → 白水镇应急办" in page and "密码修改时间：— → 2026-03-02 00:30:00" in page
    assert "有效、所在单位、密码修改时间、手机号码、管辖区划" in page  # the 变更字段 column reads labels too
    assert "organisation_id" not in page
    # who may see personal data sees it here too
    assert "13700009876" in client_for(world.users.admin).get(url, params).content.decode()

    response = client_for(world.users.auditor).get(url, {**params, "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, line = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "变更内容" in header
    assert "手机号码：138****1234 → 137****9876" in line["变更内容"] and "13700009876" not in str(rows)
    assert "所在单位：青石镇应急办 → 白水镇应急办" in line["变更内容"]
    assert line["变更字段"] == "有效、所在单位、密码修改时间、手机号码、管辖区划"
    assert "+00:00" not in str(rows)
    # a change of roles (many-to-many) names what was added and what the roles are now
    from yingji.platform.accounts.models import Role

    with acting(world.users.admin, source="web"):
        world.users.township_b.groups.add(Role.objects.get(code="disaster_officer").group)
    history = client_for(world.users.admin).get(f"/users/{world.users.township_b.pk}/").content.decode()
    assert "组</b>：新增 灾害信息员 → 现为 " in history
    now_reads = history.split("组</b>：新增 灾害信息员 → 现为 ", 1)[1].split("<", 1)[0]
    assert sorted(now_reads.split("、")) == sorted(["灾害信息员", "乡镇应急办人员"]), now_reads
