"""The annual plan (InspectionPlan, PlanFrequency, FrequencyRule, PlannedInspection) moved to
yingji.supervision.inspection_plans (issue 8), as the draws did in 0008.

The tables stay where they are (the models keep them through Meta.db_table), so the schema does not change: this
migration only removes the models from the inspections state (inspection_plans/0001 adds them to its state), points
Inspection.plan_item at inspection_plans.PlannedInspection (the same table, the same column) and moves the models'
content types to the inspection_plans label. A content type's permissions, the roles' grants of them and the audit
rows (ObjectChange.content_type, related_content_type) refer to the content type's id, so they follow it unchanged.

What names a moved model or its list page by text follows too: a role's record of the default permissions it was
given (Role.seeded, "inspections.view_inspectionplan"; without it the next migrate would give back a permission an
administrator took away) and the users' column choices and saved filters of the plan list (list_name
"inspections:inspectionplan_list").
"""

import django.db.models.deletion
from django.db import migrations, models

from yingji.platform.core.moves import relabel_content_types, rename_moved

SOURCE, TARGET = "inspections", "inspection_plans"
MOVED = ("inspectionplan", "planfrequency", "frequencyrule", "plannedinspection")
LISTS = ("inspectionplan_list",)


def move(apps, schema_editor, source=SOURCE, target=TARGET):
    db = schema_editor.connection.alias
    relabel_content_types(apps, db, source=source, target=target, models=MOVED)
    # the defaults each role was given and the users' settings of the plan list, by name (core/moves.py)
    rename_moved(apps, db, source=source, target=target, models=MOVED, lists=LISTS)


def move_back(apps, schema_editor):
    move(apps, schema_editor, source=TARGET, target=SOURCE)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0006_rollupcount'),
        ('inspection_plans', '0001_initial'),
        ('inspections', '0008_draws_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='frequencyrule',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='frequencyrule',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='frequencyrule',
                    name='voided_by',
                ),
                migrations.RemoveConstraint(
                    model_name='inspectionplan',
                    name='inspectionplan_one_per_region_year',
                ),
                migrations.RemoveConstraint(
                    model_name='planfrequency',
                    name='planfrequency_unique_grade',
                ),
                migrations.RemoveConstraint(
                    model_name='plannedinspection',
                    name='plannedinspection_unique_month',
                ),
                migrations.AlterField(
                    model_name='inspection',
                    name='plan_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='inspection_plans.plannedinspection', verbose_name='年度计划检查'),
                ),
                migrations.DeleteModel(
                    name='FrequencyRule',
                ),
                migrations.RemoveField(
                    model_name='inspectionplan',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='inspectionplan',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='inspectionplan',
                    name='voided_by',
                ),
                migrations.RemoveField(
                    model_name='plannedinspection',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='plannedinspection',
                    name='plan',
                ),
                migrations.DeleteModel(
                    name='PlanFrequency',
                ),
                migrations.DeleteModel(
                    name='InspectionPlan',
                ),
                migrations.DeleteModel(
                    name='PlannedInspection',
                ),
            ],
        ),
        # converts rows only (nothing to convert on a new database): not a seed (core/seeding.py)
        migrations.RunPython(move, move_back, elidable=True),
    ]
