"""People pickers (issue 16, item 7; issue 8, "people pickers"): every field of the project that names a person
doing the work (inspectors, 验收人, 发现人, 承办执法人员, 督导组成员, 值班人员, 包保责任人 …) offers only active
bureau accounts in the user's scope — never an enterprise account, the auditor, the system administrator, an
inactive account, another township's staff or another county's — on the page, in the API, and a forged POST naming
one of them is refused with a Chinese error.

Generated over every form and serializer class of the project that has a field choosing accounts.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib.auth import get_user_model
from rest_framework import serializers

import yingji

pytestmark = pytest.mark.django_db


def _import_all(suffixes=("forms", "serializers")):
    for info in pkgutil.walk_packages(yingji.__path__, "yingji."):
        if info.name.rsplit(".", 1)[-1] in suffixes and ".tests" not in info.name:
            importlib.import_module(info.name)


def _subclasses(cls):
    found, pending = set(), [cls]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return [c for c in found if c.__module__.startswith("yingji.") and ".tests" not in c.__module__ and _declared(c)]


def _declared(cls):
    """A class written in a module, not one made at run time (modelform_factory, an import's row form, a filterset's
    form): those pile up over a whole run of the suite — thousands, each instantiated here with its queries — and
    are built from the declared classes that are checked."""
    import sys

    target = sys.modules.get(cls.__module__)
    for part in cls.__qualname__.split("."):
        target = getattr(target, part, None)
    return target is cls


def forbidden(world):
    """Accounts no township A1 officer may name: the 系统管理员, the auditor, an enterprise account, an inactive
    account, township A2's officer and another county's administrator."""
    from yingji.supervision.portal.testing import make_enterprise_user

    User = get_user_model()
    inactive = User.objects.create(username="retired", full_name="退休人员", region=world.regions.township_a,
                                   organisation=world.orgs.office_a, is_active=False)
    inactive.groups.set(world.users.township_a.groups.all())
    people = {"系统管理员": world.users.admin, "审计员": world.users.auditor, "企业账号": make_enterprise_user(world),
              "停用账号": inactive, "另一乡镇": world.users.township_b, "另一县": world.users.outsider}
    return {label: user.pk for label, user in people.items()}


def _user_fields(fields):
    User = get_user_model()
    for name, field in fields.items():
        target = getattr(field, "child_relation", field)
        qs = getattr(target, "queryset", None)
        if qs is not None and getattr(qs, "model", None) is User:
            yield name, qs


def _form_instances(user):
    _import_all()
    for cls in _subclasses(forms.BaseForm):
        if cls.__name__.startswith("Base") or getattr(getattr(cls, "_meta", None), "abstract", False):
            continue
        model = getattr(getattr(cls, "_meta", None), "model", None)
        for kwargs in ({"user": user, "instance": model()} if model is not None else None, {"user": user}):
            if kwargs is None:
                continue
            try:
                yield cls, cls(**kwargs)
                break
            except Exception:  # noqa: BLE001  (a form built only by its own view; its view is tested below)
                continue


def test_every_form_that_chooses_people_offers_only_bureau_officers_in_scope(world):
    bad = forbidden(world)
    checked, wrong = 0, []
    for cls, form in _form_instances(world.users.township_a):
        for name, qs in _user_fields(form.fields):
            checked += 1
            offered = set(qs.values_list("pk", flat=True))
            hits = [label for label, pk in bad.items() if pk in offered]
            if hits:
                wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {'、'.join(hits)}")
    assert checked >= 8, f"only {checked} people fields found: the search misses forms"
    assert not wrong, "forms offering accounts that may not be named:\n" + "\n".join(sorted(wrong))


def test_every_serializer_that_chooses_people_accepts_only_bureau_officers_in_scope(world, rf):
    bad = forbidden(world)
    request = rf.get("/")
    request.user = world.users.township_a
    _import_all()
    checked, wrong = 0, []
    for cls in _subclasses(serializers.Serializer):
        try:
            serializer = cls(context={"request": request})
            fields = serializer.fields
        except Exception:  # noqa: BLE001
            continue
        for name, qs in _user_fields(fields):
            if getattr(fields[name], "read_only", False):
                continue
            checked += 1
            offered = set(qs.values_list("pk", flat=True))
            hits = [label for label, pk in bad.items() if pk in offered]
            if hits:
                wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {'、'.join(hits)}")
    assert checked >= 6, f"only {checked} people fields found: the search misses serializers"
    assert not wrong, "serializers accepting accounts that may not be named:\n" + "\n".join(sorted(wrong))


@pytest.mark.parametrize("who", ["township_b", "auditor", "admin"])
def test_a_forged_post_naming_someone_not_offered_is_refused_on_the_page_and_in_the_api(who, world, client_for,
                                                                                      api_for):
    """Township A1's officer names another township's officer, the auditor or the administrator as an inspector:
    the page and the API refuse it in Chinese and nothing is written."""
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.inspections.models import Inspection

    enterprise = world.sample(Enterprise, world.regions.township_a)
    me, other = world.users.township_a, getattr(world.users, who)
    body = {"enterprise": enterprise.pk, "inspected_on": "2026-03-02", "kind": "special",
            "inspectors": [me.pk, other.pk], "findings": "消防通道堵塞"}
    response = api_for(me).post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "inspectors" in response.json()["errors"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["errors"]["inspectors"][0])
    response = client_for(me).post("/inspections/add/", body)
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not Inspection.objects.exists()
