"""The warning workflow: 起草 → 审核 → 签发 → 发布, with 退回, the 转发 of an upstream message, and the 更新 / 解除 of a
published warning by a new message.

The transition table is carried out by the platform's one workflow service (core.workflow.transition): row lock,
state check, the step's own checks below, the audit row (流转) and a WarningEvent as the explicit actor, in one
transaction; a refusal is a Chinese ValidationError and writes nothing.

Roles (apps.py grants them): 起草/修改 `change` (值班员, 局领导), 审核 `review` and 签发 `sign` (局领导), 发布 `publish` and
转发 `forward` (值班员, 局领导). The signer may not be the drafter (nor the one who submitted it), whatever his rights.

发布 and 转发 give the message its identity (sender, identifier, sent: frozen from then on), write `references`
(every earlier message of the chain still in force), move the predecessor to 已更新 / 已解除, and hand the message to
the release machinery on commit (handover.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.core.services import service
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from .choices import EVENT_CODES, LEVEL_CAP, MsgType, Origin, ResponseType, WarningState
from .models import DefenceGuide, Warning, WarningEvent, check_circle, check_polygon, lines

S = WarningState
SENDER_SECTOR = "000"  # GB/T 4657 sector code of the sender (Annex A's DDD); settings.YINGJI_WARNING_SENDER_CODE wins


# --- checks ------------------------------------------------------------------------------------------------------
def issue_errors(w):
    """{field: Chinese message} of what a warning lacks to be issued (submitted, signed, published)."""
    errors = {}
    if not w.description.strip():
        errors["description"] = _("请填写预警内容")
    if w.expires is None:
        errors["expires"] = _("请填写失效时间（预警到期自动失效）")
    if w.msg_type == MsgType.CANCEL and not w.note.strip():
        errors["note"] = _("解除预警须填写解除原因")
    has_area = bool(lines(w.polygons) or lines(w.circles)) or (w.pk and w.areas.exists())
    if not has_area:
        errors["areas"] = _("预警须有区域：请选择预警区域，或填写多边形/圆形区域")
    try:
        w.clean()
    except ValidationError as e:
        for field, msgs in e.message_dict.items():
            errors.setdefault(field, msgs[0])
    return errors


def check_issuable(w):
    errors = issue_errors(w)
    if errors:
        raise ValidationError(errors)


def guidance_for(event_type, level, region=None, day=None):
    """The standard 防御指南 text of an event type and level in `region` (the most specific rule row), or ""."""
    row = DefenceGuide.objects.rule_for(day, region, event_type=event_type, level=level)
    return row.text if row else ""


def fill_defaults(w):
    """Fills what the level and the event type decide when left blank: CAP severity/urgency/certainty, the category
    and the national event code, the instruction from the 防御指南 library. Called on save of a draft."""
    severity, urgency, certainty = LEVEL_CAP.get(w.level, ("", "", ""))
    category, code = EVENT_CODES.get(w.event_type, ("Other", ""))
    w.severity = w.severity or severity
    w.urgency = w.urgency or urgency
    w.certainty = w.certainty or certainty
    w.category = w.category or category
    w.event_code = w.event_code or code
    if not w.instruction.strip() and w.msg_type != MsgType.CANCEL:
        w.instruction = guidance_for(w.event_type, w.level, w.region if w.region_id else None)
    return w


# --- identity ----------------------------------------------------------------------------------------------------
def sender_code_for(region):
    """The 14-digit unit code of Annex A (ZZZZZZ DDD UUU XX): the county's 6 digits, the sector, 000, 00."""
    configured = getattr(settings, "YINGJI_WARNING_SENDER_CODE", "")
    if configured:
        return configured
    return f"{region.code[:6]}{SENDER_SECTOR}00000"


def sender_name_for(actor, region):
    org = getattr(actor, "organisation", None)
    return getattr(settings, "YINGJI_WARNING_SENDER_NAME", "") or (org.name if org else f"{region.name}应急管理局")


def assign_identity(fresh, actor):
    """Gives the locked row its identity at 发布 (GB/T 35965.1 Annex A: <unit code>_<YYYYMMDDhhmmss>_<N>). Called
    only on a row without one: once given, the model's save() refuses any change of it."""
    if fresh.identifier:
        raise ValidationError(_("该预警已有编号，不能再次发布"))
    now = timezone.now().replace(microsecond=0)
    code = sender_code_for(fresh.region)
    prefix = f"{code}_{timezone.localtime(now):%Y%m%d%H%M%S}_"
    n = Warning.objects.filter(identifier__startswith=prefix).count()
    if n > 9:
        raise ValidationError(_("同一秒内发布的预警超过 10 条，请稍后再发布"))
    fresh.sender_code = code
    fresh.sender = getattr(settings, "YINGJI_CAP_SENDER", "") or code
    fresh.sender_name = sender_name_for(actor, fresh.region)
    fresh.sent = now
    fresh.identifier = f"{prefix}{n}"
    if fresh.effective is None:
        fresh.effective = now
    if not fresh.headline:
        fresh.headline = fresh.default_headline()
    fresh.published_by = actor


def chain_in_force(w, at):
    """The earlier messages of w's chain still in force at `at` (not expired), oldest first."""
    out, seen, cur = [], set(), w.predecessor
    while cur is not None and cur.pk not in seen:
        seen.add(cur.pk)
        if cur.identifier and (cur.expires is None or cur.expires > at):
            out.append(cur)
        cur = cur.predecessor
    return list(reversed(out))


def _close_predecessor(fresh, actor):
    """On 发布 of an Update/Cancel: the predecessor (still 已发布, locked) becomes 已更新 / 已解除, with its event."""
    if fresh.predecessor_id is None:
        return
    pred = Warning.objects.select_for_update().select_related("region").get(pk=fresh.predecessor_id)
    if pred.state != S.PUBLISHED:
        raise ValidationError(_("原预警“%(p)s”当前为“%(s)s”，已不能更新或解除") % {
            "p": pred, "s": pred.get_state_display()})
    name = "cancelled_by" if fresh.msg_type == MsgType.CANCEL else "superseded_by"
    WORKFLOW.finish(pred, name, actor=actor, note=_("%(verb)s消息：%(id)s") % {
        "verb": fresh.get_msg_type_display(), "id": fresh.identifier}, update_fields=())


def _issue(fresh, actor):
    check_issuable(fresh)
    assign_identity(fresh, actor)
    fresh.references = " ".join(m.identity() for m in chain_in_force(fresh, fresh.sent))
    if fresh.msg_type != MsgType.ALERT and not fresh.references:
        raise ValidationError(_("所更新或解除的预警均已过期，无需再发布%(t)s") % {"t": fresh.get_msg_type_display()})
    _close_predecessor(fresh, actor)
    from .handover import hand_over

    pk = fresh.pk
    transaction.on_commit(lambda: hand_over(pk, actor.pk))
    return Outcome(update_fields=None, message=_("编号 %(id)s") % {"id": fresh.identifier})


# --- the steps ---------------------------------------------------------------------------------------------------
def _submit(fresh, *, actor, note=""):
    check_issuable(fresh)
    fresh.submitted_by = actor
    return Outcome(update_fields=["submitted_by"])


def _review(fresh, *, actor, note=""):
    check_issuable(fresh)
    fresh.reviewed_by = actor
    return Outcome(update_fields=["reviewed_by"])


def _return(fresh, *, actor, note=""):
    fresh.reviewed_by = None
    fresh.signed_by = None
    fresh.signed_at = None
    return Outcome(update_fields=["reviewed_by", "signed_by", "signed_at"])


def _sign(fresh, *, actor, at, note=""):
    drafters = {fresh.created_by_id, fresh.submitted_by_id} - {None}
    if actor.pk in drafters:
        raise ValidationError(_("签发人不能是该预警的起草人（或提交人），请由其他领导签发"))
    check_issuable(fresh)
    fresh.signed_by = actor
    fresh.signed_at = at
    return Outcome(update_fields=["signed_by", "signed_at"])


def _publish(fresh, *, actor, note=""):
    if fresh.signed_by_id is None:
        raise ValidationError(_("该预警未经签发，不能发布"))
    return _issue(fresh, actor)


def _forward(fresh, *, actor, note=""):
    fresh.region = actor.region if actor.region_id and fresh.region.code.startswith(
        actor.region.code[:6]) else fresh.region
    fresh.source = fresh.source or _("转发%(who)s预警（编号 %(id)s）") % {
        "who": fresh.upstream_sender_name or fresh.upstream_sender, "id": fresh.upstream_identifier}
    fresh.headline = ""
    return _issue(fresh, actor)


def _internal(_obj):
    return _("该状态由后续的更新或解除消息自动变更")


_ISSUED = _("只有“已签发待发布”的预警可以发布")
TRANSITIONS = {
    "submit": Transition((S.DRAFT,), S.PENDING_REVIEW, gettext_lazy("提交审核"), apply=_submit),
    "review": Transition((S.PENDING_REVIEW,), S.PENDING_SIGN, gettext_lazy("审核通过"), action="review",
                         apply=_review),
    "return": Transition((S.PENDING_REVIEW, S.PENDING_SIGN, S.SIGNED), S.DRAFT, gettext_lazy("退回修改"),
                         action="review", required={"note": gettext_lazy("退回须说明原因")}, apply=_return),
    "sign": Transition((S.PENDING_SIGN,), S.SIGNED, gettext_lazy("签发"), action="sign", apply=_sign),
    "publish": Transition((S.SIGNED,), S.PUBLISHED, gettext_lazy("发布"), action="publish", apply=_publish),
    "forward": Transition((S.RECEIVED,), S.PUBLISHED, gettext_lazy("转发"), action="forward", apply=_forward),
    # written by the publication of a later Update / Cancel (never offered as a button: the guard refuses)
    "superseded_by": Transition((S.PUBLISHED,), S.SUPERSEDED, gettext_lazy("被更新"), action="publish",
                                guard=_internal),
    "cancelled_by": Transition((S.PUBLISHED,), S.CANCELLED, gettext_lazy("被解除"), action="publish",
                               guard=_internal),
}

WORKFLOW = Workflow(Warning, WarningEvent, event_field="warning", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "预警"), select_related=["region"],
                    late_entry=False)  # 签发 and 发布 are acts in the system (the CAP message's sent time)


def submit_warning(w, *, actor, note=""):
    return transition(w, "submit", actor=actor, note=note)


def review_warning(w, *, actor, note=""):
    return transition(w, "review", actor=actor, note=note)


def return_warning(w, *, actor, note=""):
    return transition(w, "return", actor=actor, note=note)


def sign_warning(w, *, actor, note=""):
    return transition(w, "sign", actor=actor, note=note)


def publish_warning(w, *, actor, note=""):
    return transition(w, "publish", actor=actor, note=note)


def forward_warning(w, *, actor, note=""):
    return transition(w, "forward", actor=actor, note=note)


# --- Update and Cancel -------------------------------------------------------------------------------------------
COPIED = ("region", "status", "scope", "restriction", "addresses", "event_type", "event_code", "category", "level",
          "severity", "urgency", "certainty", "response_type", "effective", "onset", "expires", "description",
          "instruction", "web", "contact", "area_desc", "polygons", "circles", "source")


@service
def draft_followup(original, *, actor, msg_type, note=""):
    """A new draft that updates (msg_type Update) or cancels (Cancel) a published warning, its content copied; it
    goes through the same 审核 → 签发 → 发布. Refused unless the original is 已发布 and in force."""
    original = Warning.objects.select_related("region").get(pk=original.pk)
    if msg_type not in (MsgType.UPDATE, MsgType.CANCEL):
        raise ValidationError(_("只能起草更新或解除"))
    if original.state != S.PUBLISHED or original.msg_type == MsgType.CANCEL:
        raise ValidationError(_("只有已发布且未解除的预警可以更新或解除（该预警为“%(s)s”）") % {
            "s": original.get_state_display()})
    new = Warning(msg_type=msg_type, predecessor=original, created_by=actor, origin=Origin.LOCAL,
                  note=(note or "").strip(),
                  **{f: getattr(original, f) for f in COPIED})
    if msg_type == MsgType.CANCEL:
        new.response_type = ResponseType.ALL_CLEAR
        with translation.override(settings.LANGUAGE_CODE):  # published text: Chinese whatever the user's pages
            new.description = _("%(who)s解除%(what)s。%(why)s") % {
                "who": original.sender_name,
                "what": f"{original.get_event_type_display()}{original.get_level_display()}预警", "why": new.note}
        new.instruction = ""
    new.headline = ""
    new.effective = None
    new.save()
    new.areas.set(original.areas.all())
    new.target_groups.set(original.target_groups.all())  # an update or cancel reaches the same people
    return new


@service
def draft_warning(*, actor, region, event_type, level, description, areas, note=""):
    """A fresh local draft (信息类型 预警) filled in from outside this app, e.g. a monitoring alarm (monitoring/
    services.promote_to_warning). It is only a draft: the CAP fields and the 防御指南 are filled from the level and
    the event type as for any draft, and it is published only through 审核 → 签发 → 发布, by people."""
    w = Warning(region=region, event_type=event_type, level=level, description=description, created_by=actor,
                origin=Origin.LOCAL, msg_type=MsgType.ALERT, note=(note or "").strip()[:500])
    fill_defaults(w)
    w.full_clean(exclude=["region"])
    w.save()
    w.areas.set(areas)
    return w


# --- upstream messages -------------------------------------------------------------------------------------------
def _local_areas(geocodes, region):
    """The regions of our jurisdiction `region` that the upstream geocodes cover: a code of ours or above us (the
    city's, the province's) is our whole jurisdiction, a code inside it that region; codes elsewhere are dropped.
    Codes are 12-digit 行政区划代码 (a 6-digit county code is padded)."""
    from yingji.platform.core.rules import ancestor_codes
    from yingji.platform.regions.models import Region

    above = set(ancestor_codes(region))
    wanted = set()
    for code in geocodes:
        code = "".join(ch for ch in code if ch.isdigit())
        if not code or len(code) > 12:
            continue
        code = code.ljust(12, "0")
        if code in above:
            return [region]
        if code.startswith(region.prefix):
            wanted.add(code)
    return list(Region.objects.subtree(region).filter(code__in=wanted)) if wanted else []


@service
def receive_upstream(data, *, actor, region=None):
    """Stores an upstream CAP message as 已接收待转发 (click 1 of 转发; click 2 is the `forward` transition). Invalid XML,
    no area, expiry before onset, a message not for our area or received before: ValidationError, nothing written."""
    from .cap import parse_upstream

    region = region or actor.region
    if region is None:
        raise ValidationError(_("您的账号没有所属区划，不能接收上级预警"))
    fields = parse_upstream(data)
    if Warning.objects.filter(upstream_sender=fields["sender"], upstream_identifier=fields["identifier"]).exists():
        raise ValidationError(_("该上级预警（%(s)s，编号 %(i)s）已接收过，请勿重复导入") % {
            "s": fields["sender_name"], "i": fields["identifier"]})
    areas = _local_areas(fields["geocodes"], region)
    if not areas and not fields["polygons"] and not fields["circles"]:
        raise ValidationError(_("该预警的区域不含本辖区（%(r)s），无需转发") % {"r": region.name})
    predecessor, msg_type = None, MsgType.ALERT
    if fields["msg_type"] in (MsgType.UPDATE, MsgType.CANCEL):
        for sender, identifier in fields["references"]:
            previous = (Warning.objects.filter(upstream_sender=sender, upstream_identifier=identifier)
                        .exclude(identifier="").first())
            if previous is not None:
                latest = previous
                while True:  # the newest local message of that chain
                    nxt = latest.successors.exclude(identifier="").order_by("-sent").first()
                    if nxt is None:
                        break
                    latest = nxt
                if latest.state == S.PUBLISHED:
                    predecessor, msg_type = latest, fields["msg_type"]
                    break
        if fields["msg_type"] == MsgType.CANCEL and predecessor is None:
            raise ValidationError(_("所解除的上级预警未在本地转发或已失效，无需转发解除"))
    status = fields["status"] if fields["status"] in ("Actual", "Exercise", "Test") else "Actual"
    w = Warning(
        region=region, origin=Origin.UPSTREAM, state=S.RECEIVED, created_by=actor, status=status,
        msg_type=msg_type, predecessor=predecessor, note=fields["note"][:500],
        event_type=fields["event_type"], event_code=fields["event_code"][:10], level=fields["level"],
        category=fields["category"], severity=fields["severity"], urgency=fields["urgency"],
        certainty=fields["certainty"], response_type=fields["response_type"], onset=fields["onset"],
        effective=fields["effective"], expires=fields["expires"], description=fields["description"],
        instruction=fields["instruction"], web=fields["web"][:200], contact=fields["contact"][:120],
        area_desc=fields["area_desc"], polygons=fields["polygons"], circles=fields["circles"],
        upstream_sender=fields["sender"][:120], upstream_identifier=fields["identifier"][:120],
        upstream_sent=fields["sent"], upstream_sender_name=fields["sender_name"][:200],
        upstream_xml=data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data,
    )
    fill_defaults(w)
    for line in lines(w.polygons):
        check_polygon(line)
    for line in lines(w.circles):
        check_circle(line)
    w.full_clean(exclude=["areas"], validate_unique=False, validate_constraints=False)
    w.save()
    w.areas.set(areas)
    return w


# --- expiry ------------------------------------------------------------------------------------------------------
def expire_due(now=None):
    """Marks 已过期 every published warning whose expiry has passed (the sweep); returns how many. The active list
    never waits for this: it reads `expires` itself."""
    now = now or timezone.now()
    qs = Warning.objects.filter(state=S.PUBLISHED, expires__lte=now)
    ids = list(qs.values_list("pk", flat=True)[:1000])
    if not ids:
        return 0
    return Warning.objects.filter(pk__in=ids, state=S.PUBLISHED, expires__lte=now).update(state=S.EXPIRED)
