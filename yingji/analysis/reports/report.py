"""The report's own sections: the narrative parts no record produces, and what the platform itself records."""

from yingji.platform.audit.models import AuditEvent, ObjectChange
from yingji.platform.core.reports import Figure, P, register_section

register_section("intro", "开头语", 0, "opening",
                 hint="如：今年以来，在县委、县政府的坚强领导下……现将全年工作情况总结如下：")
register_section("party", "党的建设", 5, "二、主要工作",
                 hint="理论学习、党风廉政建设、意识形态、队伍建设等，每行一段（一是……二是……）")
register_section("other_work", "其他工作", 95, "二、主要工作",
                 hint="没有业务记录支撑的其他工作，如会议部署、宣传教育等")
register_section("problems", "存在的问题", 10, "三、存在的问题", hint="一是……二是……，每行一段")
register_section("plan", "工作打算", 10, "四、下一年工作打算", hint="（一）……（二）……，每行一段")

# changes to these apps are administration, not the bureau's business records
NOT_BUSINESS = ("accounts", "regions", "audit", "reports", "auth", "contenttypes", "sessions", "authtoken")


def platform_section(ctx):
    """应急管理信息化: records entered and updated through the platform, ledgers exported (from the audit trail)."""
    if not ctx.can_view(ObjectChange):
        return []
    changes = ObjectChange.objects.restrict(ctx.user).filter(**ctx.region_filter(ObjectChange),
                                                             **ctx.period_filter("time")) \
        .exclude(content_type__app_label__in=NOT_BUSINESS)
    created = changes.filter(action=ObjectChange.Action.CREATE).count()
    updated = changes.exclude(action=ObjectChange.Action.CREATE).count()
    if not created and not updated:
        return []
    dates = ctx.date_params("time_after", "time_before")
    items = [f"{ctx.whole_text}依托应急管理综合平台新增业务记录",
             Figure(created, "条", "平台新增业务记录", ctx.link("audit:objectchange_list", action="create", **dates)),
             "，更新、流转、作废业务记录",
             Figure(updated, "条次", "平台更新业务记录", ctx.link("audit:objectchange_list", **dates))]
    if ctx.can_view(AuditEvent):
        exports = AuditEvent.objects.restrict(ctx.user).filter(
            **ctx.region_filter(AuditEvent), **ctx.period_filter("time"),
            kind__in=[AuditEvent.Kind.EXPORT, AuditEvent.Kind.DOWNLOAD]).count()
        if exports:
            items += ["，导出台账和下载报告",
                      Figure(exports, "次", "台账导出和报告下载", ctx.link("audit:auditevent_list", kind="export"))]
    items.append("，业务数据做到全程留痕、可追溯。")
    return [P(*items)]


register_section("platform", "应急管理信息化", 90, "二、主要工作", platform_section)
