"""The campaigns moved to yingji.supervision.campaigns (issue 8): a draw's `campaign` now points at
campaigns.Campaign, in the state only: the column and the table it refers to (inspections_campaign) are
unchanged, so the database keeps its foreign key as it is."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('draws', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.AlterField(
                model_name='draw',
                name='campaign',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='draws', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            ],
        ),
    ]
