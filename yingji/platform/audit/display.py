"""The audit trail as a person reads it: Chinese field labels, choice labels instead of codes, names instead of ids,
local times, file names instead of storage paths, and personal data masked for those without the right to see it.

The stored rows keep the raw values (codes, ids, UTC ISO times); this module only renders them, for the 变更记录
section of every detail page and for the audit log page and its export.
"""

import datetime
import json
import re
from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core.privacy import mask, may_see_personal, personal_fields

EMPTY = "—"
_LINKS = re.compile(r"^(\+|-|clear)\[(.*)\]$")


class ReadableChange:
    """An ObjectChange with `subject` (the child row it is about, "" for the record itself) and `rows`
    [(field label, before, after)] as text; every other attribute is the change row's own."""

    def __init__(self, change, subject, rows):
        self.change, self.subject, self.rows = change, subject, rows

    def __getattr__(self, name):
        return getattr(self.change, name)

    def text(self):
        """One line per changed field, "label：before → after" (created and deleted rows: "label：value")."""
        lines = []
        for label, before, after in self.rows:
            if self.change.action == "create":
                lines.append(f"{label}：{after}")
            elif self.change.action == "delete":
                lines.append(f"{label}：{before}")
            else:
                lines.append(f"{label}：{before} → {after}")
        return "\n".join(lines)


def model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        pass
    for f in model._meta.concrete_fields:
        if f.attname == name:
            return f
    return None


def _ids(value):
    """The ids of a stored many-to-many value: a list of ids, or the "+[1, 2]"/"-[3]" of an add or a removal."""
    if isinstance(value, list):
        return value
    match = _LINKS.match(value) if isinstance(value, str) else None
    if match:
        return [int(x) for x in match.group(2).split(",") if x.strip().lstrip("-").isdigit()]
    return []


def readable(changes, *, user, record=None):
    """[ReadableChange] of `changes` (ObjectChange rows, content_type selected) for `user`: the fields of personal
    data of each row's model (as its fields declare them, core/privacy.py) masked unless he holds
    accounts.view_personal_data.
    `record` is the record whose history this is: rows of its child rows name the row they are about.
    The names of related records are looked up once per related model."""
    changes = list(changes)
    show_personal = may_see_personal(user)
    masked_cache = {}

    def masked(model):
        if show_personal or model is None:
            return {}
        if model not in masked_cache:
            masked_cache[model] = personal_fields(model)
        return masked_cache[model]

    # the names of the related records the rows refer to, one query per related model
    wanted = defaultdict(set)
    for change in changes:
        model = change.content_type.model_class()
        for values in (change.prechange, change.postchange):
            for name, value in (values or {}).items():
                field = model_field(model, name)
                if field is None or name in masked(model) or not field.is_relation or value in (None, ""):
                    continue
                if field.many_to_many:
                    wanted[field.related_model].update(_ids(value))
                elif isinstance(value, int):
                    wanted[field.related_model].add(value)
    names = {}
    for related, ids in wanted.items():
        found = {o.pk: str(o) for o in related._base_manager.filter(pk__in=ids)}
        names[related] = found

    record_ct = None
    if record is not None:
        from django.contrib.contenttypes.models import ContentType

        record_ct = ContentType.objects.get_for_model(record, for_concrete_model=True).pk

    result = []
    for change in changes:
        model = change.content_type.model_class()
        hidden = masked(model)
        pre, post = change.prechange or {}, change.postchange or {}
        keys = change.changed_fields or sorted(set(pre) | set(post))
        rows = []
        for name in keys:
            field = model_field(model, name)
            if field is not None and field.primary_key:
                continue  # the row's own id says nothing to a reader; the subject names the row
            label = str(field.verbose_name) if field is not None else name
            before = _text(field, name, pre.get(name), hidden, names)
            after = _text(field, name, post.get(name), hidden, names)
            if field is not None and field.many_to_many and _LINKS.match(str(pre.get(name, ""))):
                after = _("现为 %(links)s") % {"links": after}  # "+[3]" → the links after the change
            rows.append((label, before, after))
        subject = ""
        if record_ct is not None and change.content_type_id != record_ct:
            kind = model._meta.verbose_name if model is not None else change.content_type.model
            subject = f"{kind}“{change.object_repr}”"
        result.append(ReadableChange(change, subject, rows))
    return result


def _text(field, name, value, hidden, names):
    if name in hidden:
        return mask(hidden[name], value) or EMPTY
    if value is None or value == "" or value == []:
        return EMPTY
    if field is None:
        return _plain(value)
    if field.many_to_many:
        found = names.get(field.related_model, {})
        people = "、".join(found.get(pk, f"#{pk}") for pk in _ids(value))
        match = _LINKS.match(value) if isinstance(value, str) else None
        if match:
            verb = {"+": _("新增"), "-": _("移除"), "clear": _("全部移除")}[match.group(1)]
            return f"{verb} {people}".strip()
        return people or EMPTY
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return _plain(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return _plain(value)


def _plain(value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
