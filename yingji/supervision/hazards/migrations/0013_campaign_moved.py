"""The campaigns moved to yingji.supervision.campaigns (issue 8): a hazard's `campaign` now points at
campaigns.Campaign, in the state only: the column and the table it refers to (inspections_campaign) are
unchanged, so the database keeps its foreign key as it is."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('hazards', '0012_region_state_found_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.AlterField(
                model_name='hazard',
                name='campaign',
                field=models.ForeignKey(blank=True, help_text='在专项行动中发现的隐患；只能选择发现日期在其期间内的专项行动', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hazards', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            ],
        ),
    ]
