"""Run in a subprocess against a scratch database (DATABASE_URL) by test_moved_from_inspections.py: migrate to
the state before the campaigns left inspections, store a campaign as a bureau's database holds it (with a place, an
enterprise it covers, an inspection attributed to it, its content type, a permission granted to a role and an audit
row), migrate to the end, and print what the new state finds (JSON)."""

import datetime
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
    before = [("inspections", "0008_draws_moved"),
              *(key for key in executor.loader.graph.leaf_nodes() if key[0] == "audit")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps

    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    region = old.get_model("regions", "Region").objects.create(code="331099000000", name="安澜县", level=3)
    user = old.get_model("accounts", "User").objects.create(username="officer", password="!", region=region)
    bureau = old.get_model("accounts", "Organisation").objects.create(name="安澜县应急管理局", kind="bureau",
                                                                      region=region)
    enterprise = old.get_model("enterprises", "Enterprise").objects.create(
        name="安澜化工有限公司", credit_code="91331099MA2A000001", address="安澜县城关镇工业路1号", region=region,
        sector="hazchem_use", principal_name="王五", supervising_department=bureau)
    campaign = old.get_model("inspections", "Campaign").objects.create(
        name="重大事故隐患专项排查整治2026行动", region=region, start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 6, 30), sectors=["hazchem_use"], created_by=user)
    campaign.enterprises.add(enterprise)
    place = old.get_model("inspections", "CampaignPlace").objects.create(
        campaign=campaign, name="城关农贸市场", inspected_on=datetime.date(2026, 3, 9))
    inspection = old.get_model("inspections", "Inspection").objects.create(
        enterprise=enterprise, region=region, inspected_on=datetime.date(2026, 3, 10), campaign=campaign)
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in ("campaign", "campaignplace")}
    add = Permission.objects.create(codename="add_campaign", name="Can add 专项行动", content_type_id=cts["campaign"])
    Group.objects.create(name="执法人员").permissions.add(add)
    ObjectChange = old.get_model("audit", "ObjectChange")
    ObjectChange.objects.create(action="create", content_type_id=cts["campaign"], object_id=campaign.pk,
                                object_repr=campaign.name, region=region)
    ObjectChange.objects.create(action="create", content_type_id=cts["campaignplace"], object_id=place.pk,
                                object_repr=place.name, region=region)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    new = executor.loader.project_state(leaves).apps
    ContentType = new.get_model("contenttypes", "ContentType")
    moved = new.get_model("campaigns", "Campaign").objects.get(pk=campaign.pk)
    permission = new.get_model("auth", "Permission").objects.get(codename="add_campaign")
    changes = new.get_model("audit", "ObjectChange").objects.order_by("pk")
    print(json.dumps({
        "name": moved.name,
        "enterprises": list(moved.enterprises.values_list("name", flat=True)),
        "places": list(moved.places.values_list("name", flat=True)),
        "inspection_campaign": [new.get_model("inspections", "Inspection").objects.get(pk=inspection.pk)
                                .campaign._meta.label, moved.inspections.count()],
        "content_types": sorted([ct.app_label, ct.model, ct.pk] for ct in ContentType.objects.filter(
            model__in=["campaign", "campaignplace"])),
        "old_ids": cts,
        "permission": [permission.content_type.app_label, permission.pk == add.pk,
                       list(permission.group_set.values_list("name", flat=True))],
        "audit": [[c.content_type.app_label, c.content_type.model, c.object_id] for c in changes],
        "ids": [campaign.pk, place.pk],
        "campaigns_in_inspections_state": [m._meta.label for m in new.get_app_config("inspections").get_models()
                                           if m.__name__.startswith("Campaign")],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
