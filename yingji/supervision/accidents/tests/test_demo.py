import random
from types import SimpleNamespace

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from yingji.platform.accounts.demo import build_county
from yingji.supervision.accidents.demo import build_accidents
from yingji.supervision.accidents.models import Accident, AccidentInvestigation, AccidentReport


def _ctx(seed=20261123):
    ctx = SimpleNamespace(random=random.Random(seed), scale=1, stdout=None)
    build_county(ctx)
    return ctx


@pytest.mark.django_db
def test_demo_builds_five_years_of_accidents_with_reports_once():
    build_accidents(_ctx())
    years = dict(Accident.objects.annotate(y=ExtractYear("occurred_at")).values_list("y").annotate(n=Count("pk")))
    this_year = timezone.localdate().year
    assert set(years) <= set(range(this_year - 4, this_year + 1)) and len(years) >= 4
    assert AccidentReport.objects.count() == 2 * Accident.objects.count()
    assert AccidentReport.objects.filter(is_late=True).exists()
    assert AccidentInvestigation.objects.filter(approved_on__isnull=False).exists()
    for investigation in AccidentInvestigation.objects.select_related("accident"):
        investigation.full_clean()  # the demo's investigations pass the same checks as entered ones
    total = Accident.objects.count()
    build_accidents(_ctx())  # a second run adds nothing
    assert Accident.objects.count() == total
