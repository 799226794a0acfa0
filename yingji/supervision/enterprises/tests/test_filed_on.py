"""建档日期: the day an enterprise was taken into supervision (一企一档) — today for a new one, editable on the page and
in the API, a column of the ledger import, never in the future — which the statistics of a period count."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.platform.core import excel, imports
from yingji.supervision.enterprises.choices import Sector
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.enterprises.testing import credit_code

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def form_data(world, **over):
    return {"name": "新企业", "credit_code": credit_code(4242), "address": "路 1 号",
            "region": world.regions.township_a.pk, "sector": Sector.OTHER, "size": "small",
            "supervising_department": world.orgs.bureau.pk, "risk_grade": "D", "status": "operating",
            "standardisation_grade": "none", "principal_name": "王五", **over}


def test_a_new_enterprise_is_filed_today_unless_its_file_says_otherwise(world, client_for):
    client = client_for(world.users.inspector)
    page = client.get(reverse("enterprises:enterprise_add")).content.decode()
    assert "建档日期" in page and 'name="filed_on"' in page
    assert client.post(reverse("enterprises:enterprise_add"), form_data(world)).status_code == 302
    e = Enterprise.objects.get()
    assert e.filed_on == TODAY
    data = form_data(world, filed_on="2019-05-20")
    assert client.post(reverse("enterprises:enterprise_edit", args=[e.pk]), data).status_code == 302
    e.refresh_from_db()
    assert e.filed_on == datetime.date(2019, 5, 20)
    # left blank on an edit, it stays
    assert client.post(reverse("enterprises:enterprise_edit", args=[e.pk]), form_data(world, filed_on="")) \
        .status_code == 302
    e.refresh_from_db()
    assert e.filed_on == datetime.date(2019, 5, 20)


def test_a_filing_date_in_the_future_is_refused_on_the_page_and_in_the_api(world, client_for, api_for):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    r = client_for(world.users.inspector).post(reverse("enterprises:enterprise_add"), form_data(world, filed_on=tomorrow))
    assert r.status_code == 400 and "建档日期不能晚于今天" in r.content.decode()
    body = {**form_data(world, filed_on=tomorrow), "credit_code": credit_code(4243)}
    r = api_for(world.users.inspector).post("/api/v1/enterprises/", body, format="json")
    assert r.status_code == 400 and r.json()["errors"] == {"filed_on": ["建档日期不能晚于今天"]}
    assert not Enterprise.objects.exists()
    r = api_for(world.users.inspector).post("/api/v1/enterprises/", {**body, "filed_on": "2018-07-01"}, format="json")
    assert r.status_code == 201 and r.json()["filed_on"] == "2018-07-01"


def test_the_ledger_import_takes_the_filing_date_and_defaults_to_today(world):
    spec = imports.get("enterprises")
    assert "建档日期" in [str(c.header) for c in spec.columns]
    base = {"name": "", "credit_code": "", "address": "工业路", "region": world.regions.township_a.code,
            "sector": "其他", "subsector": "", "size": "", "supervising_department": world.orgs.bureau.name,
            "risk_grade": "", "status": "", "standardisation_grade": "", "insurer": "", "insurance_policy": "",
            "insurance_expiry": "", "principal_name": "张三", "principal_phone": "", "longitude": "", "latitude": ""}
    rows = [{**base, "name": "老企业", "credit_code": credit_code(801), "filed_on": "2017-03-15"},
            {**base, "name": "新企业", "credit_code": credit_code(802), "filed_on": ""}]
    f = io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], [[r[c.field] for c in spec.columns]
                                                                               for r in rows]))
    result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
    assert result.ok, result.errors
    assert dict(Enterprise.objects.values_list("name", "filed_on")) == {"老企业": datetime.date(2017, 3, 15),
                                                                        "新企业": TODAY}
    bad = [{**base, "name": "未来企业", "credit_code": credit_code(803), "filed_on": "2999-01-01"}]
    f = io.BytesIO(excel.write_xlsx([str(c.header) for c in spec.columns], [[r[c.field] for c in spec.columns]
                                                                               for r in bad]))
    result = imports.run(spec, f, "ledger.xlsx", world.users.inspector)
    assert not result.ok and "建档日期不能晚于今天" in str(result.errors)
    assert not Enterprise.objects.filter(name="未来企业").exists()


def test_the_list_and_api_filter_by_filing_date(world, api_for):
    from yingji.supervision.enterprises.testing import make_enterprise

    old = make_enterprise(world, world.regions.township_a, filed_on=datetime.date(2019, 6, 1))
    make_enterprise(world, world.regions.township_a)
    r = api_for(world.users.inspector).get("/api/v1/enterprises/", {"filed_after": "2019-01-01",
                                                                     "filed_before": "2019-12-31"})
    assert [row["id"] for row in r.json()["results"]] == [old.pk]
