"""The release service other apps call, and the 叫应 actions.

    from yingji.warning.release.services import start_release, release_figures

    release = start_release(warning, actor=user, title=..., text=..., level="orange",
                            regions=[county], groups=[flood_group], channels=["sms", "voice"], confirm=None)

`start_release` only writes the Release row (and its targeted regions and groups) and queues the background job on
commit; the job (tasks.run_release) resolves the recipients and creates the deliveries set-based, then sends them.
Nothing is sent inside a web request. `release_figures(source)` gives the figures of every release of a source, per
township. Refusals are ValidationError with a Chinese message, and nothing is written.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.services import service
from yingji.platform.regions import codes
from yingji.platform.regions.models import Region

from .choices import (
    CONFIRM_LEVELS,
    ROUND_RELEASE,
    ROUND_SUPERIOR,
    Channel,
    ConfirmMethod,
    DeliveryStatus,
    EventKind,
    Level,
    ReleaseStatus,
    TargetState,
)
from .models import Delivery, EscalationPolicy, Group, Recipient, Release, ReleaseEvent, Target, db_datetime

DEFAULT_CHANNELS = {Level.BLUE: ["sms", "app"], Level.YELLOW: ["sms", "app"],
                    Level.ORANGE: ["sms", "app", "broadcast"], Level.RED: ["sms", "app", "broadcast", "voice"]}
MANUAL_REDIAL_FIRST = 50  # rounds 50…99: one-click redials from the board


def _plain(model):
    """A queryset that writes without the per-row audit (state columns the engine moves; events record them)."""
    return models.QuerySet(model)


# --- policy ----------------------------------------------------------------------------------------------------

class DefaultPolicy:
    """Used when no 叫应升级策略 row is in force: 勉县 practice (alerting.md §5)."""

    confirm_required = True
    first_call_minutes = 3
    redials = 3
    redial_window_minutes = 5
    notify_superior = True
    notify_duty = True


def policy_for(level, region=None, day=None):
    row = EscalationPolicy.objects.rule_for(day, region, level=level)
    if row is not None:
        return row
    p = DefaultPolicy()
    p.confirm_required = level in CONFIRM_LEVELS
    return p


def schedule(policy, step):
    """(what step `step` does, seconds after the previous step). Step 1 is the first voice call, steps 2…redials+1
    the redials spread over the window, the step after them the 未叫应 report."""
    spacing = policy.redial_window_minutes * 60 / max(policy.redials, 1)
    if step == 1:
        return "call", policy.first_call_minutes * 60
    if step <= policy.redials + 1:
        return "redial", spacing
    if step == policy.redials + 2:
        return "escalate", spacing
    return None, None


# --- start ------------------------------------------------------------------------------------------------------

@service
def start_release(source, *, actor, title, text, level, regions, groups=(), channels=None, confirm=None):
    """Release `text` to the people of `regions` (each a Region: its whole subtree) and `groups` (Group rows).

    source: any saved model instance (a warning, a response notice, an alarm) kept as a generic reference, or None.
    channels: a list of Channel values (default by level: 短信+站内消息, 橙色 also 应急广播, 红色 also 语音).
    confirm: whether every person must 叫应 (default: the level's 叫应升级策略; 橙/红 yes).
    Returns the Release; the job that resolves and sends it is queued on commit. Never sends in the request.
    """
    title = (title or "").strip()
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写标题")
    if not text:
        errors["text"] = _("请填写发送内容")
    if level not in Level.values:
        errors["level"] = _("预警级别“%(v)s”无效，应为蓝色、黄色、橙色或红色") % {"v": level}
    if errors:
        raise ValidationError(errors)
    regions = list(regions or [])
    groups = list(groups or [])
    if not regions and not groups:
        raise ValidationError(_("请选择发送区域或接收分组"))
    for r in regions:
        if not isinstance(r, Region) or r.pk is None:
            raise ValidationError(_("发送区域无效"))
    for g in groups:
        if not isinstance(g, Group) or g.pk is None:
            raise ValidationError(_("接收分组“%(g)s”不存在") % {"g": g})
    group_ids = [g.pk for g in groups]
    live = set(Group.objects.filter(pk__in=group_ids, voided_at__isnull=True).values_list("pk", flat=True))
    for g in groups:
        if g.pk not in live:
            raise ValidationError(_("接收分组“%(g)s”不存在或已作废") % {"g": g})
    own = getattr(actor, "region", None)
    if own is not None and not actor.is_superuser:
        lo, hi = codes.subtree_bounds(own.code, own.level)
        outside = [r.name for r in regions if not lo <= r.code <= hi]
        if outside:
            raise ValidationError(_("发送区域超出您的管辖范围：%(r)s") % {"r": "、".join(outside)})
    channels = list(channels) if channels else list(DEFAULT_CHANNELS[level])
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise ValidationError(_("未知的发送渠道：%(c)s") % {"c": "、".join(map(str, unknown))})
    issuer = own or (regions[0] if regions else groups[0].region)
    if confirm is None:
        confirm = bool(policy_for(level, issuer).confirm_required)
    if source is not None and source.pk is None:
        raise ValidationError(_("发布来源尚未保存"))
    release = Release(region=issuer, title=title[:200], text=text, level=level,
                      channels=list(dict.fromkeys(channels)), confirm_required=bool(confirm), created_by=actor)
    if source is not None:
        release.source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
        release.source_id = source.pk
    release.save()
    release.target_regions.set(regions)
    release.target_groups.set(groups)
    ReleaseEvent.objects.create(release=release, kind=EventKind.CREATED, actor=actor,
                                detail=_("渠道：%(c)s") % {"c": "、".join(str(Channel(c).label) for c in release.channels)})
    from . import tasks

    pk = release.pk
    transaction.on_commit(lambda: tasks.run_release.enqueue(pk))
    return release


# --- who: the resolved list, set-based ---------------------------------------------------------------------------

def _target_conditions(regions, group_ids):
    """SQL (where, params) over recipient r joined with its region g: in one of the subtrees or in a group."""
    parts, params = [], []
    for r in regions:
        lo, hi = codes.subtree_bounds(r.code, r.level)
        parts.append("(g.code BETWEEN %s AND %s)")
        params += [lo, hi]
    if group_ids:
        m2m = Recipient.recipient_groups.through._meta.db_table
        parts.append(f"r.id IN (SELECT recipient_id FROM {m2m} WHERE group_id IN ({','.join(['%s'] * len(group_ids))}))")
        params += list(group_ids)
    return "(" + " OR ".join(parts) + ")", params


def _chosen_sql(regions, group_ids):
    """SELECT of the chosen recipient ids: not voided, targeted, one per person (same phone and terminal)."""
    where, params = _target_conditions(regions, group_ids)
    rec, reg = Recipient._meta.db_table, Region._meta.db_table
    sql = (f"SELECT MIN(r.id) FROM {rec} r JOIN {reg} g ON g.id = r.region_id "
           f"WHERE r.voided_at IS NULL AND {where} GROUP BY r.phone, r.terminal")
    return sql, params


def preview(regions, groups=()):
    """The resolved list before release: {"total": n, "townships": [(township name, count)]} (one per person)."""
    regions = list(regions)
    group_ids = [g.pk for g in groups]
    if not regions and not group_ids:
        return {"total": 0, "townships": []}
    sql, params = _chosen_sql(regions, group_ids)
    rec = Recipient._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT region_id, COUNT(*) FROM {rec} WHERE id IN ({sql}) GROUP BY region_id", params)
        by_region = dict(cur.fetchall())
    per = _by_township(by_region)
    return {"total": sum(by_region.values()), "townships": [(name, n) for _pk, name, n in per]}


def _township_of(regions_by_id):
    """{region id: township Region or the region itself above township level}."""
    region_rows = {r.pk: r for r in regions_by_id}
    wanted = {r.code[:9] + "000" for r in region_rows.values() if r.level >= 4}
    towns = {t.code: t for t in Region.objects.filter(code__in=wanted)}
    return {pk: (towns.get(r.code[:9] + "000", r) if r.level >= 4 else r) for pk, r in region_rows.items()}


def _by_township(counts_by_region):
    """[(township id, name, summed count)] ordered by code."""
    regions = list(Region.objects.filter(pk__in=list(counts_by_region)).only("id", "code", "level", "name"))
    town = _township_of(regions)
    out = {}
    for pk, n in counts_by_region.items():
        t = town.get(pk)
        if t is None:
            continue
        code, name, total = out.get(t.pk, (t.code, t.name, 0))
        out[t.pk] = (code, name, total + n)
    return [(pk, name, n) for pk, (code, name, n) in sorted(out.items(), key=lambda kv: kv[1][0])]


CHANNEL_ELIGIBLE = {
    Channel.SMS: "r.phone LIKE '1%%' AND r.duty <> 'broadcast'",
    Channel.VOICE: "r.duty <> 'broadcast'",
    Channel.BROADCAST: "r.terminal <> ''",
    Channel.APP: "r.user_id IS NOT NULL",
    Channel.EMAIL: "r.email <> ''",
}


TARGET_COLUMNS = ("release_id, recipient_id, region_id, state, step, next_action_at, confirmed_at, confirm_method, "
                  "confirmed_by_id, escalated_at")
DELIVERY_COLUMNS = ("release_id, target_id, recipient_id, address, channel, round, status, attempts, next_try_at, "
                    "lease_until, lease_owner, uncertain, sent_at, delivered_at, error, created_at")


def resolve_release(release_id, now=None):
    """Create the release's targets and round-0 deliveries with INSERT … SELECT (no Python loop per person).
    Idempotent: the release row is locked and a resolved release is left alone. Returns the number of people."""
    now = now or timezone.now()
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release_id)
        if release.resolved_at is not None or release.status == ReleaseStatus.CANCELLED:
            return release.recipient_count
        regions = list(release.target_regions.all())
        group_ids = list(release.target_groups.filter(voided_at__isnull=True).values_list("pk", flat=True))
        policy = policy_for(release.level, release.region)
        first = now + datetime.timedelta(minutes=policy.first_call_minutes)
        count = 0
        if regions or group_ids:
            insert = _insert_postgresql if _postgresql_path() else _insert_portable
            count = insert(release, regions, group_ids, first=first, now=now)
        _plain(Release).filter(pk=release.pk).update(
            resolved_at=now, recipient_count=count, status=ReleaseStatus.SENDING, heartbeat_at=now)
        ReleaseEvent.objects.create(release=release, kind=EventKind.RESOLVED, at=now,
                                    detail=_("共%(n)s人") % {"n": count})
    return count


def _postgresql_path():
    """Whether the single-statement PostgreSQL resolution is used (the tests compare it with the portable one)."""
    return connection.vendor == "postgresql"


def _target_values(release, first):
    """The SELECT list of a target row from recipient `r` (with its params): 叫应 state and first action time."""
    confirm = release.confirm_required
    return ("%s, r.id, r.region_id, CASE WHEN %s AND r.duty <> 'broadcast' THEN %s ELSE %s END, 0, "
            "CASE WHEN %s AND r.duty <> 'broadcast' THEN %s ELSE NULL END, NULL, '', NULL, NULL",
            [release.pk, confirm, TargetState.WAITING, TargetState.NOT_REQUIRED, confirm, db_datetime(first)])


def _delivery_values(channel, now, no_time="NULL"):
    """The SELECT list of a round-0 delivery after `release_id, target_id, recipient_id` (with its params);
    `no_time` is the empty timestamp (typed where a UNION must know its type)."""
    return (f"'', %s, {ROUND_RELEASE}, %s, 0, %s, {no_time}, '', %s, {no_time}, {no_time}, '', %s",
            [channel, DeliveryStatus.QUEUED, db_datetime(now), False, db_datetime(now)])


def _insert_portable(release, regions, group_ids, *, first, now):
    """Any database: one INSERT … SELECT of the targets (the lowest recipient id per phone and terminal), then one
    INSERT … SELECT per channel of the deliveries, joining the new targets to their recipients."""
    sql, params = _chosen_sql(regions, group_ids)
    tgt, dl, rec = Target._meta.db_table, Delivery._meta.db_table, Recipient._meta.db_table
    values, vparams = _target_values(release, first)
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {tgt} ({TARGET_COLUMNS}) SELECT {values} FROM {rec} r WHERE r.id IN ({sql})",
                    [*vparams, *params])
        count = cur.rowcount
        for ch in release.channels:
            dvalues, dparams = _delivery_values(ch, now)
            cur.execute(f"INSERT INTO {dl} ({DELIVERY_COLUMNS}) SELECT t.release_id, t.id, t.recipient_id, {dvalues} "
                        f"FROM {tgt} t JOIN {rec} r ON r.id = t.recipient_id "
                        f"WHERE t.release_id = %s AND {CHANNEL_ELIGIBLE[ch]}", [*dparams, release.pk])
    return count


def _insert_postgresql(release, regions, group_ids, *, first, now):
    """PostgreSQL: one statement. The chosen recipients (DISTINCT ON phone and terminal, the lowest id: the same
    person as the portable path picks) are read once, each given its target id from the table's sequence, and both
    the targets and the deliveries of every channel are inserted from that one list — no second pass over the new
    targets and no join back to the recipients. The sort and the list get enough memory to stay off disk."""
    where, params = _target_conditions(regions, group_ids)
    tgt, dl = Target._meta.db_table, Delivery._meta.db_table
    rec, reg = Recipient._meta.db_table, Region._meta.db_table
    values, vparams = _target_values(release, first)
    inserts, dparams = [], []
    for ch in release.channels:
        dvalues, p = _delivery_values(ch, now, no_time="NULL::timestamptz")
        inserts.append(f"SELECT %s, r.target_id, r.id, {dvalues} FROM chosen r WHERE {CHANNEL_ELIGIBLE[ch]}")
        dparams += [release.pk, *p]
    deliveries = (f", deliveries AS (INSERT INTO {dl} ({DELIVERY_COLUMNS}) {' UNION ALL '.join(inserts)})"
                  if inserts else "")
    with connection.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")  # until the end of the release's transaction
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [tgt])
        sequence = cur.fetchone()[0]
        cur.execute(
            f"WITH chosen AS MATERIALIZED (SELECT nextval(%s::regclass) AS target_id, x.* FROM ("
            f"SELECT DISTINCT ON (r.phone, r.terminal) r.id, r.region_id, r.phone, r.duty, r.terminal, r.user_id, "
            f"r.email FROM {rec} r JOIN {reg} g ON g.id = r.region_id WHERE r.voided_at IS NULL AND {where} "
            f"ORDER BY r.phone, r.terminal, r.id) x), "
            f"targets AS (INSERT INTO {tgt} (id, {TARGET_COLUMNS}) SELECT r.target_id, {values} FROM chosen r)"
            f"{deliveries} SELECT COUNT(*) FROM chosen",
            [sequence, *params, *vparams, *dparams])
        count = cur.fetchone()[0]
    return count


# --- figures ----------------------------------------------------------------------------------------------------

FIGURE_KEYS = ("resolved", "sent", "delivered", "failed", "confirm_required", "confirmed", "escalated")


def release_board(release):
    """Per township: resolved, sent, delivered, failed, confirmed, escalated (people, not messages: a person counts
    as sent/delivered when any channel of round 0 got through, failed when every one failed)."""
    per_region = {}

    def bump(region_id, key, n):
        row = per_region.setdefault(region_id, dict.fromkeys(FIGURE_KEYS, 0))
        row[key] += n

    targets = Target.objects.filter(release=release)
    for row in targets.values("region_id").annotate(
            n=Count("id"), need=Count("id", filter=~Q(state=TargetState.NOT_REQUIRED)),
            ok=Count("id", filter=Q(confirmed_at__isnull=False)),
            esc=Count("id", filter=Q(state=TargetState.ESCALATED))):
        bump(row["region_id"], "resolved", row["n"])
        bump(row["region_id"], "confirm_required", row["need"])
        bump(row["region_id"], "confirmed", row["ok"])
        bump(row["region_id"], "escalated", row["esc"])
    rounds = Delivery.objects.filter(release=release, round=ROUND_RELEASE)
    sent = rounds.filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED])
    for key, qs in (("sent", sent), ("delivered", rounds.filter(status=DeliveryStatus.DELIVERED))):
        for row in (qs.values("target__region_id").annotate(n=Count("target_id", distinct=True))):
            bump(row["target__region_id"], key, row["n"])
    failed = (targets.filter(deliveries__round=ROUND_RELEASE).annotate(
        bad=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)), all=Count("deliveries"))
        .filter(bad=models.F("all")).values("region_id").annotate(n=Count("id")))
    for row in failed:
        bump(row["region_id"], "failed", row["n"])
    regions = list(Region.objects.filter(pk__in=list(per_region)).only("id", "code", "level", "name"))
    town = _township_of(regions)
    out = {}
    for region_id, figures in per_region.items():
        t = town[region_id]
        agg = out.setdefault(t.pk, {"township": t.name, "code": t.code, "township_id": t.pk,
                                    **dict.fromkeys(FIGURE_KEYS, 0)})
        for k in FIGURE_KEYS:
            agg[k] += figures[k]
    rows = sorted(out.values(), key=lambda r: r["code"])
    total = {"township": _("合计"), "township_id": None, **{k: sum(r[k] for r in rows) for k in FIGURE_KEYS}}
    return rows, total


def release_figures(source):
    """Figures of every release of `source` (any model instance): [{"release": Release, "townships": rows,
    "total": total}], each row with resolved/sent/delivered/failed/confirm_required/confirmed/escalated."""
    ct = ContentType.objects.get_for_model(source, for_concrete_model=False)
    out = []
    for release in Release.objects.filter(source_type=ct, source_id=source.pk, voided_at__isnull=True):
        rows, total = release_board(release)
        out.append({"release": release, "townships": rows, "total": total})
    return out


# --- 叫应 ---------------------------------------------------------------------------------------------------------

TOKEN_SALT = "release.confirm"


def confirm_token(target_id):
    return signing.dumps(target_id, salt=TOKEN_SALT, compress=True)


def target_for_token(token):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise ValidationError(_("确认链接无效或已被篡改"))
    target = Target.objects.select_related("release", "recipient").filter(pk=pk).first()
    if target is None:
        raise ValidationError(_("确认链接无效"))
    return target


def confirm_target(target, *, method, actor=None, note="", at=None, delivery=None):
    """Record the person's 叫应: one conditional UPDATE (only while not yet confirmed), which also takes the row out of
    the sweeper's reach and cancels the 叫应 messages still queued for it. Returns True if this call confirmed."""
    at = at or timezone.now()
    if method not in ConfirmMethod.values:
        raise ValidationError(_("叫应方式无效"))
    with transaction.atomic():
        changed = _plain(Target).filter(pk=target.pk, confirmed_at__isnull=True).update(
            confirmed_at=at, state=TargetState.CONFIRMED, next_action_at=None, confirm_method=method,
            confirmed_by=actor)
        if not changed:
            return False
        _plain(Delivery).filter(target_id=target.pk, round__gt=ROUND_RELEASE, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.CANCELLED, error=_("已叫应，取消"))
        detail = "：".join(x for x in (str(ConfirmMethod(method).label), note.strip()[:200]) if x)
        ReleaseEvent.objects.create(release_id=target.release_id, target_id=target.pk, kind=EventKind.CONFIRMED,
                                    at=at, actor=actor, delivery=delivery, detail=detail)
    return True


def confirm_by_delivery(delivery_id, *, method, value="1", at=None):
    """A reply or key press on a delivery (from the gateway's receipts). Only the person the delivery went to can
    confirm, and only his own 叫应: a reply to a superior's 未叫应 notice does not confirm the subordinate."""
    d = Delivery.objects.select_related("target").filter(pk=delivery_id).first()
    if d is None:
        raise ValidationError(_("发送记录不存在"))
    if str(value).strip() not in ("1", "收到", "确认", "已收到"):
        return False
    if d.recipient_id is None or d.recipient_id != d.target.recipient_id:
        ReleaseEvent.objects.create(release_id=d.release_id, target_id=d.target_id, delivery=d,
                                    kind=EventKind.REFUSED, detail=_("不能为他人的发送记录确认叫应"))
        raise ValidationError(_("不能为他人的发送记录确认叫应"))
    return confirm_target(d.target, method=method, at=at, delivery=d)


def record_phone_confirmation(release, *, actor, target_id, note=""):
    """The duty officer records that he reached the person by phone (电话叫应). The person must be of this release."""
    target = Target.objects.filter(pk=target_id, release=release).first()
    if target is None:
        raise ValidationError(_("该人员不在本次发布的名单中"))
    if target.confirmed_at is not None:
        raise ValidationError(_("该人员已叫应，无需重复记录"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写电话叫应情况（如通话时间、对方答复）")})
    return confirm_target(target, method=ConfirmMethod.PHONE, actor=actor, note=note)


def redial(release, *, actor, target_id):
    """One-click redial from the board: a new voice delivery for a person who has not confirmed (rounds 50…99)."""
    target = Target.objects.filter(pk=target_id, release=release).first()
    if target is None:
        raise ValidationError(_("该人员不在本次发布的名单中"))
    if target.confirmed_at is not None:
        raise ValidationError(_("该人员已叫应，无需重拨"))
    if release.status == ReleaseStatus.CANCELLED:
        raise ValidationError(_("本次发布已撤销"))
    used = (Delivery.objects.filter(target=target, round__gte=MANUAL_REDIAL_FIRST, round__lt=ROUND_SUPERIOR)
            .aggregate(m=models.Max("round"))["m"])
    round_no = MANUAL_REDIAL_FIRST if used is None else used + 1
    if round_no >= ROUND_SUPERIOR:
        raise ValidationError(_("重拨次数已达上限"))
    try:
        with transaction.atomic():
            d = Delivery.objects.create(release=release, target=target, recipient_id=target.recipient_id,
                                        channel=Channel.VOICE, round=round_no)
            ReleaseEvent.objects.create(release=release, target=target, delivery=d, kind=EventKind.REDIAL,
                                        actor=actor, detail=_("值班员一键重拨"))
    except IntegrityError:
        raise ValidationError(_("重拨已在进行中，请稍候"))
    from . import tasks

    transaction.on_commit(lambda: tasks.send_release.enqueue(release.pk))
    return d


@service
def cancel_release(release, *, actor, reason):
    """撤销: stop sending what is still queued and every further 叫应 step (the warning was cancelled)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销原因")})
    release = Release.objects.select_for_update().get(pk=release.pk)
    if release.status == ReleaseStatus.CANCELLED:
        raise ValidationError(_("本次发布已撤销"))
    now = timezone.now()
    _plain(Release).filter(pk=release.pk).update(status=ReleaseStatus.CANCELLED, finished_at=now)
    _plain(Delivery).filter(release=release, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.CANCELLED, error=_("发布已撤销"))
    _plain(Target).filter(release=release, next_action_at__isnull=False).update(next_action_at=None)
    ReleaseEvent.objects.create(release=release, kind=EventKind.CANCELLED, actor=actor, detail=reason[:300])
    return release
