"""Builds the annual report from the registered sections and the staff's narrative text.

The result (Report) is what the HTML preview, the .docx writer and the .xlsx appendix all render, so the three
always state the same figures. Headings are numbered here, after empty sections are left out: 一、（一）1.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingji.platform.core import reports as registry
from yingji.platform.core.phrasing import chinese_numeral
from yingji.platform.core.reports import Paragraph
from yingji.platform.regions.choices import Level

from .context import build_context


@dataclass
class BuiltSection:
    key: str
    title: str
    number: str  # （一） or "" in parts without sub-headings
    paragraphs: list
    narrative: object = None  # the ReportNarrative merged in, if any
    narrative_only: bool = False
    hint: str = ""
    edit_link: str = ""  # set by the preview for users who may write the narrative


@dataclass
class BuiltPart:
    key: str
    title: str
    number: str  # 一、 or "" for the opening
    sections: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    organisation: str
    ctx: object
    parts: list
    # sections that have no text yet, for the preview's "待撰写" list (never printed in the .docx)
    missing_narratives: list = field(default_factory=list)

    @property
    def figures(self):
        return [f for part in self.parts for s in part.sections for p in s.paragraphs for f in p.figures]

    def paragraphs(self):
        for part in self.parts:
            for s in part.sections:
                yield from s.paragraphs


# parts whose sections are printed without their own （一） heading
UNHEADED_PARTS = ("opening", "situation")


def organisation_name(ctx):
    """安澜县应急管理局: the bureau (or township office) of the region, else the region's name + 应急管理局; for an
    industry department's user, whose report counts only his department's records, the department."""
    from yingji.platform.accounts.choices import OrgKind
    from yingji.platform.accounts.models import Organisation

    department = getattr(ctx.user, "department_scope", None)
    if department is not None:  # an industry department sees its own records only: the report is its own
        return department.name
    kinds = [OrgKind.BUREAU] if ctx.region.level <= Level.COUNTY else [OrgKind.TOWNSHIP_OFFICE, OrgKind.BUREAU]
    orgs = {o.kind: o.name for o in Organisation.objects.restrict(ctx.user).filter(
        region=ctx.region, kind__in=kinds, voided_at__isnull=True).order_by("pk")}
    for kind in kinds:
        if kind in orgs:
            return orgs[kind]
    return f"{ctx.region.name}应急管理局" if ctx.region.level <= Level.COUNTY else f"{ctx.region.name}应急管理办公室"


def narratives_for(ctx):
    from .models import ReportNarrative

    return {n.section: n for n in ReportNarrative.objects.restrict(ctx.user).filter(
        region=ctx.region, year=ctx.year, voided_at__isnull=True)}


def build_report(ctx):
    """The report of the context. It is the bureau's official summary, written in Chinese: its sections are built
    under the site language, whatever language the requesting user's pages are in (choice labels, units and
    sentences would otherwise come out in English inside a Chinese document)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_report(ctx)


def _build_report(ctx):
    narratives = narratives_for(ctx)
    org = organisation_name(ctx)
    parts, missing = [], []
    by_part = {}
    for s in registry.sections():
        by_part.setdefault(s.part, []).append(s)
    part_no = 0
    for part_key in registry.PARTS:
        built = []
        for s in by_part.get(part_key, []):
            paragraphs = []
            if s.build is not None:
                paragraphs = [p if isinstance(p, Paragraph) else Paragraph(items=[p]) for p in (s.build(ctx) or [])]
            narrative = narratives.get(s.key)
            if narrative is not None:
                paragraphs += [Paragraph(items=[t], narrative=True) for t in narrative.paragraphs()]
            elif s.narrative_only:
                missing.append(s)
            if not paragraphs:
                continue
            n = 0
            for p in paragraphs:
                for f in p.figures:
                    f.section = s.title
                if p.title:
                    n += 1
                    p.number = f"{n}."
                else:
                    p.number = ""
            built.append(BuiltSection(key=s.key, title=s.title, number="", paragraphs=paragraphs,
                                      narrative=narrative, narrative_only=s.narrative_only, hint=s.hint))
        if not built:
            continue
        if part_key in UNHEADED_PARTS:
            number = ""
            if part_key == "situation":
                part_no += 1
                number = f"{chinese_numeral(part_no)}、"
        else:
            part_no += 1
            number = f"{chinese_numeral(part_no)}、"
            for i, b in enumerate(built, start=1):
                b.number = f"（{chinese_numeral(i)}）"
        parts.append(BuiltPart(key=part_key, title=registry.part_title(part_key, ctx.year), number=number,
                               sections=built))
    title = f"{org}{ctx.title_period}工作总结"
    return Report(title=title, organisation=org, ctx=ctx, parts=parts, missing_narratives=missing)


def region_in_scope(user, code):
    """The Region with `code` when the user may see it; raises Region.DoesNotExist otherwise."""
    from yingji.platform.regions import codes
    from yingji.platform.regions.models import Region

    try:
        code = codes.normalize(str(code or "").strip())
    except ValidationError:
        raise Region.DoesNotExist
    return Region.objects.restrict(user).get(code=code, voided_at__isnull=True)


def annual_report(user, region, year=None, *, start=None, end=None, today=None):
    """The report of `region` for `year`, or for the days `start`..`end` within one year, as `user` sees it (the
    user must be able to see the region)."""
    from yingji.platform.regions.models import Region

    if not Region.objects.restrict(user).filter(pk=region.pk).exists():
        raise PermissionDenied("该行政区划不在您的管辖范围内")
    return build_report(build_context(user, region, year, start=start, end=end, today=today))
