"""The campaigns moved to yingji.supervision.campaigns (issue 8): a case's, a penalty's and a measure's `campaign` now points at
campaigns.Campaign, in the state only: the column and the table it refers to (inspections_campaign) are
unchanged, so the database keeps its foreign key as it is."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('enforcement', '0004_campaign_attribution'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.AlterField(
                model_name='enforcementcase',
                name='campaign',
                field=models.ForeignKey(blank=True, help_text='在专项行动中查处的案件；只能选择立案日期（未立案的为今天）在其期间内的专项行动', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enforcement_cases', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            migrations.AlterField(
                model_name='measure',
                name='campaign',
                field=models.ForeignKey(blank=True, help_text='不选则取关联案件的专项行动', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enforcement_measures', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            migrations.AlterField(
                model_name='penalty',
                name='campaign',
                field=models.ForeignKey(blank=True, help_text='不选则取案件的专项行动', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='penalties', to='campaigns.campaign', verbose_name='专项行动'),
            ),
            ],
        ),
    ]
