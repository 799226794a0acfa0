"""The hazards of an inspection (issue 13, Forms): the form offers only the chosen enterprise's hazards, the page
reloads them when the enterprise changes (hazard-choices), a new hazard is registered from within the form (a
dialog), and the server refuses a hazard of another enterprise whatever the browser sent."""

import datetime

import pytest
from django.urls import reverse

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.hazards.models import Hazard
from yingji.supervision.hazards.testing import make_hazard
from yingji.supervision.inspections.models import Inspection

from .helpers import certify

pytestmark = pytest.mark.django_db
CHOICES = reverse("inspections:inspection_hazard_choices")
ADD = reverse("inspections:inspection_hazard_add")


@pytest.fixture
def ents(world):
    a = make_enterprise(world, world.regions.township_a, name="青石化工有限公司")
    b = make_enterprise(world, world.regions.township_a, name="青石五金厂")
    return a, b


def _form(world, enterprise, **kw):
    data = {"enterprise": enterprise.pk, "inspected_on": (datetime.date.today() - datetime.timedelta(days=1))
            .isoformat(), "kind": "supervision", "inspectors": [world.users.inspector.pk], "findings": "检查"}
    data.update(kw)
    return data


def test_a_forged_hazard_of_another_enterprise_is_refused_and_nothing_written(world, client_for, ents):
    a, b = ents
    certify(world, world.users.inspector)
    theirs = make_hazard(world, None, enterprise=b, description="五金厂的隐患")
    mine = make_hazard(world, None, enterprise=a, description="化工的隐患")
    client = client_for(world.users.inspector)
    response = client.post("/inspections/add/", _form(world, a, hazards=[mine.pk, theirs.pk]))
    assert response.status_code == 400
    assert "只能关联被检查单位的隐患" in response.content.decode()
    assert not Inspection.objects.exists()
    # a hazard of another county (out of scope) is refused the same way
    foreign = make_hazard(world, world.regions.other_township)
    response = client.post("/inspections/add/", _form(world, a, hazards=[foreign.pk]))
    assert response.status_code == 400 and "只能关联被检查单位的隐患" in response.content.decode()
    assert not Inspection.objects.exists()
    # the enterprise's own hazard is linked
    response = client.post("/inspections/add/", _form(world, a, hazards=[mine.pk]))
    assert response.status_code == 302
    assert list(Inspection.objects.get().hazards.all()) == [mine]


def test_the_form_offers_only_the_chosen_enterprises_hazards(world, client_for, ents):
    a, b = ents
    mine = make_hazard(world, None, enterprise=a, description="储罐区消防通道堵塞")
    make_hazard(world, None, enterprise=b, description="五金厂配电箱未上锁")
    client = client_for(world.users.inspector)
    body = client.get("/inspections/add/").content.decode()
    assert "请先选择被检查单位，再勾选其隐患" in body and "五金厂配电箱未上锁" not in body
    body = client.get(f"/inspections/add/?enterprise={a.pk}").content.decode()
    assert "储罐区消防通道堵塞" in body and "五金厂配电箱未上锁" not in body
    inspection = Inspection.objects.create(enterprise=a, inspected_on=datetime.date.today(), kind="supervision")
    inspection.hazards.add(mine)
    body = client.get(f"/inspections/{inspection.pk}/edit/").content.decode()
    assert "储罐区消防通道堵塞" in body and "五金厂配电箱未上锁" not in body


def test_the_choices_follow_the_enterprise_within_the_users_scope(world, client_for, ents):
    a, b = ents
    mine = make_hazard(world, None, enterprise=a, description="储罐区消防通道堵塞")
    theirs = make_hazard(world, None, enterprise=b, description="五金厂配电箱未上锁")
    voided = make_hazard(world, None, enterprise=a, description="已作废的隐患")
    Hazard.objects.filter(pk=voided.pk).update(voided_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    other = make_enterprise(world, world.regions.township_b, name="白水化工有限公司")
    make_hazard(world, None, enterprise=other, description="白水镇的隐患")
    foreign = make_enterprise(world, world.regions.other_township, name="邻县化工有限公司")
    make_hazard(world, None, enterprise=foreign, description="邻县的隐患")

    client = client_for(world.users.inspector)
    body = client.get(CHOICES, {"enterprise": a.pk, "hazards": [mine.pk, theirs.pk]}).content.decode()
    assert "储罐区消防通道堵塞" in body and "五金厂配电箱未上锁" not in body and "已作废的隐患" not in body
    assert f'value="{mine.pk}"' in body and "checked" in body
    body = client.get(CHOICES, {"enterprise": b.pk, "hazards": [mine.pk]}).content.decode()
    assert "五金厂配电箱未上锁" in body and "储罐区消防通道堵塞" not in body and "checked" not in body
    assert "请先选择被检查单位" in client.get(CHOICES).content.decode()
    assert "请先选择被检查单位" in client.get(CHOICES, {"enterprise": "abc"}).content.decode()
    # another county's enterprise: nothing of it, as if none were chosen
    body = client.get(CHOICES, {"enterprise": foreign.pk}).content.decode()
    assert "邻县的隐患" not in body and "请先选择被检查单位" in body
    # a township officer sees his own township's only
    township = client_for(world.users.township_a)
    assert "白水镇的隐患" not in township.get(CHOICES, {"enterprise": other.pk}).content.decode()
    # the inspection form's permission is needed
    assert client_for(world.users.nobody).get(CHOICES, {"enterprise": a.pk}).status_code == 403
    assert client_for(world.users.auditor).get(CHOICES, {"enterprise": a.pk}).status_code == 403


def _hazard(enterprise, **kw):
    data = {"enterprise": enterprise.pk, "description": "储罐区可燃气体报警器失效", "category": "equipment",
            "level": "general", "source": "bureau", "found_on": datetime.date.today().isoformat()}
    data.update(kw)
    return data


def test_a_new_hazard_is_registered_from_the_form_audited_and_offered_ticked(world, client_for, ents):
    a, _b = ents
    old = make_hazard(world, None, enterprise=a, description="储罐区消防通道堵塞")
    client = client_for(world.users.inspector)
    # the dialog is for the enterprise chosen in the form; the 检查方式 and day give 隐患来源 and 发现日期
    day = datetime.date.today() - datetime.timedelta(days=2)
    body = client.get(ADD, {"enterprise": a.pk, "kind": "enforcement", "inspected_on": day.isoformat()}
                      ).content.decode()
    assert "青石化工有限公司" in body and f'value="{day.isoformat()}"' in body
    assert '<option value="bureau" selected>' in body
    assert "请先选择被检查单位，再登记新隐患" in client.get(ADD).content.decode()

    assert f'<option value="{world.users.inspector.pk}" selected>' in body  # 发现人: the signed-in user
    response = client.post(ADD, {**_hazard(a, found_by=world.users.inspector.pk), "hazards": [old.pk]},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    new = Hazard.objects.get(description="储罐区可燃气体报警器失效")
    assert (new.enterprise, new.region, new.created_by, new.found_by) == (a, a.region, world.users.inspector,
                                                                          world.users.inspector)
    assert ObjectChange.objects.filter(object_id=new.pk, action=ObjectChange.Action.CREATE,
                                       user=world.users.inspector).exists()
    assert response["HX-Retarget"] == "#inspection-hazards" and response["HX-Trigger"] == "yj-dialog-done"
    body = response.content.decode()
    assert f'value="{new.pk}"' in body and f'value="{old.pk}"' in body and body.count("checked") == 2


def test_a_refused_new_hazard_answers_the_dialog_in_chinese_and_writes_nothing(world, client_for, ents):
    a, _b = ents
    client = client_for(world.users.inspector)
    response = client.post(ADD, _hazard(a, description="", level="major"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "该字段是必填项" in body and "重大事故隐患须选择判定标准条款或填写其他判定依据" in body
    # an enterprise of another county (a forged id) is refused
    foreign = make_enterprise(world, world.regions.other_township)
    response = client.post(ADD, _hazard(foreign))
    assert response.status_code == 400 and "不在您的管辖范围内" in response.content.decode()
    # without the hazard ledger's permission: 403
    assert client_for(world.users.auditor).post(ADD, _hazard(a)).status_code == 403
    assert not Hazard.objects.exists()
