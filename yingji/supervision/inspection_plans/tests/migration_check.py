"""Run in a subprocess against a scratch database (DATABASE_URL) by test_moved_from_inspections.py: migrate to the
state before the annual plan left inspections, store a plan as a bureau's database holds it (its frequencies, a
planned inspection answered by an inspection record, a 检查频次标准 row, the content types, a role's grant and its
record of the defaults it was given, an audit row, a user's list columns and saved filter), run `migrate` to the
end as an upgrade does (with its post_migrate: content types, permissions, the roles' defaults) and print what the
new state finds (JSON)."""

import json
import os


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    # the last migration before the move, and the apps it rewrites rows of as they are (they do not depend on it)
    before = [("inspections", "0008_draws_moved"),
              *(key for key in executor.loader.graph.leaf_nodes() if key[0] in ("audit", "accounts", "core"))]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps

    def model(label, name):
        return old.get_model(label, name)

    ContentType, Permission, Group = model("contenttypes", "ContentType"), model("auth", "Permission"), \
        model("auth", "Group")
    region = model("regions", "Region").objects.create(code="331099000000", name="安澜县", level=3)
    user = model("accounts", "User").objects.create(username="leader", password="!", region=region)
    department = model("accounts", "Organisation").objects.create(name="安澜县应急管理局", kind="bureau", region=region)
    enterprise = model("enterprises", "Enterprise").objects.create(
        name="安澜化工有限公司", credit_code="91331099MA2A000001", address="安澜县青石镇", region=region,
        sector="hazchem_use", supervising_department=department, principal_name="王强", risk_grade="A")
    plan = model("inspections", "InspectionPlan").objects.create(name="安澜县2026年度安全生产监督检查计划",
                                                                 year=2026, region=region, created_by=user)
    model("inspections", "PlanFrequency").objects.create(plan=plan, risk_grade="A", times_per_year=4)
    item = model("inspections", "PlannedInspection").objects.create(plan=plan, enterprise=enterprise, month=3)
    inspection = model("inspections", "Inspection").objects.create(
        enterprise=enterprise, region=region, inspected_on="2026-03-05", kind="enforcement", plan_item=item)
    rule = model("inspections", "FrequencyRule").objects.create(risk_grade="B", times_per_year=2, region=region,
                                                                legal_basis="浙江省安全生产分类分级监管办法")
    moved = ("inspectionplan", "planfrequency", "frequencyrule", "plannedinspection")
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in moved}
    view_plan = Permission.objects.create(codename="view_inspectionplan", name="Can view 年度监督检查计划",
                                          content_type_id=cts["inspectionplan"])
    Permission.objects.create(codename="view_frequencyrule", name="Can view 检查频次标准",
                              content_type_id=cts["frequencyrule"])
    # the leader was given both by default; an administrator took 检查频次标准 away again
    group = Group.objects.create(name="局领导")
    group.permissions.add(view_plan)
    model("accounts", "Role").objects.create(code="leader", group=group, seeded=[
        "accounts.view_user", "inspections.view_frequencyrule", "inspections.view_inspectionplan"])
    model("audit", "ObjectChange").objects.create(
        action="create", content_type_id=cts["planfrequency"], object_id=plan.frequencies.get().pk,
        object_repr="A（红）：4", related_content_type_id=cts["inspectionplan"], related_object_id=plan.pk,
        region=region)
    model("core", "ListPreference").objects.create(user=user, list_name="inspections:inspectionplan_list",
                                                   hidden_columns=["region"])
    model("core", "SavedFilter").objects.create(user=user, list_name="inspections:inspectionplan_list",
                                                name="今年", query="year=2026")

    call_command("migrate", verbosity=0, interactive=False)  # to the end, and post_migrate, as an upgrade runs
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from yingji.platform.accounts.models import Role
    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.core.models import ListPreference, SavedFilter
    from yingji.supervision.inspection_plans.models import FrequencyRule, InspectionPlan, PlannedInspection
    from yingji.supervision.inspections.models import Inspection

    found = InspectionPlan.objects.get(pk=plan.pk)
    change = ObjectChange.objects.get(object_id=plan.frequencies.get().pk)
    leader = Group.objects.get(name="局领导")
    print(json.dumps({
        "plan": [found.name, dict(found.frequencies.values_list("risk_grade", "times_per_year")),
                 list(found.items.values_list("pk", flat=True))],
        "answered_by": list(PlannedInspection.objects.get(pk=item.pk).inspections.values_list("pk", flat=True)),
        "inspection_item": [Inspection.objects.get(pk=inspection.pk).plan_item_id, inspection.pk, item.pk],
        "rule": FrequencyRule.objects.rules_by("risk_grade", None, found.region)["B"].pk == rule.pk,
        "content_types": sorted((ct.app_label, ct.model, ct.pk) for ct in ContentType.objects.filter(model__in=moved)),
        "old_ids": cts,
        "view_plan": [Permission.objects.get(pk=view_plan.pk).content_type.app_label,
                      leader.permissions.filter(pk=view_plan.pk).exists()],
        "leader_perms": sorted(f"{p.content_type.app_label}.{p.codename}" for p in leader.permissions.filter(
            content_type__model__in=moved)),
        "seeded": [p for p in Role.objects.get(code="leader").seeded if p.split("_")[-1] in moved],
        "audit": [change.content_type.app_label, change.content_type.model, change.related_content_type.app_label,
                  change.related_content_type.model],
        "lists": [list(ListPreference.objects.values_list("list_name", flat=True)),
                  list(SavedFilter.objects.values_list("list_name", flat=True))],
        "plans_in_inspections_state": [m._meta.label for m in apps.get_app_config("inspections").get_models()
                                       if m.__name__ in ("InspectionPlan", "PlanFrequency", "FrequencyRule",
                                                         "PlannedInspection")],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
