"""Run in a subprocess against a scratch database (DATABASE_URL) by test_moved_from_inspections.py: migrate to
the state before the draws left inspections, store a draw as a bureau's database holds it (with its content type, a
permission granted to a role and an audit row), migrate to the end, and print what the new state finds (JSON)."""

import json
import os


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    # the last migration before the move, and the audit trail as it is (it does not depend on the move)
    before = [("inspections", "0007_campaign_places"),
              *(key for key in executor.loader.graph.leaf_nodes() if key[0] == "audit")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps

    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    region = old.get_model("regions", "Region").objects.create(code="331099000000", name="安澜县", level=3)
    user = old.get_model("accounts", "User").objects.create(username="leader", password="!", region=region)
    draw = old.get_model("inspections", "Draw").objects.create(
        title="2026年第一季度双随机抽查", region=region, seed=42, created_by=user)
    old.get_model("inspections", "DrawEvent").objects.create(
        draw=draw, transition="publish", from_state="drawn", to_state="published", actor=user, region=region)
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in ("draw", "drawitem",
                                                                                           "drawevent")}
    approve = Permission.objects.create(codename="approve_draw", name="审核公示双随机抽查结果",
                                        content_type_id=cts["draw"])
    Group.objects.create(name="局领导").permissions.add(approve)
    old.get_model("audit", "ObjectChange").objects.create(
        action="create", content_type_id=cts["draw"], object_id=draw.pk, object_repr=draw.title, region=region)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    new = executor.loader.project_state(leaves).apps
    ContentType = new.get_model("contenttypes", "ContentType")
    moved = new.get_model("draws", "Draw").objects.get(pk=draw.pk)
    permission = new.get_model("auth", "Permission").objects.get(codename="approve_draw")
    change = new.get_model("audit", "ObjectChange").objects.get(object_id=draw.pk)
    print(json.dumps({
        "title": moved.title,
        "events": new.get_model("draws", "DrawEvent").objects.filter(draw_id=draw.pk).count(),
        "content_types": sorted((ct.app_label, ct.model, ct.pk) for ct in ContentType.objects.filter(
            model__in=["draw", "drawitem", "drawevent"])),
        "old_ids": cts,
        "permission": [permission.content_type.app_label, permission.pk == approve.pk,
                       list(permission.group_set.values_list("name", flat=True))],
        "audit": [change.content_type.app_label, change.content_type.model],
        "draws_in_inspections_state": [m._meta.label for m in new.get_app_config("inspections").get_models()
                                       if m.__name__.startswith("Draw")],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
