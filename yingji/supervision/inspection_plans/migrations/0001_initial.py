"""年度监督检查计划 moved out of inspections (issue 8): the models' state only. Their tables already exist under their
old names (Meta.db_table), so nothing is created; inspections/0009 removes them from the inspections state, points
Inspection.plan_item here and moves their content types (and with them permissions, role grants and audit references)
to this app.

It follows inspections/0008 so that the tables exist before any later migration of this app changes them."""

import django.core.validators
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
                    name='FrequencyRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                        ('void_reason', models.CharField(blank=True, editable=False, max_length=500, verbose_name='作废原因')),
                        ('legal_basis', models.CharField(help_text='法律、法规、规章或规范性文件的名称及条款', max_length=300, verbose_name='法律依据')),
                        ('valid_from', models.DateField(blank=True, help_text='含本日；空为一直有效', null=True, verbose_name='施行日期')),
                        ('valid_to', models.DateField(blank=True, help_text='最后有效的一天；空为现行有效。新规定施行时，旧规定填写废止日期', null=True, verbose_name='废止日期')),
                        ('risk_grade', models.CharField(choices=[('A', 'A（红）'), ('B', 'B（橙）'), ('C', 'C（黄）'), ('D', 'D（蓝）')], max_length=1, verbose_name='风险等级')),
                        ('times_per_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(12, '每年检查次数不应超过 12 次')], verbose_name='每年检查次数')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('region', models.ForeignKey(blank=True, help_text='空为全国通用；填写省、市或县则为该地的规定，在该地优先于全国规定', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='适用区划')),
                        ('voided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
                    ],
                    options={
                        'verbose_name': '检查频次标准',
                        'verbose_name_plural': '检查频次标准',
                        'db_table': 'inspections_frequencyrule',
                        'ordering': ['risk_grade', 'valid_from'],
                    },
                    bases=(yingji.platform.core.models.ScopedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='InspectionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                        ('void_reason', models.CharField(blank=True, editable=False, max_length=500, verbose_name='作废原因')),
                        ('name', models.CharField(max_length=120, verbose_name='计划名称')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                        ('notes', models.TextField(blank=True, verbose_name='说明')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='区划')),
                        ('voided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
                    ],
                    options={
                        'verbose_name': '年度监督检查计划',
                        'verbose_name_plural': '年度监督检查计划',
                        'db_table': 'inspections_inspectionplan',
                        'ordering': ['-year', 'region__code'],
                    },
                    bases=(yingji.platform.core.models.ScopedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='PlanFrequency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('risk_grade', models.CharField(choices=[('A', 'A（红）'), ('B', 'B（橙）'), ('C', 'C（黄）'), ('D', 'D（蓝）')], max_length=1, verbose_name='风险等级')),
                        ('times_per_year', models.PositiveSmallIntegerField(verbose_name='每年检查次数')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='frequencies', to='inspection_plans.inspectionplan', verbose_name='计划')),
                    ],
                    options={
                        'verbose_name': '检查频次',
                        'verbose_name_plural': '检查频次',
                        'db_table': 'inspections_planfrequency',
                        'ordering': ['plan', 'risk_grade'],
                    },
                ),
                migrations.CreateModel(
                    name='PlannedInspection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.PositiveSmallIntegerField(verbose_name='计划月份')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='planned_inspections', to='enterprises.enterprise', verbose_name='企业')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='inspection_plans.inspectionplan', verbose_name='计划')),
                    ],
                    options={
                        'verbose_name': '计划检查',
                        'verbose_name_plural': '计划检查',
                        'db_table': 'inspections_plannedinspection',
                        'ordering': ['plan', 'month', 'enterprise__name', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='inspectionplan',
                    constraint=models.UniqueConstraint(condition=models.Q(('voided_at__isnull', True)), fields=('region', 'year'), name='inspectionplan_one_per_region_year', violation_error_message='该区划本年度已有检查计划'),
                ),
                migrations.AddConstraint(
                    model_name='planfrequency',
                    constraint=models.UniqueConstraint(fields=('plan', 'risk_grade'), name='planfrequency_unique_grade'),
                ),
                migrations.AddConstraint(
                    model_name='plannedinspection',
                    constraint=models.UniqueConstraint(fields=('plan', 'enterprise', 'month'), name='plannedinspection_unique_month'),
                ),
            ],
        ),
    ]
