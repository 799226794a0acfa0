from django.apps import AppConfig


class WorkflowTestConfig(AppConfig):
    name = "yingji.platform.core.tests.workflowapp"
    label = "workflowtest"
    verbose_name = "流程测试"
    default_auto_field = "django.db.models.BigAutoField"
