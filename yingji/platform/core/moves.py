"""What names a model or a list by text follows the model when it moves to another app (issue 8's splits of
inspections into draws, inspection_plans and campaigns), for the data migrations of such a move.

The content type is relabelled by the move itself; permissions, role grants and audit rows refer to its id and
follow it. Two things name a moved model by text and do not: a role's record of the default permissions it was
given (Role.seeded, e.g. "inspections.view_draw"; left behind, the next migrate would give back a permission an
administrator took away, and would count the new name as never granted) and the users' column choices and saved
filters of a list (ListPreference/SavedFilter.list_name, e.g. "inspections:draw_list"; left behind, they are
orphaned). `relabel_content_types` moves the content types, `rename_moved` renames both; running either again
changes nothing.
"""


def relabel_content_types(apps, db, *, source, target, models):
    """The content types of `models` (model names, lower case) from the `source` app label to `target`, in the
    historical `apps` of a migration on database alias `db`: the same rows, so everything that refers to their ids
    (permissions, the roles' grants, the audit rows) follows."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:  # a new database: post_migrate creates the content types under the new label
            continue
        # a content type under the new label made by an earlier post_migrate holds nothing but its own default
        # permissions (nothing was stored under it before this migration): it gives way to the old one
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def _moved(permission, label, models):
    """True for "label.<action>_<model>" naming a permission of a moved model."""
    app, _, codename = permission.partition(".")
    return app == label and codename.rpartition("_")[2] in models


def rename_moved(apps, db, *, source, target, models, lists=()):
    """In the historical `apps` of a migration on database alias `db`: the roles' seeded defaults of `models`
    (model names, lower case) from the `source` label to `target`, and the users' list settings of `lists` (URL
    names without the namespace) from `source:` to `target:`."""
    for role in apps.get_model("accounts", "Role").objects.using(db).all():
        seeded = [f"{target}.{p.partition('.')[2]}" if _moved(p, source, models) else p for p in role.seeded]
        if seeded != role.seeded:
            role.seeded = sorted(set(seeded))
            role.save(update_fields=["seeded"])
    for name in lists:
        for model in ("ListPreference", "SavedFilter"):
            apps.get_model("core", model).objects.using(db).filter(list_name=f"{source}:{name}").update(
                list_name=f"{target}:{name}")
