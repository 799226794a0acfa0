"""Run in a subprocess against a scratch database (DATABASE_URL) by test_moved_apps.py: migrate to the state before
the first of the apps split out of inspections left it (the draws, inspections/0008), store what a bureau's database
holds of each (draws/, inspection_plans/ and campaigns/tests/migration_check.py), run `migrate` to the end as an
upgrade does (with its post_migrate) and print what the new state finds of each (JSON). One migration run for the
three moves: applying every migration from an empty database is the cost of such a test."""

import json
import os


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from yingji.supervision.campaigns.tests import migration_check as campaigns
    from yingji.supervision.draws.tests import migration_check as draws
    from yingji.supervision.inspection_plans.tests import migration_check as plans

    executor = MigrationExecutor(connection)
    # the last migration before the first move, and the apps whose rows the moves rewrite as they are now (the audit
    # trail, the roles, the users' list settings: they do not depend on the moves)
    before = [("inspections", "0007_campaign_places"),
              *(key for key in executor.loader.graph.leaf_nodes() if key[0] in ("audit", "accounts", "core"))]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps

    def model(label, name):
        return old.get_model(label, name)

    region = model("regions", "Region").objects.create(code="331099000000", name="安澜县", level=3)
    bureau = model("accounts", "Organisation").objects.create(name="安澜县应急管理局", kind="bureau", region=region)
    common = {
        "region": region,
        "leader": model("accounts", "User").objects.create(username="leader", password="!", region=region),
        "officer": model("accounts", "User").objects.create(username="officer", password="!", region=region),
        "leaders": model("auth", "Group").objects.create(name="局领导"),
        "enterprise": model("enterprises", "Enterprise").objects.create(
            name="安澜化工有限公司", credit_code="91331099MA2A000001", address="安澜县城关镇工业路1号", region=region,
            sector="hazchem_use", principal_name="王五", supervising_department=bureau, risk_grade="A"),
    }
    parts = {"draws": draws, "plans": plans, "campaigns": campaigns}
    stored = {name: part.store(old, common) for name, part in parts.items()}

    call_command("migrate", verbosity=0, interactive=False)  # to the end, and post_migrate, as an upgrade runs
    executor = MigrationExecutor(connection)
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    print(json.dumps({name: part.found(new, stored[name]) for name, part in parts.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
