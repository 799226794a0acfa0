"""事故调查: findings and liability, the 批复 time limit from the rules, 回头看, and the figures the bureaus state."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.supervision.accidents.choices import Nature
from yingji.supervision.accidents.models import Accident, AccidentInvestigation
from yingji.supervision.accidents.services import duties
from yingji.supervision.accidents.stats import accident_stats

D = datetime.timedelta(days=1)


def _accident(world, days_ago=120, report_after=50, **kw):
    occurred = timezone.now() - days_ago * D
    return world.sample(Accident, occurred_at=occurred,
                        investigation_report_date=timezone.localdate(occurred) + report_after * D, **kw)


def _investigation(accident, **kw):
    kw.setdefault("lead_unit", "县人民政府")
    kw.setdefault("started_on", timezone.localdate(accident.occurred_at) + D)
    inv = AccidentInvestigation(accident=accident, **kw)
    inv.full_clean()
    inv.save()
    return inv


def test_approval_within_15_days_of_the_report(world):
    a = _accident(world)
    rows = {d["duty"]: d for d in duties(a)}
    assert rows["调查报告批复"]["state"] == "逾期未批复" and "第三十二条" in rows["调查报告批复"]["basis"]
    _investigation(a, nature=Nature.LIABLE, approved_on=a.investigation_report_date + 15 * D)
    a = Accident.objects.get(pk=a.pk)
    assert {d["duty"]: d for d in duties(a)}["调查报告批复"]["state"] == "按期批复"
    b = _accident(world)
    _investigation(b, nature=Nature.LIABLE, approved_on=b.investigation_report_date + 16 * D)
    b = Accident.objects.get(pk=b.pk)
    assert {d["duty"]: d for d in duties(b)}["调查报告批复"]["state"] == "逾期批复"


def test_extraordinary_accidents_have_30_days(world):
    a = _accident(world, deaths=30)
    due = {d["duty"]: d for d in duties(a)}["调查报告批复"]["due"]
    assert due == a.investigation_report_date + 30 * D


def test_bad_investigation_input_is_refused(world):
    a = world.sample(Accident, occurred_at=timezone.now() - 10 * D)
    with pytest.raises(ValidationError) as e:
        _investigation(a, approved_on=timezone.localdate())
    assert "尚未登记调查报告提交日期" in str(e.value)
    b = _accident(world)
    with pytest.raises(ValidationError) as e:
        _investigation(b, approved_on=b.investigation_report_date - D, reviewed_on=timezone.localdate())
    assert "批复日期不能早于调查报告提交日期" in str(e.value) and "请填写“回头看”评估结果" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _investigation(b, nature=Nature.NOT_LIABLE, criminal_count=1)
    assert "非责任事故不应有责任追究" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _investigation(b, started_on=timezone.localdate() + D)
    assert "日期不能晚于今天" in str(e.value)
    assert not AccidentInvestigation.objects.exists()


def test_the_bureaus_figures_of_investigations(world):
    a = _accident(world, days_ago=200)
    _investigation(a, nature=Nature.LIABLE, approved_on=a.investigation_report_date + 10 * D, criminal_count=2,
                   discipline_count=1, enterprise_fine=Decimal("300000"))
    b = _accident(world, days_ago=150)
    _investigation(b, nature=Nature.LIABLE, approved_on=b.investigation_report_date + 5 * D, criminal_count=1)
    today = timezone.localdate()
    s = accident_stats(world.users.admin, today - 365 * D, today, world.regions.county)
    inv = s["investigations"]
    assert (inv["completed"], inv["criminal"], inv["discipline"], inv["fines_wan"]) == (2, 3, 1, "30")
    assert inv["phrase"] == "依法完成2起生产安全事故调查，3人被追究刑事责任，1人受到党纪政务处分，对事故单位罚款30万元。"
    assert s["summary"].endswith(inv["phrase"])


def test_investigation_pages_and_api(world, client_for, api_for, django_assert_max_num_queries):
    a = _accident(world)
    client = client_for(world.users.inspector)
    r = client.post("/supervision/accidentinvestigations/add/", {
        "accident": a.pk, "lead_unit": "县人民政府", "started_on": (a.investigation_report_date - 40 * D).isoformat(),
        "nature": Nature.LIABLE, "criminal_count": -1, "discipline_count": 0, "penalised_count": 0,
        "enterprise_fine": "0"})
    assert r.status_code == 400 and "追究刑事责任人数不能为负数" in r.content.decode()
    r = api_for(world.users.inspector).post("/api/v1/accident-investigations/", {
        "accident": a.pk, "lead_unit": "县人民政府", "started_on": (a.investigation_report_date - 40 * D).isoformat(),
        "nature": Nature.LIABLE, "criminal_count": 1}, format="json")
    assert r.status_code == 201
    inv = AccidentInvestigation.objects.get()
    detail = client_for(world.users.admin).get(a.get_absolute_url()).content.decode()
    assert inv.get_absolute_url() in detail
    assert client_for(world.users.township_a).get(inv.get_absolute_url()).status_code == 200
    assert client_for(world.users.township_b).get(inv.get_absolute_url()).status_code == 404
    assert client_for(world.users.township_a).get("/supervision/accidentinvestigations/add/").status_code == 403
    for _i in range(5):
        world.sample(AccidentInvestigation)
    admin = client_for(world.users.admin)
    admin.get("/supervision/accidentinvestigations/")  # warm the session and permission caches
    with django_assert_max_num_queries(14):
        assert admin.get("/supervision/accidentinvestigations/").status_code == 200
    with django_assert_max_num_queries(8):
        assert api_for(world.users.admin).get("/api/v1/accident-investigations/").json()["count"] == 6
