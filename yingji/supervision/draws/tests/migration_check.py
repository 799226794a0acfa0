"""The draws' part of the moves check (inspections/tests/moves_check.py): before the draws left inspections, store a
draw as a bureau's database holds it (its content type, a permission granted to a role, an audit row); after
`migrate`, what the new state finds."""

MOVED = ("draw", "drawitem", "drawevent")


def store(old, common):
    ContentType, Permission = old.get_model("contenttypes", "ContentType"), old.get_model("auth", "Permission")
    region, user = common["region"], common["leader"]
    draw = old.get_model("inspections", "Draw").objects.create(
        title="2026年第一季度双随机抽查", region=region, seed=42, created_by=user)
    old.get_model("inspections", "DrawEvent").objects.create(
        draw=draw, transition="publish", from_state="drawn", to_state="published", actor=user, region=region)
    cts = {m: ContentType.objects.create(app_label="inspections", model=m).pk for m in MOVED}
    approve = Permission.objects.create(codename="approve_draw", name="审核公示双随机抽查结果",
                                        content_type_id=cts["draw"])
    common["leaders"].permissions.add(approve)
    old.get_model("audit", "ObjectChange").objects.create(
        action="create", content_type_id=cts["draw"], object_id=draw.pk, object_repr=draw.title, region=region)
    return {"draw": draw.pk, "approve": approve.pk, "cts": cts}


def found(new, ids):
    ContentType = new.get_model("contenttypes", "ContentType")
    moved = new.get_model("draws", "Draw").objects.get(pk=ids["draw"])
    permission = new.get_model("auth", "Permission").objects.get(codename="approve_draw")
    change = new.get_model("audit", "ObjectChange").objects.get(object_id=ids["draw"],
                                                                content_type_id=ids["cts"]["draw"])
    return {
        "title": moved.title,
        "events": new.get_model("draws", "DrawEvent").objects.filter(draw_id=ids["draw"]).count(),
        "content_types": sorted((ct.app_label, ct.model, ct.pk) for ct in ContentType.objects.filter(model__in=MOVED)),
        "old_ids": ids["cts"],
        "permission": [permission.content_type.app_label, permission.pk == ids["approve"],
                       sorted(permission.group_set.values_list("name", flat=True))],
        "audit": [change.content_type.app_label, change.content_type.model],
        "draws_in_inspections_state": [m._meta.label for m in new.get_app_config("inspections").get_models()
                                       if m.__name__.startswith("Draw")],
    }
