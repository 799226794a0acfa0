"""灾情报告台账 import: a bureau's loss reports of past disasters, one row per township report, with the national
indicators; the disaster events the rows name are found in the system or created with them.

A row is validated by the edit page's form (LossReportForm) with the event's columns instead of a choice of an
event: 灾害名称, 灾种 and 发生时间 name the event (the name and the day identify it), the township's 区划代码 the
reporting township. The order of 初报/续报/核报 is checked against the township's reports in the system and the
file's earlier rows, read once per import. The stable key is (event, township, report kind, report time): the same
file imported again writes nothing twice.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.audit.recorder import record_bulk_create
from yingji.platform.core import imports
from yingji.platform.core.rules import rule_among
from yingji.platform.regions.models import Region

from .choices import DisasterType, LossDuty, LossReportKind
from .forms import LossReportForm
from .models import INDICATORS, DisasterEvent, LossReport, LossReportingRule

LEDGER_DATETIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d",
                           "%Y.%m.%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日"]


def _datetime(label):
    from django.utils.functional import lazy

    message = lazy(lambda: _("“%(h)s”的格式应为 YYYY-MM-DD HH:MM 或 YYYY-MM-DD，如 2024-07-26 08:00") % {"h": label},
                   str)()
    return forms.DateTimeField(label=label, input_formats=LEDGER_DATETIME_FORMATS, error_messages={"invalid": message})


class LossReportLedgerForm(LossReportForm):
    """The edit form with the event named by its columns (a ledger has no list of events to choose from)."""

    event_name = forms.CharField(label=gettext_lazy("灾害名称"), max_length=120)
    disaster_type = forms.ChoiceField(label=gettext_lazy("灾种"), choices=DisasterType.choices)
    event_started_at = _datetime(gettext_lazy("灾害发生时间"))
    reported_at = _datetime(gettext_lazy("报告时间"))

    def clean(self):
        data = super().clean()
        ctx = getattr(self, "ctx", None)
        if ctx is not None and not self.errors:
            try:
                event = self.spec.event_for(data, ctx)
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
                return data
            self.instance.event = event
            self.instance._known_siblings = self.spec.siblings_of(event, data, ctx)
        return data


@imports.register
class LossReportImport(imports.ImportSpec):
    name = "loss-reports"
    label = gettext_lazy("灾情报告台账（历史灾情）")
    model = LossReport
    edit_form = LossReportLedgerForm
    existing_rows = "skip"
    columns = [
        imports.Column(gettext_lazy("灾害名称"), "event_name", required=True,
                       help=gettext_lazy("名称和发生日期相同的行属于同一灾害事件；系统中没有的事件随导入登记"),
                       example="2024年第3号台风“格美”"),
        imports.Column(gettext_lazy("灾种"), "disaster_type", required=True,
                       help="、".join(str(label) for _v, label in DisasterType.choices), example="台风"),
        imports.Column(gettext_lazy("灾害发生时间"), "event_started_at", required=True, example="2024-07-25 20:00"),
        imports.Column(gettext_lazy("事件所在区划代码"), "event_region",
                       help=gettext_lazy("县或乡镇的区划代码；空则为乡镇所在的县")),
        imports.Column(gettext_lazy("乡镇区划代码"), "region", required=True, example="331099101000"),
        imports.Column(gettext_lazy("报告类型"), "kind", required=True,
                       help=gettext_lazy("初报/续报/核报；同一乡镇同一灾害按报告先后排列"), example="核报"),
        imports.Column(gettext_lazy("报告时间"), "reported_at", required=True, example="2024-08-10 09:00"),
        imports.Column(gettext_lazy("填报人"), "reporter"),
        *[imports.Column(format_lazy("{}（{}）", label, unit), field) for field, label, unit in INDICATORS],
        imports.Column(gettext_lazy("情况说明"), "note"),
    ]

    # -- lookups, once per import -----------------------------------------------------------------------------------
    def prepare(self, user, rows):
        codes, names = set(), set()
        for _n, data in rows:
            for key in ("region", "event_region"):
                raw = str(data.get(key) or "").strip()
                if raw.isdigit():
                    codes.add(raw.ljust(12, "0"))
            if data.get("event_name"):
                names.add(str(data["event_name"]).strip())
        regions = {}
        scoped = Region.objects.restrict(user).active().filter(level__in=[3, 4]).select_related("parent")
        codes = sorted(codes)
        for i in range(0, len(codes), 900):
            regions.update({r.code: r for r in scoped.filter(code__in=codes[i:i + 900])})
        events = {}
        names = sorted(names)
        for i in range(0, len(names), 900):
            for e in (DisasterEvent.objects.restrict(user, "view").active().select_related("region")
                      .filter(name__in=names[i:i + 900])):
                events.setdefault((e.name, timezone.localdate(e.started_at)), e)
        siblings = {}
        existing = set()
        ids = [e.pk for e in events.values()]
        for i in range(0, len(ids), 900):
            for event_id, region_id, kind, at in (LossReport.objects.active().filter(event_id__in=ids[i:i + 900])
                                                  .values_list("event_id", "region_id", "kind", "reported_at")):
                siblings.setdefault((event_id, region_id), []).append((kind, at))
                existing.add((event_id, region_id, kind, at))
        return {"regions": regions, "events": events, "new_events": {}, "siblings": siblings, "existing": existing,
                "file": {}, "may_add_events": user.has_perm("losses.add_disasterevent")}

    def resolve_region(self, text, ctx):
        raw = text.strip()
        region = ctx["regions"].get(raw.ljust(12, "0") if raw.isdigit() else raw)
        if region is None or region.level != 4:
            raise ValidationError(_("区划代码 %(c)s 不存在、不是乡镇（街道），或不在您的管辖范围内") % {"c": raw})
        return region

    def resolve_event_region(self, text, ctx):
        raw = text.strip()
        region = ctx["regions"].get(raw.ljust(12, "0") if raw.isdigit() else raw)
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在、不是县或乡镇，或不在您的管辖范围内") % {"c": raw})
        return region

    def event_for(self, data, ctx):
        """The event the row names: in the system, an earlier row's new one, or a new one (checked as the event's
        page checks it)."""
        name, started = data["event_name"].strip(), data["event_started_at"]
        key = (name, timezone.localdate(started))
        event = ctx["events"].get(key) or ctx["new_events"].get(key)
        if event is not None:
            if event.disaster_type != data["disaster_type"]:
                raise ValidationError({"disaster_type": _("与同一灾害事件（%(n)s）的灾种“%(t)s”不一致") % {
                    "n": name, "t": event.get_disaster_type_display()}})
            return event
        if not ctx["may_add_events"]:
            raise ValidationError({"event_name": _("系统中没有灾害事件“%(n)s”（%(d)s），您没有登记灾害事件的权限") % {
                "n": name, "d": key[1].strftime("%Y-%m-%d")}})
        township = data.get("region")
        region = data.get("event_region") or (township.parent if township is not None else None)
        event = DisasterEvent(name=name, disaster_type=data["disaster_type"], started_at=started, region=region)
        try:
            event.full_clean(exclude=["townships", "region"], validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            where = {"started_at": "event_started_at", "region": "event_region", "name": "event_name"}
            raise ValidationError({where.get(f, None) or "event_name": errs for f, errs in e.message_dict.items()})
        ctx["new_events"][key] = event
        return event

    def siblings_of(self, event, data, ctx):
        """The township's other reports on the event: those in the system (but not this row's own, when the row
        was imported before and will be skipped) and those of the file's earlier rows."""
        township = data.get("region")
        if township is None:
            return []
        known = list(ctx["siblings"].get((event.pk, township.pk), [])) if event.pk else []
        own = (event.pk, township.pk, data.get("kind"), data.get("reported_at"))
        if own in ctx["existing"]:
            known.remove((own[2], own[3]))
        return known + ctx["file"].get((id(event), township.pk), [])

    def after_valid(self, obj, ctx):
        ctx["file"].setdefault((id(obj.event), obj.region_id), []).append((obj.kind, obj.reported_at))
        obj._previous = [at for _k, at in obj._known_siblings if at < obj.reported_at]

    # -- the stable key --------------------------------------------------------------------------------------------
    def row_key(self, obj):
        return (obj.event.name, timezone.localdate(obj.event.started_at), obj.region.code, obj.kind, obj.reported_at)

    def duplicate_column(self):
        return str(self.columns[6].header)

    def existing_keys(self, keys):
        names = sorted({k[0] for k in keys})
        found = set()
        for i in range(0, len(names), 900):
            # voided ones too: importing the ledger again does not bring back a report the bureau voided
            for row in (LossReport.objects.filter(event__name__in=names[i:i + 900])
                        .values_list("event__name", "event__started_at", "region__code", "kind", "reported_at")):
                key = (row[0], timezone.localdate(row[1]), *row[2:])
                if key in keys:
                    found.add(key)
        return found

    # -- writing ----------------------------------------------------------------------------------------------------
    def save(self, objs, user):
        """The file's new events first (with the townships they hit), then the reports with their time limits
        (LossReport.save()'s, from the rules read once)."""
        new_events = list({id(o.event): o.event for o in objs if o.event.pk is None}.values())
        for e in new_events:
            e.created_by = user if getattr(user, "pk", None) else None
        imports.insert_new(DisasterEvent, new_events)
        record_bulk_create(new_events, message=_("台账导入"))
        hit = {(o.event.pk, o.region_id) for o in objs}
        through = DisasterEvent.townships.through
        event_ids = sorted({e for e, _r in hit})
        present = set()
        for i in range(0, len(event_ids), 900):
            present |= set(through.objects.filter(disasterevent_id__in=event_ids[i:i + 900])
                           .values_list("disasterevent_id", "region_id"))
        through.objects.bulk_create([through(disasterevent_id=e, region_id=r) for e, r in sorted(hit - present)],
                                    batch_size=self.batch_size)
        loss_rules = list(LossReportingRule.objects.filter(voided_at__isnull=True).select_related("region"))
        for o in objs:
            o.event = o.event  # its key, now that it has one
            o.deadline, o.deadline_basis = self._deadline(o, loss_rules)
            o.is_late = bool(o.deadline and o.reported_at > o.deadline)
        super().save(objs, user)

    @staticmethod
    def _deadline(report, loss_rules):
        event = report.event
        day = timezone.localdate(event.started_at)
        duty = {LossReportKind.INITIAL: LossDuty.INITIAL, LossReportKind.FOLLOW_UP: LossDuty.FOLLOW_UP,
                LossReportKind.VERIFIED: LossDuty.VERIFIED}[report.kind]
        rule = rule_among(loss_rules, day, report.region, narrow=event.disaster_type, duty=duty)
        if rule is None or rule.hours is None:
            return None, ""
        start = {LossReportKind.INITIAL: event.started_at, LossReportKind.VERIFIED: event.stable_at,
                 LossReportKind.FOLLOW_UP: max(report._previous, default=None)}[report.kind]
        if start is None:
            return None, ""
        return start + datetime.timedelta(hours=rule.hours), rule.legal_basis

