import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Permit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False,
                                                   verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("voided_at", models.DateTimeField(blank=True, editable=False, null=True, verbose_name="作废时间")),
                ("void_reason", models.CharField(blank=True, editable=False, max_length=500,
                                                 verbose_name="作废原因")),
                ("title", models.CharField(max_length=100, verbose_name="事项")),
                ("state", models.CharField(choices=[("draft", "草稿"), ("submitted", "待审批"), ("approved", "已批准"),
                                                    ("returned", "已退回")], default="draft", max_length=12,
                                           verbose_name="状态")),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="批准日期")),
                ("created_by", models.ForeignKey(blank=True, editable=False, null=True,
                                                 on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="创建人")),
                ("voided_by", models.ForeignKey(blank=True, editable=False, null=True,
                                                on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                to=settings.AUTH_USER_MODEL, verbose_name="作废人")),
                ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to="regions.region", verbose_name="所属区划")),
            ],
            options={"verbose_name": "测试许可", "verbose_name_plural": "测试许可",
                     "permissions": [("approve_permit", "审批测试许可")]},
        ),
        migrations.CreateModel(
            name="PermitEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("transition", models.CharField(max_length=20, verbose_name="操作")),
                ("from_state", models.CharField(max_length=20, verbose_name="原状态")),
                ("to_state", models.CharField(max_length=20, verbose_name="新状态")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("note", models.TextField(blank=True, verbose_name="说明")),
                ("actor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                            to=settings.AUTH_USER_MODEL, verbose_name="操作人")),
                ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to="regions.region", verbose_name="所属区划")),
                ("permit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="events",
                                             to="workflowtest.permit", verbose_name="测试许可")),
            ],
            options={"verbose_name": "测试许可流转记录", "verbose_name_plural": "测试许可流转记录",
                     "ordering": ["at", "pk"], "abstract": False},
        ),
    ]
