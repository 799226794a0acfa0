"""The report as a Word document laid out as a Chinese official document (公文, GB/T 9704-2012).

A4, margins 37/35/28/26 mm, title in 方正小标宋 二号 centred, body in 仿宋_GB2312 三号 with a first-line indent of
two characters and a fixed 28-point line pitch, 一、 headings in 黑体, （一） headings in 楷体_GB2312, 1. leads in
bold 仿宋. Each font falls back to the first of its alternatives installed on this server (fc-list), and to the 公文
name itself when none is, so Word substitutes on the reader's machine. The East Asian font is set with w:eastAsia on
each run, since Word otherwise keeps its own CJK font.
"""

import functools
import io
import shutil
import subprocess

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# role -> candidates, the 公文 font first
FONT_CANDIDATES = {
    "title": ["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体", "Noto Serif CJK SC", "Source Han Serif SC"],
    "body": ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"],
    "heading1": ["黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"],
    "heading2": ["楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC", "Source Han Serif SC"],
}
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
LINE_PITCH = Pt(28)


@functools.lru_cache(maxsize=1)
def installed_fonts():
    """Family names known to fontconfig on this server (empty when fc-list is not available)."""
    fc = shutil.which("fc-list")
    if not fc:
        return frozenset()
    try:
        out = subprocess.run([fc, ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = set()
    for line in out.splitlines():
        names.update(n.strip() for n in line.split(",") if n.strip())
    return frozenset(names)


def font_for(role):
    """The font used for `role`: settings.YINGJI_REPORT_FONTS[role] if set, else the first installed candidate."""
    override = getattr(settings, "YINGJI_REPORT_FONTS", {}).get(role)
    if override:
        return override
    candidates = FONT_CANDIDATES[role]
    present = installed_fonts()
    return next((c for c in candidates if c in present), candidates[0])


def _set_font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), name)
    rfonts.set(qn("w:hAnsi"), name)


def _paragraph(doc, *, indent=True, align=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        p.alignment = align
    return p


def write_docx(report):
    """The report as .docx bytes."""
    fonts = {role: font_for(role) for role in FONT_CANDIDATES}
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = fonts["body"]
    normal.font.size = SIZE_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts["body"])
    core = doc.core_properties
    core.title = report.title
    core.author = report.organisation
    core.language = "zh-CN"

    title = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(36)
    _set_font(title.add_run(report.title), fonts["title"], SIZE_TITLE)
    _paragraph(doc, indent=False)  # the blank line under the title

    for part in report.parts:
        if part.number:
            h = _paragraph(doc)
            _set_font(h.add_run(f"{part.number}{part.title}"), fonts["heading1"], SIZE_BODY)
        for s in part.sections:
            if s.number:
                h = _paragraph(doc)
                _set_font(h.add_run(f"{s.number}{s.title}"), fonts["heading2"], SIZE_BODY)
            for para in s.paragraphs:
                p = _paragraph(doc)
                if para.title:
                    lead = para.title if para.title.endswith(("。", "：")) else f"{para.title}。"
                    _set_font(p.add_run(f"{para.number}{lead}"), fonts["body"], SIZE_BODY, bold=True)
                _set_font(p.add_run(para.text), fonts["body"], SIZE_BODY)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(content):
    """The paragraphs of a .docx (bytes) as text, one per line: for tests and checks."""
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)
