"""来源 (?source=) of the statistics: the hazards' sources (企业自查, 部门检查, 本局执法检查, 督导检查, 网格巡查, 群众举报)
as one statistics parameter, registered for every page, API and dashboard figure whose records declare it
(core.stats: a model's `stats_filters`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core.stats import StatsParameter

from .choices import HazardSource


def source_choices(user):
    return [(value, str(label)) for value, label in HazardSource.choices]


def resolve_source(user, text):
    """The source of ?source= (None when empty); an unknown one: 400 with the sources that exist."""
    if not text:
        return None
    if text not in HazardSource.values:
        raise ValidationError(_("来源“%(s)s”不正确，应为：%(ok)s") % {
            "s": text, "ok": "、".join(f"{v}（{label}）" for v, label in HazardSource.choices)})
    return text


SOURCE = StatsParameter("source", gettext_lazy("来源"), source_choices, resolve_source,
                        empty_label=gettext_lazy("全部来源"))
