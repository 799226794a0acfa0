from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "yingji.warning.monitoring"
    label = "monitoring"
    verbose_name = _("监测")

    def ready(self):
        from yingji.platform.accounts.roles import grant
        from yingji.platform.core import navigation, widgets

        from . import imports  # noqa: F401
        from . import widgets as monitoring_widgets

        navigation.register("warning", _("监测报警"), "monitoring:alarm_board", "monitoring.view_alarm", order=10)
        navigation.register("warning", _("监测站点"), "monitoring:station_list", "monitoring.view_station", order=12)
        navigation.register("warning", _("传感器"), "monitoring:sensor_list", "monitoring.view_sensor", order=13)
        navigation.register("warning", _("接入状态"), "monitoring:ingest_health", "monitoring.view_ingestheartbeat",
                            order=14)
        readers = ["sysadmin", "leader", "duty", "township", "department", "disaster_officer", "auditor"]
        grant(readers, "monitoring.Station", ["view"])
        grant(readers, "monitoring.Sensor", ["view"])
        grant(readers, "monitoring.Alarm", ["view"])
        grant(["sysadmin"], "monitoring.Station", ["add", "change"])
        grant(["sysadmin"], "monitoring.Sensor", ["add", "change"])
        # the duty officer (and the leader, a township or a department for what is theirs) confirms, handles, closes
        grant(["sysadmin", "leader", "duty", "township", "department"], "monitoring.Alarm", ["change"])
        grant(["sysadmin", "leader", "duty", "auditor"], "monitoring.IngestHeartbeat", ["view"])
        grant(["sysadmin", "leader", "duty", "township", "department", "disaster_officer", "auditor"],
              "monitoring.AlarmRule", ["view"])
        grant(["sysadmin"], "monitoring.AlarmRule", ["add", "change"])
        # gateways that post readings over HTTP: an account holding this permission (granted to none by default)
        grant(["sysadmin"], "monitoring.Reading", ["add"])
        from yingji.platform.core import notifications

        from . import notifications as alarm_notices

        notifications.register("monitoring.alarm", _("报警待确认"), alarm_notices.unacknowledged_alarms,
                               perm="monitoring.change_alarm", order=2)
        widgets.register("open_alarms", _("未关闭的监测报警"), "monitoring/widget_alarms.html",
                         monitoring_widgets.open_alarms, perm="monitoring.view_alarm", order=5)
