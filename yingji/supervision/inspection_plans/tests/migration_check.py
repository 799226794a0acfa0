"""The annual plan's part of the moves check (inspections/tests/moves_check.py): before the plan left inspections,
store a plan as a bureau's database holds it (its frequencies, a planned inspection answered by an inspection
record, a 检查频次标准 row, the content types, a role's grant and its record of the defaults it was given, an audit
row, a user's list columns and saved filter); after `migrate` as an upgrade runs it (with its post_migrate: content
types, permissions, the roles' defaults), what the new state finds."""

MOVED = ("inspectionplan", "planfrequency", "frequencyrule", "plannedinspection")


def store(old, common):
    def model(label, name):
        return old.get_model(label, name)

    ContentType, Permission = model("contenttypes", "ContentType"), model("auth", "Permission")
    region, user, enterprise = common["region"], common["leader"], common["enterprise"]
    plan = model("inspections", "InspectionPlan").objects.create(name="安澜县2026年度安全生产监督检查计划",
                                                                 year=2026, region=region, created_by=user)
    frequency = model("inspections", "PlanFrequency").objects.create(plan=plan, risk_grade="A", times_per_year=4)
    item = model("inspections", "PlannedInspection").objects.create(plan=plan, enterprise=enterprise, month=3)
    inspection = model("inspections", "Inspection").objects.create(
        enterprise=enterprise, region=region, inspected_on="2026-03-05", kind="enforcement", plan_item=item)
    rule = model("inspections", "FrequencyRule").objects.create(risk_grade="B", times_per_year=2, region=region,
                                                                legal_basis="浙江省安全生产分类分级监管办法")
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in MOVED}
    view_plan = Permission.objects.create(codename="view_inspectionplan", name="Can view 年度监督检查计划",
                                          content_type_id=cts["inspectionplan"])
    Permission.objects.create(codename="view_frequencyrule", name="Can view 检查频次标准",
                              content_type_id=cts["frequencyrule"])
    # the leader was given both by default; an administrator took 检查频次标准 away again
    common["leaders"].permissions.add(view_plan)
    model("accounts", "Role").objects.create(code="leader", group=common["leaders"], seeded=[
        "accounts.view_user", "inspections.view_frequencyrule", "inspections.view_inspectionplan"])
    model("audit", "ObjectChange").objects.create(
        action="create", content_type_id=cts["planfrequency"], object_id=frequency.pk,
        object_repr="A（红）：4", related_content_type_id=cts["inspectionplan"], related_object_id=plan.pk,
        region=region)
    model("core", "ListPreference").objects.create(user=user, list_name="inspections:inspectionplan_list",
                                                   hidden_columns=["region"])
    model("core", "SavedFilter").objects.create(user=user, list_name="inspections:inspectionplan_list",
                                                name="今年", query="year=2026")
    return {"plan": plan.pk, "frequency": frequency.pk, "item": item.pk, "inspection": inspection.pk,
            "rule": rule.pk, "view_plan": view_plan.pk, "cts": cts}


def found(new, ids):
    """Read through the current models: the database is at the end of the migrations."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from yingji.platform.accounts.models import Role
    from yingji.platform.audit.models import ObjectChange
    from yingji.platform.core.models import ListPreference, SavedFilter
    from yingji.supervision.inspection_plans.models import FrequencyRule, InspectionPlan, PlannedInspection
    from yingji.supervision.inspections.models import Inspection

    plan = InspectionPlan.objects.get(pk=ids["plan"])
    change = ObjectChange.objects.get(object_id=ids["frequency"], content_type_id=ids["cts"]["planfrequency"])
    leader = Group.objects.get(name="局领导")
    return {
        "plan": [plan.name, dict(plan.frequencies.values_list("risk_grade", "times_per_year")),
                 list(plan.items.values_list("pk", flat=True))],
        "answered_by": list(PlannedInspection.objects.get(pk=ids["item"]).inspections.values_list("pk", flat=True)),
        "inspection_item": [Inspection.objects.get(pk=ids["inspection"]).plan_item_id, ids["inspection"], ids["item"]],
        "rule": FrequencyRule.objects.rules_by("risk_grade", None, plan.region)["B"].pk == ids["rule"],
        "content_types": sorted((ct.app_label, ct.model, ct.pk) for ct in ContentType.objects.filter(model__in=MOVED)),
        "old_ids": ids["cts"],
        "view_plan": [Permission.objects.get(pk=ids["view_plan"]).content_type.app_label,
                      leader.permissions.filter(pk=ids["view_plan"]).exists()],
        "leader_perms": sorted(f"{p.content_type.app_label}.{p.codename}" for p in leader.permissions.filter(
            content_type__model__in=MOVED)),
        "seeded": [p for p in Role.objects.get(code="leader").seeded if p.split("_")[-1] in MOVED],
        "audit": [change.content_type.app_label, change.content_type.model, change.related_content_type.app_label,
                  change.related_content_type.model],
        "lists": [list(ListPreference.objects.values_list("list_name", flat=True)),
                  list(SavedFilter.objects.values_list("list_name", flat=True))],
        "plans_in_inspections_state": [m._meta.label for m in apps.get_app_config("inspections").get_models()
                                       if m.__name__ in ("InspectionPlan", "PlanFrequency", "FrequencyRule",
                                                         "PlannedInspection")],
    }
