from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "yingji.platform.workdays"
    label = "workdays"
    verbose_name = _("节假日安排")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save

        from yingji.platform.accounts.roles import ALL_ROLES, grant
        from yingji.platform.core import navigation

        from . import (
            imports,  # noqa: F401
            services,
        )
        from .models import CalendarDay

        navigation.register("system", _("节假日安排"), "workdays:calendarday_list", "workdays.view_calendarday",
                            order=15)
        # every role reads the calendar (its limits are on every case page); only the administrator keeps it
        grant(ALL_ROLES, "workdays.CalendarDay", ["view"])
        grant(["sysadmin"], "workdays.CalendarDay", ["add", "change"])

        request_started.connect(services.begin_request, dispatch_uid="workdays_begin_request")
        request_finished.connect(services.end_request, dispatch_uid="workdays_end_request")
        post_save.connect(services.day_saved, sender=CalendarDay, dispatch_uid="workdays_day_saved")
