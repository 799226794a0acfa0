"""The campaigns' part of the moves check (inspections/tests/moves_check.py): before the campaigns left inspections,
store a campaign as a bureau's database holds it (a place, an enterprise it covers, an inspection attributed to it,
its content types, a permission granted to a role and audit rows); after `migrate`, what the new state finds."""

import datetime

MOVED = ("campaign", "campaignplace")


def store(old, common):
    ContentType, Permission = old.get_model("contenttypes", "ContentType"), old.get_model("auth", "Permission")
    region, enterprise = common["region"], common["enterprise"]
    campaign = old.get_model("inspections", "Campaign").objects.create(
        name="重大事故隐患专项排查整治2026行动", region=region, start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 6, 30), sectors=["hazchem_use"], created_by=common["officer"])
    campaign.enterprises.add(enterprise)
    place = old.get_model("inspections", "CampaignPlace").objects.create(
        campaign=campaign, name="城关农贸市场", inspected_on=datetime.date(2026, 3, 9))
    inspection = old.get_model("inspections", "Inspection").objects.create(
        enterprise=enterprise, region=region, inspected_on=datetime.date(2026, 3, 10), campaign=campaign)
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in MOVED}
    add = Permission.objects.create(codename="add_campaign", name="Can add 专项行动", content_type_id=cts["campaign"])
    old.get_model("auth", "Group").objects.create(name="执法人员").permissions.add(add)
    ObjectChange = old.get_model("audit", "ObjectChange")
    ObjectChange.objects.create(action="create", content_type_id=cts["campaign"], object_id=campaign.pk,
                                object_repr=campaign.name, region=region)
    ObjectChange.objects.create(action="create", content_type_id=cts["campaignplace"], object_id=place.pk,
                                object_repr=place.name, region=region)
    return {"campaign": campaign.pk, "place": place.pk, "inspection": inspection.pk, "add": add.pk, "cts": cts}


def found(new, ids):
    ContentType = new.get_model("contenttypes", "ContentType")
    moved = new.get_model("campaigns", "Campaign").objects.get(pk=ids["campaign"])
    permission = new.get_model("auth", "Permission").objects.get(codename="add_campaign")
    changes = new.get_model("audit", "ObjectChange").objects.filter(
        content_type_id__in=ids["cts"].values()).order_by("pk")
    return {
        "name": moved.name,
        "enterprises": list(moved.enterprises.values_list("name", flat=True)),
        "places": list(moved.places.values_list("name", flat=True)),
        "inspection_campaign": [new.get_model("inspections", "Inspection").objects.get(pk=ids["inspection"])
                                .campaign._meta.label, moved.inspections.count()],
        "content_types": sorted([ct.app_label, ct.model, ct.pk] for ct in ContentType.objects.filter(model__in=MOVED)),
        "old_ids": ids["cts"],
        "permission": [permission.content_type.app_label, permission.pk == ids["add"],
                       sorted(permission.group_set.values_list("name", flat=True))],
        "audit": [[c.content_type.app_label, c.content_type.model, c.object_id] for c in changes],
        "ids": [ids["campaign"], ids["place"]],
        "campaigns_in_inspections_state": [m._meta.label for m in new.get_app_config("inspections").get_models()
                                           if m.__name__.startswith("Campaign")],
    }
