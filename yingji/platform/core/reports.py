"""The annual report's section registry: each module contributes its sections from `<app>/report.py`.

    from yingji.platform.core.reports import Figure, P, register_section

    def build(ctx):
        qs = ctx.records(Accident, "occurred_at")
        n = qs.count()
        return [P("全年共发生生产安全事故", Figure(n, "起", "生产安全事故起数", ctx.link(...)), "。")]

    register_section("accidents", "生产安全事故", 10, "一、安全生产基本情况", build)

build(ctx) returns paragraphs (P) made of text and Figure objects, or an empty list when the section has nothing to
say (it is then left out). A section that has a module but no records says so plainly ("全年未发生…"). A section
registered without `build` is narrative only: the text staff write for it (ReportNarrative) is its content.
The engine (engine.py) finds `<app>.report` of every installed yingji app, so a new module adds its paragraphs
without touching the engine.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from . import phrasing

# the parts of a bureau's summary, in order; {next_year} is filled in when the report is built
PARTS = {
    "opening": ("", 0),
    "situation": ("安全生产基本情况", 10),
    "work": ("主要工作开展情况", 20),
    "problems": ("存在的问题", 30),
    "plan": ("{next_year}年工作打算", 40),
}
_PART_ALIASES = {"主要工作": "work", "安全生产基本情况": "situation", "存在的问题": "problems", "存在问题": "problems",
                 "工作打算": "plan", "下一年工作打算": "plan", "开头": "opening"}
_NUMERAL_PREFIX = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]\s*")


def part_key(part):
    """'二、主要工作' / '主要工作' / 'work' → 'work'."""
    if part in PARTS:
        return part
    title = _NUMERAL_PREFIX.sub("", part).strip()
    for key, (t, _o) in PARTS.items():
        if t and title == t:
            return key
    if title in _PART_ALIASES:
        return _PART_ALIASES[title]
    if title.endswith("年工作打算"):
        return "plan"
    raise ValueError(f"unknown report part {part!r}: one of {', '.join(PARTS)}")


@dataclass
class Figure:
    """One number the report states, with the query behind it."""

    value: int | Decimal
    unit: str
    label: str
    link: str | None = None
    previous: int | Decimal | None = None  # the same period of the previous year, when the text compares
    previous_link: str | None = None
    section: str = ""  # filled in by the engine

    @property
    def text(self):
        return phrasing.figure_text(self.value, self.unit)

    @property
    def previous_text(self):
        return phrasing.figure_text(self.previous, self.unit) if self.previous is not None else ""

    @property
    def change(self):
        return phrasing.change(self.value, self.previous, self.unit) if self.previous is not None else ""

    def __str__(self):
        return self.text


@dataclass
class Paragraph:
    """A paragraph: text and Figures in reading order; `title` is a numbered lead (1.加强督导检查。)."""

    items: list = field(default_factory=list)
    title: str = ""
    narrative: bool = False  # written by staff (ReportNarrative), not computed
    number: str = ""  # "1." given by the engine to titled paragraphs

    @property
    def text(self):
        return "".join(str(i) for i in self.items)

    @property
    def figures(self):
        return [i for i in self.items if isinstance(i, Figure)]


def P(*items, title=""):
    """Paragraph shorthand: P("全年发生事故", Figure(...), "，", yoy(...), "。")."""
    return Paragraph(items=[i for i in items if i not in (None, "")], title=title)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    part: str
    build: Callable | None = None
    hint: str = ""  # what staff are expected to write, shown beside a narrative section

    @property
    def narrative_only(self):
        return self.build is None


_sections = {}


def register_section(key, title, order, part, build=None, *, hint=""):
    """Add a section (see the module docstring). Registering the same key again replaces it (module reload)."""
    section = Section(key=key, title=title, order=order, part=part_key(part), build=build, hint=hint)
    _sections[key] = section
    return build


def section(key, title, order, part, *, hint=""):
    """Decorator form of register_section."""

    def wrap(fn):
        register_section(key, title, order, part, fn, hint=hint)
        return fn

    return wrap


def sections():
    """Every registered section in report order (part, then order, then key)."""
    autodiscover()
    return sorted(_sections.values(), key=lambda s: (PARTS[s.part][1], s.order, s.key))


def get(key):
    autodiscover()
    return _sections.get(key)


def section_choices():
    return [(s.key, f"{part_title(s.part, None) or '开头'} · {s.title}") for s in sections()]


def part_title(key, year):
    title = PARTS[key][0]
    if "{next_year}" in title:
        return title.format(next_year=year + 1) if year else title.format(next_year="下一")
    return title


def autodiscover():
    """Import `<app>.report` of every installed yingji app (once), so each registers its part."""
    from yingji.platform.core.discovery import autodiscover as _discover

    _discover("report")
