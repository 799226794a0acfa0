"""The enterprise a ledger row names, by its 统一社会信用代码 or its name, found in what one import loaded once.

History ledgers (hazards, inspections …) write the enterprise as the bureau knows it: the credit code, or the name
when the old ledger has no code. `EnterpriseLookup.load(user, texts)` reads every enterprise the file mentions in two
queries (those that exist, then those of them in the user's scope), so that `find(text)` costs no query per row and
tells apart an enterprise that does not exist, one outside the user's scope and a name shared by two enterprises.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from yingji.platform.core.validators import normalize_credit_code

from .models import Enterprise

CHUNK = 900  # SQLite's limit of parameters per query, with room to spare


class EnterpriseLookup:
    def __init__(self, in_scope, known):
        self.in_scope = in_scope  # {credit code or name: [Enterprise …]} in the user's scope (view), not voided
        self.known = known  # the same keys, of every enterprise not voided

    @classmethod
    def load(cls, user, texts):
        texts = sorted({str(t).strip() for t in texts if t and str(t).strip()})
        codes = sorted({normalize_credit_code(t) for t in texts})
        found = {}
        for i in range(0, max(len(texts), len(codes)), CHUNK):
            q = Q(credit_code__in=codes[i:i + CHUNK]) | Q(name__in=texts[i:i + CHUNK])
            for e in Enterprise.objects.active().filter(q).select_related("region"):
                found[e.pk] = e
        visible = set()
        ids = sorted(found)
        scoped = Enterprise.objects.restrict(user, "view")
        for i in range(0, len(ids), CHUNK):
            visible |= set(scoped.filter(pk__in=ids[i:i + CHUNK]).values_list("pk", flat=True))
        in_scope, known = {}, {}
        for e in found.values():
            for key in {e.credit_code, e.name}:
                if not key:
                    continue
                known.setdefault(key, []).append(e)
                if e.pk in visible:
                    in_scope.setdefault(key, []).append(e)
        return cls(in_scope, known)

    def find(self, text):
        """The enterprise `text` names (a credit code or a name), or a Chinese ValidationError."""
        text = str(text).strip()
        key = normalize_credit_code(text) if normalize_credit_code(text) in self.known else text
        matches = self.in_scope.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(_("名称为“%(n)s”的企业有 %(c)d 家，请填写统一社会信用代码") % {
                "n": text, "c": len(matches)})
        if key in self.known:
            raise ValidationError(_("企业“%(n)s”不在您的管辖范围内") % {"n": text})
        raise ValidationError(_("系统中没有企业“%(n)s”（请填写统一社会信用代码或企业全称，并先导入企业档案）")
                              % {"n": text})


def units_by_name(units):
    """{全称 or 简称: unit} of the units (organisations) a ledger may name, for a `resolve_<field>` that costs no query:
    where two units share a name or a short name, the older one (lower key) is meant."""
    found = {}
    for org in units.order_by("pk"):
        found.setdefault(org.name, org)
        if org.short_name:
            found.setdefault(org.short_name, org)
    return found
