"""双随机抽查 moved out of inspections (issue 8): the models' state only. Their tables already exist under their old
names (Meta.db_table), so nothing is created; inspections/0008 removes them from the inspections state and moves
their content types (and with them permissions, role grants and audit references) to this app."""

import django.db.models.deletion
import django.utils.timezone
import yingji.platform.core.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('enterprises', '0006_filed_on'),
        ('inspections', '0007_campaign_places'),
        ('regions', '0003_grid_level'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                    migrations.CreateModel(
                        name='Draw',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                            ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                            ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                            ('void_reason', models.CharField(blank=True, editable=False, max_length=500, verbose_name='作废原因')),
                            ('title', models.CharField(max_length=150, verbose_name='抽查名称')),
                            ('drawn_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='抽取日期')),
                            ('seed', models.BigIntegerField(editable=False, verbose_name='随机种子')),
                            ('parameters', models.JSONField(default=dict, editable=False, verbose_name='抽取条件')),
                            ('pool', models.JSONField(default=list, editable=False, verbose_name='企业名录（编号，升序）')),
                            ('inspector_pool', models.JSONField(default=list, editable=False, verbose_name='执法人员名录（编号，升序）')),
                            ('conflicts', models.JSONField(default=dict, editable=False, help_text='企业编号 → 须回避的执法人员编号', verbose_name='回避关系')),
                            ('status', models.CharField(choices=[('drawn', '已抽取'), ('published', '已审核公示')], default='drawn', editable=False, max_length=12, verbose_name='状态')),
                            ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='审核公示时间')),
                            ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='draws', to='inspections.campaign', verbose_name='专项行动')),
                            ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                            ('published_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
                            ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='抽查区划')),
                            ('voided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
                        ],
                        options={
                            'verbose_name': '双随机抽查',
                            'verbose_name_plural': '双随机抽查',
                            'db_table': 'inspections_draw',
                            'ordering': ['-drawn_on', '-pk'],
                            'permissions': [('approve_draw', '审核公示双随机抽查结果')],
                        },
                        bases=(yingji.platform.core.models.ScopedMixin, models.Model),
                    ),
                    migrations.CreateModel(
                        name='DrawEvent',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('transition', models.CharField(max_length=20, verbose_name='操作')),
                            ('at', models.DateTimeField(default=django.utils.timezone.now, help_text='实际办理时间（补录的步骤为其实际发生的时间）', verbose_name='时间')),
                            ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='录入时间')),
                            ('note', models.TextField(blank=True, verbose_name='说明')),
                            ('from_state', models.CharField(choices=[('drawn', '已抽取'), ('published', '已审核公示')], max_length=20, verbose_name='原状态')),
                            ('to_state', models.CharField(choices=[('drawn', '已抽取'), ('published', '已审核公示')], max_length=20, verbose_name='新状态')),
                            ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                            ('draw', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='draws.draw', verbose_name='双随机抽查')),
                            ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='所属区划')),
                        ],
                        options={
                            'verbose_name': '双随机抽查审核记录',
                            'verbose_name_plural': '双随机抽查审核记录',
                            'db_table': 'inspections_drawevent',
                            'ordering': ['at', 'pk'],
                            'abstract': False,
                        },
                        bases=(yingji.platform.core.models.ScopedMixin, models.Model),
                    ),
                    migrations.CreateModel(
                        name='DrawItem',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('position', models.PositiveIntegerField(verbose_name='序号')),
                            ('draw', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='draws.draw', verbose_name='抽查')),
                            ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='draw_items', to='enterprises.enterprise', verbose_name='企业')),
                            ('inspectors', models.ManyToManyField(related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='执法人员')),
                        ],
                        options={
                            'verbose_name': '抽查结果',
                            'verbose_name_plural': '抽查结果',
                            'db_table': 'inspections_drawitem',
                            'ordering': ['draw', 'position'],
                            'constraints': [models.UniqueConstraint(fields=('draw', 'position'), name='drawitem_unique_position')],
                        },
                    ),
            ],
        ),
    ]
