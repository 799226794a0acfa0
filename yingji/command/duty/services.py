"""Roster services: generate from the rotation, swap, substitute, adjust; who is on duty; handover.

Every change goes through `change_shifts`: under the post's row lock (select_for_update; on SQLite the IMMEDIATE
transaction serialises writers) it supersedes the shifts it replaces and inserts the new ones, then checks the
post's chain around them — no gap, no overlap — and raises a Chinese ValidationError (rolling everything back)
otherwise. The database backs it with partial unique constraints on (post, start) and (post, end) of active shifts.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.oncall import OnDuty
from yingji.platform.core.services import service

from .choices import Origin
from .models import DutyChange, DutyPost, Handover, HandoverItem, Shift, person_name


@dataclass
class Spec:
    start: datetime.datetime
    end: datetime.datetime
    person: object


def _fmt(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def _lock(posts):
    ids = sorted({p.pk for p in posts})
    return {p.pk: p for p in DutyPost.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def check_chain(post, lo, hi):
    """Raise a Chinese ValidationError if the active shifts of `post` leave a gap or overlap within [lo, hi]
    (the neighbours of the window are included)."""
    shifts = list(Shift.objects.active().filter(post=post, end__gte=lo, start__lte=hi).order_by("start", "end")
                  .values_list("start", "end"))
    for (_s1, e1), (s2, e2) in zip(shifts, shifts[1:]):
        if s2 > e1:
            raise ValidationError(_("%(post)s %(a)s 至 %(b)s 无人值班（排班不能留有空档）") % {
                "post": post.label, "a": _fmt(e1), "b": _fmt(s2)})
        if s2 < e1:
            raise ValidationError(_("%(post)s %(a)s 至 %(b)s 有两人同时值班（排班不能重叠）") % {
                "post": post.label, "a": _fmt(s2), "b": _fmt(min(e1, e2))})


@service
def change_shifts(post, old, specs, *, actor, kind, reason=""):
    """Replace the active shifts `old` of `post` by new shifts `specs` (start, end, person) covering exactly the
    same span. Returns the DutyChange. Nothing is written when refused."""
    _lock([post])
    old = list(Shift.objects.active().filter(pk__in=[s.pk for s in old], post=post).order_by("start"))
    if not old:
        raise ValidationError(_("所选班次已被调整，请刷新后重试"))
    lo, hi = old[0].start, old[-1].end
    specs = sorted(specs, key=lambda s: s.start)
    for s in specs:
        if s.person is None:
            raise ValidationError(_("%(a)s 至 %(b)s 未指定值班人员（排班不能留有空档）") % {
                "a": _fmt(s.start), "b": _fmt(s.end)})
        if s.end <= s.start:
            raise ValidationError(_("班次结束时间须晚于开始时间（%(a)s）") % {"a": _fmt(s.start)})
    if not specs or specs[0].start > lo or specs[-1].end < hi:
        a, b = (lo, specs[0].start) if not specs or specs[0].start > lo else (specs[-1].end, hi)
        raise ValidationError(_("%(post)s %(a)s 至 %(b)s 无人值班（排班不能留有空档）") % {
            "post": post.label, "a": _fmt(a), "b": _fmt(b)})
    if specs[0].start < lo or specs[-1].end > hi:
        raise ValidationError(_("调整后的班次超出了原班次的时段（%(a)s 至 %(b)s），会与相邻班次重叠") % {
            "a": _fmt(lo), "b": _fmt(hi)})
    now = timezone.now()
    change = DutyChange.objects.create(region=post.region, kind=kind, reason=reason[:200], actor=actor, at=now)
    Shift.objects.filter(pk__in=[s.pk for s in old]).update(superseded_at=now, superseded_by=change)
    for s in specs:
        Shift.objects.create(post=post, start=s.start, end=s.end, person=s.person, origin=kind, made_by=change)
    check_chain(post, lo, hi)
    return change


@service
def swap(shift_a, shift_b, *, actor, reason=""):
    """换班: the two people exchange their shifts (same or different posts); times do not move."""
    if shift_a.pk == shift_b.pk:
        raise ValidationError(_("请选择两个不同的班次"))
    _lock([shift_a.post, shift_b.post])
    a = Shift.objects.active().filter(pk=shift_a.pk).select_related("post").first()
    b = Shift.objects.active().filter(pk=shift_b.pk).select_related("post").first()
    if a is None or b is None:
        raise ValidationError(_("所选班次已被调整，请刷新后重试"))
    if a.person_id == b.person_id:
        raise ValidationError(_("两个班次是同一人，无需换班"))
    return [change_shifts(a.post, [a], [Spec(a.start, a.end, b.person)], actor=actor, kind=Origin.SWAP,
                          reason=reason),
            change_shifts(b.post, [b], [Spec(b.start, b.end, a.person)], actor=actor, kind=Origin.SWAP,
                          reason=reason)]


@service
def substitute(shift, person, *, actor, start=None, end=None, reason=""):
    """替班: `person` takes [start, end) of the shift (default all of it); the rest stays with its holder."""
    start, end = start or shift.start, end or shift.end
    if start < shift.start or end > shift.end:
        raise ValidationError(_("替班时段须在原班次之内（%(a)s 至 %(b)s）") % {
            "a": _fmt(shift.start), "b": _fmt(shift.end)})
    if end <= start:
        raise ValidationError(_("替班结束时间须晚于开始时间"))
    specs = [Spec(start, end, person)]
    if start > shift.start:
        specs.append(Spec(shift.start, start, shift.person))
    if end < shift.end:
        specs.append(Spec(end, shift.end, shift.person))
    return change_shifts(shift.post, [shift], specs, actor=actor, kind=Origin.SUBSTITUTE, reason=reason)


def _first_start(post, day):
    return timezone.make_aware(datetime.datetime.combine(day, post.handover_time))


@service
def generate(post, until, *, actor, start_day=None):
    """Extend the post's roster from its last active shift (or from `start_day` at the handover time) up to
    `until`, round-robin over the rotation. Returns the number of shifts made."""
    posts = _lock([post])
    post = posts[post.pk]
    members = list(post.members.select_related("user").order_by("position", "id"))
    if not members:
        raise ValidationError(_("%(post)s尚未设置轮班人员") % {"post": post.label})
    last = Shift.objects.active().filter(post=post).order_by("-end").first()
    if last is not None:
        cursor = last.end
        ids = [m.user_id for m in members]
        index = (ids.index(last.person_id) + 1) if last.person_id in ids else 0
    else:
        if start_day is None:
            raise ValidationError(_("请填写排班开始日期"))
        cursor, index = _first_start(post, start_day), 0
    length = datetime.timedelta(hours=post.shift_hours)
    change = None
    made = 0
    while cursor < until:
        if change is None:
            change = DutyChange.objects.create(region=post.region, kind=Origin.ROTATION, actor=actor,
                                               reason=_("按轮班生成"))
        Shift.objects.create(post=post, start=cursor, end=cursor + length, origin=Origin.ROTATION, made_by=change,
                             person=members[index % len(members)].user)
        cursor += length
        index += 1
        made += 1
    return made


# --- who is on duty ------------------------------------------------------------------------------------------------
def on_duty(at, region=None, post=None):
    """The one answer to "who is on duty at `at`": the active shift of every post (of `region`, of post code
    `post`) holding `at`. Registered with core.oncall in DutyConfig.ready()."""
    qs = Shift.objects.active().filter(start__lte=at, end__gt=at, post__voided_at__isnull=True) \
        .select_related("post", "person").order_by("post__order", "post__id")
    if region is not None:
        qs = qs.filter(post__region=region)
    if post:
        qs = qs.filter(post__code=post)
    return [OnDuty(user_id=s.person_id, name=person_name(s.person), phone=s.person.phone or s.post.phone,
                   post=s.post.code, post_label=s.post.label, region_id=s.post.region_id, start=s.start, end=s.end)
            for s in qs]


# --- handover ------------------------------------------------------------------------------------------------------
@service
def hand_over(post, *, actor, summary="", new_items=(), done_ids=(), received_by=None, at=None):
    """交接班: a Handover row; the previous handover's items not done are carried over (linked), those in
    `done_ids` closed, `new_items` added."""
    _lock([post])
    at = at or timezone.now()
    previous = Handover.objects.filter(post=post).order_by("-at", "-id").first()
    handover = Handover.objects.create(post=post, at=at, handed_by=actor, received_by=received_by,
                                       summary=summary)
    if previous is not None:
        open_items = previous.items.filter(done=False, carried_to__isnull=True)
        for item in open_items:
            if item.pk in set(done_ids):
                item.done = True
                item.save(update_fields=["done"])
                continue
            HandoverItem.objects.create(handover=handover, text=item.text, carried_from=item)
    for text in new_items:
        text = (text or "").strip()
        if text:
            HandoverItem.objects.create(handover=handover, text=text[:300])
    return handover


def open_handover_items(post):
    last = Handover.objects.filter(post=post).order_by("-at", "-id").first()
    return list(last.items.filter(done=False)) if last else []
