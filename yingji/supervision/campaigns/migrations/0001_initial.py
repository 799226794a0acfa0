"""专项行动 moved out of inspections (issue 8): the models' state only. Their tables already exist under their old
names (Meta.db_table: inspections_campaign, inspections_campaignplace; the M2M inspections_campaign_enterprises
follows), so nothing is created; inspections/0009 removes them from the inspections state and moves their content
types (and with them permissions, role grants and audit references) to this app."""

import django.db.models.deletion
import django.utils.timezone
import yingji.platform.core.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('enterprises', '0007_lon_lat_index'),
        ('inspections', '0008_draws_moved'),
        ('regions', '0003_grid_level'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='Campaign',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                    ('void_reason', models.CharField(blank=True, editable=False, max_length=500, verbose_name='作废原因')),
                    ('name', models.CharField(max_length=150, verbose_name='行动名称')),
                    ('start_date', models.DateField(verbose_name='开始日期')),
                    ('end_date', models.DateField(verbose_name='结束日期')),
                    ('sectors', models.JSONField(blank=True, default=list, verbose_name='涉及行业')),
                    ('description', models.TextField(blank=True, verbose_name='工作要求')),
                    ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                    ('enterprises', models.ManyToManyField(blank=True, related_name='campaigns', to='enterprises.enterprise', verbose_name='纳入企业')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='区划')),
                    ('voided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
                ],
                options={
                    'verbose_name': '专项行动',
                    'verbose_name_plural': '专项行动',
                    'db_table': 'inspections_campaign',
                    'ordering': ['-start_date', 'name'],
                },
                bases=(yingji.platform.core.models.ScopedMixin, models.Model),
            ),
            migrations.CreateModel(
                name='CampaignPlace',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=150, verbose_name='场所名称')),
                    ('address', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                    ('inspected_on', models.DateField(blank=True, help_text='已检查的填写检查日期；未检查的留空', null=True, verbose_name='检查日期')),
                    ('note', models.CharField(blank=True, max_length=300, verbose_name='说明')),
                    ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='places', to='campaigns.campaign', verbose_name='专项行动')),
                ],
                options={
                    'verbose_name': '纳入场所',
                    'verbose_name_plural': '纳入场所',
                    'db_table': 'inspections_campaignplace',
                    'ordering': ['campaign', 'pk'],
                },
            ),
            ],
        ),
    ]
