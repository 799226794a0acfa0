import re

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from yingji.warning.alerts import cap, services
from yingji.warning.alerts.choices import MsgType, WarningState
from yingji.warning.alerts.models import Warning

from .helpers import draft, hours, publish_followup, published

pytestmark = pytest.mark.django_db
NS = {"c": cap.NS}
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def test_the_shipped_xsd_is_the_oasis_schema():
    text = cap.XSD_PATH.read_text(encoding="utf-8")
    assert "Copyright OASIS Open 2010" in text and 'targetNamespace="urn:oasis:names:tc:emergency:cap:1.2"' in text
    assert cap.schema().elements["alert"] is not None


def test_published_warning_validates_against_the_xsd(world):
    w = published(world, polygons="28.1,121.1 28.2,121.2 28.1,121.3 28.1,121.1", circles="28.65,121.42 5")
    xml = cap.cap_xml(w)
    assert cap.schema_errors(xml) == []
    root = etree.fromstring(xml)
    assert root.findtext("c:identifier", namespaces=NS) == w.identifier
    for path in ("c:sent", "c:info/c:effective", "c:info/c:onset", "c:info/c:expires"):
        assert CAP_TIME.match(root.findtext(path, namespaces=NS)), path  # explicit offset, no fractions
    assert root.findtext("c:info/c:severity", namespaces=NS) == "Moderate"
    assert root.findtext("c:info/c:area/c:geocode/c:value", namespaces=NS) == world.regions.township_a.code
    assert root.findtext("c:info/c:area/c:circle", namespaces=NS) == "28.65,121.42 5"


def test_update_and_cancel_validate_and_carry_references(world):
    first = published(world)
    upd = publish_followup(world, first, MsgType.UPDATE)
    cancel = publish_followup(world, upd, MsgType.CANCEL, note="降雨结束")
    for m in (upd, cancel):
        xml = cap.cap_xml(m)
        assert cap.schema_errors(xml) == []
        refs = etree.fromstring(xml).findtext("c:references", namespaces=NS).split()
        assert all(len(r.split(",")) == 3 and CAP_TIME.match(r.split(",")[2]) for r in refs)
    assert etree.fromstring(cap.cap_xml(cancel)).findtext("c:msgType", namespaces=NS) == "Cancel"
    assert etree.fromstring(cap.cap_xml(cancel)).findtext("c:info/c:responseType", namespaces=NS) == "AllClear"


def test_a_broken_document_is_reported_in_chinese():
    bad = cap.cap_xml(Warning(event_type="rainstorm", level="red", description="x", expires=hours(2)))
    assert cap.schema_errors(bad.replace(b"<status>Draft</status>", b"<status>Real</status>"))[0].startswith(
        "不符合 CAP 1.2 规范")
    assert cap.schema_errors(b"<alert>")[0].startswith("不是有效的 XML")


def test_draft_preview_is_marked_and_valid(world):
    w = draft(world)
    root = etree.fromstring(cap.cap_xml(w))
    assert root.findtext("c:status", namespaces=NS) == "Draft" and "preview" in root.findtext("c:identifier",
                                                                                               namespaces=NS)
    assert cap.schema_errors(cap.cap_xml(w)) == []


def test_national_profile(world):
    first = published(world)
    upd = publish_followup(world, first, MsgType.UPDATE)
    root = etree.fromstring(cap.national_xml(upd))
    assert root.findtext("senderCode") == upd.sender_code and len(upd.sender_code) == 14
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00$", root.findtext("sendTime"))
    assert root.findtext("references") == first.identifier  # the first-issued message of the event
    assert root.findtext("info/severity") == "Yellow" and root.findtext("info/eventType") == "11B03"
    assert root.findtext("info/area/geocode") == world.regions.township_a.code
    assert root.findtext("info/senderName") == str(world.users.leader)


UPSTREAM = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier>
  <sender>zjqx@cma</sender>
  <sent>2026-07-20T08:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>{msg_type}</msgType>
  <scope>Public</scope>{references}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>CN</valueName><value>11B03</value></eventCode>
    <onset>{onset}</onset>
    <expires>{expires}</expires>
    <senderName>台州市气象台</senderName>
    <headline>台州市气象台发布暴雨橙色预警信号</headline>
    <description>预计未来3小时内将出现50毫米以上降雨。</description>
    <instruction>注意防范山洪、地质灾害。</instruction>
    <area><areaDesc>台州市</areaDesc>{area}</area>
  </info>
</alert>"""


def upstream(identifier="TZ001", msg_type="Alert", references="", area=None, onset=None, expires=None):
    area = area if area is not None else "<geocode><valueName>GB/T 2260</valueName><value>331000</value></geocode>"
    return UPSTREAM.format(identifier=identifier, msg_type=msg_type, area=area,
                           references=f"<references>{references}</references>" if references else "",
                           onset=cap.cap_time(onset or hours(1)), expires=cap.cap_time(expires or hours(9))
                           ).encode("utf-8")


def test_receive_and_forward_in_two_steps(world):
    w = services.receive_upstream(upstream(), actor=world.users.duty)
    assert w.state == WarningState.RECEIVED and w.level == "orange" and w.event_type == "rainstorm"
    assert list(w.areas.all()) == [world.users.duty.region]  # the city's code covers our whole county
    services.forward_warning(w, actor=world.users.duty)
    w.refresh_from_db()
    assert w.state == WarningState.PUBLISHED and w.identifier and "转发台州市气象台" in w.source
    assert cap.schema_errors(cap.cap_xml(w)) == []


def test_upstream_update_becomes_a_local_update(world):
    first = services.receive_upstream(upstream(), actor=world.users.duty)
    services.forward_warning(first, actor=world.users.duty)
    upd = services.receive_upstream(upstream("TZ002", "Update", "zjqx@cma,TZ001,2026-07-20T08:00:00+08:00"),
                                    actor=world.users.duty)
    assert upd.msg_type == MsgType.UPDATE and upd.predecessor_id == first.pk
    services.forward_warning(upd, actor=world.users.duty)
    first.refresh_from_db()
    assert first.state == WarningState.SUPERSEDED and upd.references == first.identity()


@pytest.mark.parametrize("data,reason", [
    (b"<alert><broken>", "不是有效的 XML"),
    (b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.1'/>", "不是 CAP 1.2 预警消息"),
    (upstream().replace(b"<status>Actual</status>", b"<status>Real</status>"), "不符合 CAP 1.2 规范"),
    (upstream(area=""), "没有区域"),
    (upstream(onset=hours(5), expires=hours(2)), "失效时间早于或等于开始时间"),
    (upstream(area="<geocode><valueName>GB/T 2260</valueName><value>330100</value></geocode>"), "不含本辖区"),
    (upstream("TZ9", "Cancel", "zjqx@cma,NOPE,2026-07-20T08:00:00+08:00"), "无需转发解除"),
    (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', ""),
])
def test_bad_upstream_is_refused_in_chinese_and_nothing_written(world, data, reason):
    with pytest.raises(ValidationError) as e:
        services.receive_upstream(data, actor=world.users.duty)
    assert reason in " ".join(e.value.messages)
    assert "root:" not in " ".join(e.value.messages)
    assert not Warning.objects.exists()


def test_the_same_upstream_message_is_not_received_twice(world):
    services.receive_upstream(upstream(), actor=world.users.duty)
    with pytest.raises(ValidationError, match="已接收过"):
        services.receive_upstream(upstream(), actor=world.users.duty)
    assert Warning.objects.count() == 1
