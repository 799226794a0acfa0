"""CAP 1.2 interchange: export (OASIS XML, validated against the official XSD), the national release-system profile,
and the parsing of an upstream message for 转发.

The XSD is the OASIS one, shipped in schemas/CAP-v1.2.xsd (provenance in docs/warning.md). Times are written in the
bureau's zone with an explicit offset and no fractional seconds (the XSD's pattern; `datetime.isoformat()` fails it).
Upstream XML is parsed with entity resolution and network access off, so a hostile file cannot read local files or
call out.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree

from .choices import (
    CODE_EVENT,
    EVENT_CODES,
    LEVEL_CAP,
    LEVEL_NATIONAL,
    NATIONAL_CERTAINTY,
    SEVERITY_LEVEL,
    Category,
    EventType,
    Level,
    MsgType,
)

NS = "urn:oasis:names:tc:emergency:cap:1.2"
XSD_PATH = Path(__file__).resolve().parent / "schemas" / "CAP-v1.2.xsd"
GEOCODE_NAME = "GB/T 2260"  # the valueName of a 12-digit 行政区划代码 in <geocode>
EVENT_CODE_NAME = "CN-NEWRS"  # the valueName of the national release system's event-type code in <eventCode>
LEVEL_PARAMETER = "预警级别"
MAX_UPLOAD = 1_000_000  # bytes; a CAP message is a few kilobytes


def cap_time(dt):
    """A CAP date-time: local time, explicit offset, whole seconds (2026-07-20T08:30:00+08:00)."""
    return timezone.localtime(dt).replace(microsecond=0).isoformat()


def national_time(dt):
    """The national profile's sendTime: '2026-07-20 08:30:00+08:00'."""
    return cap_time(dt).replace("T", " ")


@functools.cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(XSD_PATH))


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True)


# --- export ------------------------------------------------------------------------------------------------------
def _sub(parent, tag, text=None, ns=NS):
    el = etree.SubElement(parent, f"{{{ns}}}{tag}" if ns else tag)
    if text is not None:
        el.text = str(text)
    return el


def effective_values(w):
    """(severity, urgency, certainty, category, event_code) with the level's and the event type's defaults."""
    severity, urgency, certainty = LEVEL_CAP.get(w.level, ("Unknown", "Unknown", "Unknown"))
    category, code = EVENT_CODES.get(w.event_type, (Category.OTHER, ""))
    return (w.severity or severity, w.urgency or urgency, w.certainty or certainty, w.category or category,
            w.event_code or code)


def preview_identity(w):
    """(sender, identifier, sent) of an unpublished warning's preview: marked as such, never a real identity."""
    return (w.sender or "yingji-preview", f"preview-{w.pk or 0}", w.sent or timezone.now())


def to_cap(w):
    """The warning as an OASIS CAP 1.2 <alert> element (lxml), in Chinese (info.language zh-CN) whatever the
    language of the user's pages: event names and level words are the choices' labels."""
    with translation.override(settings.LANGUAGE_CODE):
        return _to_cap(w)


def _to_cap(w):
    sender, identifier, sent = ((w.sender, w.identifier, w.sent) if w.identifier else preview_identity(w))
    severity, urgency, certainty, category, code = effective_values(w)
    alert = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _sub(alert, "identifier", identifier)
    _sub(alert, "sender", sender)
    _sub(alert, "sent", cap_time(sent))
    _sub(alert, "status", w.status if w.identifier else "Draft")
    _sub(alert, "msgType", w.msg_type)
    if w.source:
        _sub(alert, "source", w.source)
    _sub(alert, "scope", w.scope)
    if w.scope == "Restricted":
        _sub(alert, "restriction", w.restriction)
    if w.scope == "Private":
        _sub(alert, "addresses", w.addresses)
    if w.note:
        _sub(alert, "note", w.note)
    if w.references:
        _sub(alert, "references", w.references)
    info = _sub(alert, "info")
    _sub(info, "language", "zh-CN")
    _sub(info, "category", category)
    _sub(info, "event", w.get_event_type_display())
    if w.response_type:
        _sub(info, "responseType", w.response_type)
    _sub(info, "urgency", urgency)
    _sub(info, "severity", severity)
    _sub(info, "certainty", certainty)
    if code:
        ec = _sub(info, "eventCode")
        _sub(ec, "valueName", EVENT_CODE_NAME)
        _sub(ec, "value", code)
    for tag, value in (("effective", w.effective or (w.sent if w.identifier else None)), ("onset", w.onset),
                       ("expires", w.expires)):
        if value:
            _sub(info, tag, cap_time(value))
    _sub(info, "senderName", w.sender_name or (w.region.name if w.region_id else ""))
    _sub(info, "headline", str(w))
    _sub(info, "description", w.description)
    if w.instruction:
        _sub(info, "instruction", w.instruction)
    if w.web:
        _sub(info, "web", w.web)
    if w.contact:
        _sub(info, "contact", w.contact)
    if w.level:
        p = _sub(info, "parameter")
        _sub(p, "valueName", LEVEL_PARAMETER)
        _sub(p, "value", w.get_level_display())
    area = _sub(info, "area")
    regions = w.area_regions() if w.pk else []
    _sub(area, "areaDesc", w.area_desc or "、".join(r.name for r in regions) or "—")
    from .models import lines

    for line in lines(w.polygons):
        _sub(area, "polygon", " ".join(line.split()))
    for line in lines(w.circles):
        _sub(area, "circle", " ".join(line.split()))
    for r in regions:
        g = _sub(area, "geocode")
        _sub(g, "valueName", GEOCODE_NAME)
        _sub(g, "value", r.code)
    return alert


def cap_xml(w):
    """The warning's CAP 1.2 XML as UTF-8 bytes."""
    return etree.tostring(to_cap(w), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_errors(xml_bytes):
    """[Chinese message] of every way the document breaks the CAP 1.2 XSD (empty: valid)."""
    try:
        root = etree.fromstring(xml_bytes, _parser())
    except etree.XMLSyntaxError as e:
        return [_("不是有效的 XML：%(e)s") % {"e": e}]
    out = []
    for err in schema().iter_errors(root):
        where = err.path or ""
        out.append(_("不符合 CAP 1.2 规范（%(where)s）：%(reason)s") % {"where": where, "reason": err.reason or err.message})
    return out


# --- the national release-system profile ------------------------------------------------------------------------
def to_national(w):
    """The warning in the 国家突发事件预警信息发布系统 profile (GB/T 35965.1 style: sender = unit name, senderCode,
    sendTime with a space, colour severity, VeryLikely certainty word set, geocode as comma-separated 12-digit codes,
    circle radius in metres, references = the identifier of the first-issued message of the event); in Chinese, as
    to_cap."""
    with translation.override(settings.LANGUAGE_CODE):
        return _to_national(w)


def _to_national(w):
    sender, identifier, sent = ((w.sender, w.identifier, w.sent) if w.identifier else preview_identity(w))
    severity, urgency, certainty, _category, code = effective_values(w)
    root = etree.Element("alert")
    _sub(root, "identifier", identifier, ns=None)
    _sub(root, "sender", w.sender_name or (w.region.name if w.region_id else ""), ns=None)
    _sub(root, "senderCode", w.sender_code or "", ns=None)
    _sub(root, "sendTime", national_time(sent), ns=None)
    _sub(root, "status", w.status if w.status in ("Actual", "Test", "Exercise") else "Test", ns=None)
    _sub(root, "msgType", w.msg_type, ns=None)
    _sub(root, "scope", "Public", ns=None)
    _sub(root, "secClassification", "None", ns=None)
    if w.note:
        _sub(root, "note", w.note, ns=None)
    first = first_issued(w)
    if first is not None and first.pk != w.pk:
        _sub(root, "references", first.identifier, ns=None)
    info = _sub(root, "info", ns=None)
    _sub(info, "language", "zh-CN", ns=None)
    _sub(info, "eventType", code, ns=None)
    _sub(info, "urgency", urgency, ns=None)
    _sub(info, "severity", LEVEL_NATIONAL.get(w.level, "Unknown"), ns=None)
    _sub(info, "certainty", NATIONAL_CERTAINTY.get(certainty, "Unknown"), ns=None)
    _sub(info, "effective", national_time(w.effective or sent), ns=None)
    if w.onset:
        _sub(info, "onset", national_time(w.onset), ns=None)
    if w.expires:
        _sub(info, "expires", national_time(w.expires), ns=None)
    _sub(info, "senderName", str(w.signed_by) if w.signed_by_id else "", ns=None)
    _sub(info, "headline", str(w), ns=None)
    _sub(info, "description", w.description, ns=None)
    if w.instruction:
        _sub(info, "instruction", w.instruction, ns=None)
    if w.web:
        _sub(info, "web", w.web, ns=None)
    area = _sub(info, "area", ns=None)
    regions = w.area_regions() if w.pk else []
    _sub(area, "areaDesc", w.area_desc or "、".join(r.name for r in regions), ns=None)
    from .models import lines

    for line in lines(w.polygons):
        _sub(area, "polygon", " ".join(line.split()), ns=None)
    for line in lines(w.circles):
        point, radius = line.split()
        _sub(area, "circle", f"{point} {round(float(radius) * 1000)}", ns=None)  # the profile's radius is metres
    _sub(area, "geocode", ",".join(r.code for r in regions), ns=None)
    return root


def national_xml(w):
    return etree.tostring(to_national(w), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def first_issued(w):
    """The first message of w's chain (its own Alert, or the earliest predecessor)."""
    seen, cur = set(), w
    while cur.predecessor_id and cur.predecessor_id not in seen:
        seen.add(cur.pk)
        cur = cur.predecessor
    return cur


# --- import ------------------------------------------------------------------------------------------------------
def _text(el, tag):
    found = el.find(f"{{{NS}}}{tag}")
    return (found.text or "").strip() if found is not None and found.text else ""


def _pairs(el, tag):
    out = []
    for node in el.findall(f"{{{NS}}}{tag}"):
        out.append(((_text(node, "valueName")), _text(node, "value")))
    return out


def _time(value, label):
    if not value:
        return None
    dt = parse_datetime(value)
    if dt is None or timezone.is_naive(dt):
        raise ValidationError(_("%(label)s“%(v)s”不是带时区的时间") % {"label": label, "v": value})
    return dt


def parse_upstream(data):
    """The fields of an upstream CAP 1.2 message (bytes), or ValidationError with every reason in Chinese.

    Checks, in order: well-formed XML, the CAP 1.2 root, the official XSD, an <info> block, an area (geocode,
    polygon or circle), expiry after onset and effective.
    """
    if not data:
        raise ValidationError(_("请上传或粘贴 CAP 1.2 预警消息（XML）"))
    if len(data) > MAX_UPLOAD:
        raise ValidationError(_("文件过大（超过 1 MB），不是一条 CAP 预警消息"))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise ValidationError(_("不是有效的 XML：%(e)s") % {"e": e})
    if root.tag != f"{{{NS}}}alert":
        raise ValidationError(_("不是 CAP 1.2 预警消息：根元素应为命名空间 %(ns)s 中的 alert") % {"ns": NS})
    errors = [f"不符合 CAP 1.2 规范（{e.path or ''}）：{e.reason or e.message}" for e in schema().iter_errors(root)]
    if errors:
        raise ValidationError(errors[:10])
    infos = root.findall(f"{{{NS}}}info")
    if not infos:
        raise ValidationError(_("该消息没有预警内容（info），不能转发"))
    info = next((i for i in infos if _text(i, "language").lower().startswith("zh")), infos[0])
    areas = info.findall(f"{{{NS}}}area")
    geocodes, polygons, circles, descs = [], [], [], []
    for a in areas:
        descs.append(_text(a, "areaDesc"))
        polygons += [" ".join((p.text or "").split()) for p in a.findall(f"{{{NS}}}polygon") if (p.text or "").strip()]
        circles += [" ".join((c.text or "").split()) for c in a.findall(f"{{{NS}}}circle") if (c.text or "").strip()]
        for _name, value in _pairs(a, "geocode"):
            geocodes += [v.strip() for v in value.split(",") if v.strip()]
    if not geocodes and not polygons and not circles:
        raise ValidationError(_("该预警没有区域（area 中须有行政区划代码、多边形或圆），不能转发"))
    onset = _time(_text(info, "onset"), _("开始时间"))
    effective = _time(_text(info, "effective"), _("生效时间"))
    expires = _time(_text(info, "expires"), _("失效时间"))
    sent = _time(_text(root, "sent"), _("发送时间"))
    if expires is None:
        raise ValidationError(_("该预警没有失效时间（expires），不能转发"))
    if onset and expires <= onset:
        raise ValidationError(_("失效时间早于或等于开始时间，预警内容有误，不能转发"))
    if effective and expires <= effective:
        raise ValidationError(_("失效时间早于或等于生效时间，预警内容有误，不能转发"))
    event_text = _text(info, "event")
    headline = _text(info, "headline")
    codes = [v for _n, v in _pairs(info, "eventCode")]
    event_type = next((CODE_EVENT[c] for c in codes if c in CODE_EVENT), None)
    if event_type is None:
        event_type = next((e for e in EventType if e.label and str(e.label) in f"{event_text}{headline}"),
                          EventType.OTHER)
    level = None
    for word, lvl in (("红色", Level.RED), ("橙色", Level.ORANGE), ("黄色", Level.YELLOW), ("蓝色", Level.BLUE)):
        if word in f"{headline}{event_text}" or any(v == word for _n, v in _pairs(info, "parameter")):
            level = lvl
            break
    severity = _text(info, "severity")
    if level is None:
        level = SEVERITY_LEVEL.get(severity)
    if level is None:
        raise ValidationError(_("无法确定预警级别（标题或参数中没有红/橙/黄/蓝色，严重程度为 %(s)s）") % {"s": severity})
    references = []
    for triple in _text(root, "references").split():
        parts = triple.split(",")
        if len(parts) == 3:
            references.append((parts[0], parts[1]))
    responses = [(r.text or "").strip() for r in info.findall(f"{{{NS}}}responseType")]
    return {
        "sender": _text(root, "sender"), "identifier": _text(root, "identifier"), "sent": sent,
        "status": _text(root, "status"), "msg_type": _text(root, "msgType"), "note": _text(root, "note"),
        "references": references, "sender_name": _text(info, "senderName") or _text(root, "sender"),
        "event_type": event_type, "event_code": next(iter(codes), ""), "level": level,
        "category": _text(info, "category"), "severity": severity, "urgency": _text(info, "urgency"),
        "certainty": _text(info, "certainty"), "response_type": responses[0] if responses else "",
        "onset": onset, "effective": effective, "expires": expires, "headline": headline,
        "description": _text(info, "description") or headline, "instruction": _text(info, "instruction"),
        "web": _text(info, "web"), "contact": _text(info, "contact"),
        "area_desc": "、".join(d for d in descs if d)[:500], "geocodes": geocodes,
        "polygons": "\n".join(polygons), "circles": "\n".join(circles),
        "scope": _text(root, "scope"),
    }


MSG_TYPES = {m.value for m in MsgType}
