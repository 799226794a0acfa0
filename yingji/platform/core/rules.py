"""Rules as data: one audited base for every table of thresholds and time limits (规则配置).

A rule row carries its legal basis (法律依据), the dates it is in force (施行日期 / 废止日期, both inclusive, empty =
open) and an optional region (适用区划): empty is the national rule, a province's, city's or county's own row
overrides it there. `Model.objects.rule_for(day, region, **key)` returns the one row that applies:

1. rows of the table matching `key` (e.g. grade=3), not voided, in force on `day`;
2. national rows and rows of `region` or one of its ancestors (省 → 市 → 县 → 乡), never another region's;
3. with `narrow=`: rows whose `narrowing_field` list names the value (a sector's or disaster type's own rule) win over
   general rows (empty list); rows naming other values never apply;
4. the most specific region wins (county over city over province over national), then the newest valid_from
   (a row without one is the oldest), then the newest row.

Portable SQL (one indexed query, the choice among the few candidates in Python), the same on SQLite and PostgreSQL.

Every concrete subclass of RuleRow is registered here when its class is prepared: the pages under 系统管理 → 规则配置
(rules_views.py: list, add, edit, void/restore, import with its template) serve every table, with no code per app.
Rows are BusinessModel records: audited with their actor, voided instead of deleted, nationwide in scope (every user
with the model's view permission sees every row; the change permission is the administrator's).
"""

import datetime
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import class_prepared
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BusinessModel, ScopedQuerySet

# the significant digits of the region code at each level (省 2, 市 4, 县 6, 乡 9, 村 12)
_PREFIXES = (2, 4, 6, 9, 12)


def ancestor_codes(region):
    """The 12-digit codes of `region` and of every region above it."""
    return sorted({region.code[:n].ljust(12, "0") for n in _PREFIXES})


def specificity(row):
    """The sort key of "most specific": the region's level (national 0), then valid_from, then the row's id."""
    level = row.region.level if row.region_id else 0
    return level, row.valid_from or datetime.date.min, row.pk or 0


def most_specific(rows):
    """Of several rows for the same purpose, the one of the smallest region, then the newest; None if there is none."""
    rows = list(rows)
    return max(rows, key=specificity) if rows else None


def narrowed(rows, field, value):
    """The rows that apply to `value` of the narrowing list `field`: those naming it if any do, else the general
    ones (an empty list); rows naming only other values never apply."""
    if not field:
        return list(rows)
    rows = list(rows)
    own = [r for r in rows if value is not None and value in (getattr(r, field) or [])]
    return own or [r for r in rows if not getattr(r, field)]


def in_force_q(day=None):
    """The condition of a row not voided and in force on `day` (default today)."""
    day = day or timezone.localdate()
    return (models.Q(voided_at__isnull=True) & (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)))


def rule_among(rows, day, region=None, *, narrow=None, **key):
    """`rule_for` over rows already loaded (a batch such as a ledger import reads a table once, then decides each
    record's rule in Python): the row of `rows` that applies on `day` in `region` to `key`, or None. The rows need
    their region loaded (select_related("region"))."""
    rows = [r for r in rows if r.in_force_on(day) and r.applies_in(region)
            and all(getattr(r, name) == value for name, value in key.items())]
    if not rows:
        return None
    return most_specific(narrowed(rows, type(rows[0]).narrowing_field, narrow))


class RuleQuerySet(ScopedQuerySet):
    def valid_on(self, day=None):
        """Rows not voided and in force on `day` (default today): valid_from ≤ day ≤ valid_to, empty = open."""
        return self.filter(in_force_q(day))

    def applicable(self, day=None, region=None):
        """Rows in force on `day` that may apply in `region`: national ones and those of the region's ancestors
        (the region itself included); without a region, national ones only."""
        qs = self.valid_on(day)
        if region is None:
            return qs.filter(region__isnull=True)
        return qs.filter(models.Q(region__isnull=True) | models.Q(region__code__in=ancestor_codes(region)))

    def candidates(self, day=None, region=None, *, narrow=None, **key):
        rows = list(self.applicable(day, region).filter(**key).select_related("region"))
        return narrowed(rows, self.model.narrowing_field, narrow)

    def rule_for(self, day=None, region=None, *, narrow=None, **key):
        """The row that applies on `day` in `region` to `key` (see the module docstring), or None."""
        return most_specific(self.candidates(day, region, narrow=narrow, **key))

    def rules_by(self, field, day=None, region=None, *, narrow=None, **key):
        """{value of `field`: the row that applies} for every value of `field` with a row (e.g. one per grade)."""
        groups = {}
        for row in self.candidates(day, region, narrow=narrow, **key):
            groups.setdefault(getattr(row, field), []).append(row)
        return {value: most_specific(rows) for value, rows in groups.items()}


class RuleRow(BusinessModel):
    """One row of a rule table: see the module docstring. Subclasses add their own fields and declare:

    - `rule_key`: the fields saying what the row is a rule for (e.g. ("grade",)); two active rows with the same key,
      region and valid_from would be ambiguous and are refused;
    - `narrowing_field` (optional): a JSON list field (e.g. "sectors") narrowing the row to some values;
    - `list_choices`: {JSON list field: choices} for the pages and the import;
    - `rule_order`: the place of the table on the 规则配置 page.
    """

    legal_basis = models.CharField(_("法律依据"), max_length=300,
                                   help_text=_("法律、法规、规章或规范性文件的名称及条款"))
    region = models.ForeignKey("regions.Region", verbose_name=_("适用区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("空为全国通用；填写省、市或县则为该地的规定，在该地优先于全国规定"))
    valid_from = models.DateField(_("施行日期"), null=True, blank=True, help_text=_("含本日；空为一直有效"))
    valid_to = models.DateField(_("废止日期"), null=True, blank=True,
                                help_text=_("最后有效的一天；空为现行有效。新规定施行时，旧规定填写废止日期"))

    rule_key = ()
    narrowing_field = None
    list_choices: ClassVar[dict] = {}
    rule_order = 100

    # nationwide configuration: every user with the view permission sees every row (no region scope)
    scope_global = True
    objects = RuleQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def region_scope_q(cls, user):
        return models.Q()

    def get_absolute_url(self):
        return reverse(f"rules:{self._meta.model_name}_detail", args=[self.pk])

    @property
    def region_label(self):
        return self.region.name if self.region_id else _("全国")

    def in_force_on(self, day):
        return (self.voided_at is None and (self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))

    def applies_in(self, region):
        """True if the row may apply in `region`: a national row, or one of the region's or a region above it."""
        return self.region_id is None or (region is not None and self.region.code in ancestor_codes(region))

    @property
    def in_force_today(self):
        return self.in_force_on(timezone.localdate())

    def key_values(self):
        """(key field values…, region id, valid_from): rows with equal values are duplicates."""
        values = []
        for name in self.rule_key:
            value = getattr(self, name)
            values.append(tuple(sorted(value)) if isinstance(value, list) else value)
        return (*values, self.region_id, self.valid_from)

    def clean(self):
        super().clean()
        from yingji.platform.regions.choices import Level

        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("废止日期不能早于施行日期")
        if self.region_id and self.region.level > Level.COUNTY:
            errors["region"] = _("规则的适用区划应为省、市或县级")
        for name, choices in self.list_choices.items():
            allowed = {str(v) for v, _label in choices}
            bad = [v for v in (getattr(self, name) or []) if str(v) not in allowed]
            if bad:
                errors[name] = _("不能识别的取值：%(v)s") % {"v": "、".join(map(str, bad))}
        if not errors and self.voided_at is None:
            duplicate = self.duplicate()
            if duplicate is not None:
                errors["valid_from"] = _("已有相同适用区划、相同施行日期的有效规则：%(r)s（请修改或作废原规则）") % {
                    "r": duplicate}
        if errors:
            raise ValidationError(errors)

    def duplicate(self):
        """Another active row with the same key, region and valid_from, or None."""
        mine = self.key_values()
        qs = type(self).objects.filter(voided_at__isnull=True, region_id=self.region_id,
                                       valid_from=self.valid_from).exclude(pk=self.pk)
        plain = {n: getattr(self, n) for n in self.rule_key if not isinstance(getattr(self, n), list)}
        for row in qs.filter(**plain):
            if row.key_values() == mine:
                return row
        return None


# --- the registry -------------------------------------------------------------------------------------------------
_tables = []


def _register(sender, **kwargs):
    if issubclass(sender, RuleRow) and not sender._meta.abstract and not sender._meta.proxy \
            and sender not in _tables:
        _tables.append(sender)


class_prepared.connect(_register, dispatch_uid="yingji_rule_tables")


def tables():
    """Every registered rule table, in the order of the 规则配置 page (rule_order, then verbose name)."""
    return sorted(_tables, key=lambda m: (m.rule_order, m._meta.label))


def table(model_name):
    """The rule table whose model name (e.g. "accidentgraderule") is `model_name`, or None."""
    return next((m for m in _tables if m._meta.model_name == model_name), None)


def may_view_any(user):
    """True if `user` may read at least one rule table (the 规则配置 menu entry is shown to him)."""
    from .models import perm_name

    return any(user.has_perm(perm_name(m, "view")) for m in _tables)
