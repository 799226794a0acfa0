"""Child rows edited through a formset (a checklist's items; a plan's frequencies: inspection_plans) keep the audit
trail whole: a deleted row leaves a 删除 row with its before-image, every row carries its record's region (so that
region's auditor, and no other, sees it) and shows in its record's 变更记录."""

import pytest

from yingji.platform.audit.models import ObjectChange
from yingji.supervision.inspections.models import ChecklistAnswer, ChecklistItem
from yingji.supervision.inspections.testing import make_checklist, make_inspection

pytestmark = pytest.mark.django_db


def formset_data(template, rows, **deleted):
    """The edit page's POST of a checklist: its fields and a row per item (`deleted`: {"rows-N-DELETE": "on"})."""
    data = {"name": template.name, "sector": template.sector, "region": template.region_id, "notes": "",
            "rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": len(rows), "rows-MIN_NUM_FORMS": 0,
            "rows-MAX_NUM_FORMS": 1000}
    for i, item in enumerate(rows):
        data.update({f"rows-{i}-id": item.pk, f"rows-{i}-template": template.pk, f"rows-{i}-position": item.position,
                     f"rows-{i}-text": item.text, f"rows-{i}-basis": item.basis})
    data.update(deleted)
    return data


def changes_of(model, **kw):
    return ObjectChange.objects.filter(content_type__app_label=model._meta.app_label,
                                       content_type__model=model._meta.model_name, **kw)


def test_deleting_a_checklist_item_through_the_formset_is_audited_with_its_before_image(world, client_for):
    template = make_checklist(world, world.regions.county)
    items = list(template.items.order_by("position"))
    doomed = items[1]
    doomed.basis = "《危险化学品重大危险源监督管理暂行规定》第二十二条"
    doomed.save()
    client = client_for(world.users.admin)
    # the posted row is changed as well as ticked 删除: the before-image is the stored row, not the posted one
    data = formset_data(template, items, **{"rows-1-DELETE": "on", "rows-1-text": "改过的文字"})
    response = client.post(f"/checklisttemplates/{template.pk}/edit/", data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not ChecklistItem.objects.filter(pk=doomed.pk).exists()

    row = changes_of(ChecklistItem, object_id=doomed.pk, action="delete").get()
    assert row.user == world.users.admin and row.ip == "10.1.2.3" and row.postchange is None
    assert row.prechange["text"] == "重大危险源是否登记建档并备案"
    assert row.prechange["basis"] == doomed.basis and row.prechange["position"] == 2
    assert row.prechange["template_id"] == template.pk
    assert row.region_id == world.regions.county.pk
    assert (row.related_content_type.model_class(), row.related_object_id) == (type(template), template.pk)
    assert "修改页删除" in row.message

    # the checklist's own page shows the deletion in its 变更记录, with the row it was about
    page = client.get(f"/checklisttemplates/{template.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "删除" in history and "检查项“2. 重大危险源是否登记建档并备案”" in history
    assert "检查依据</b>：《危险化学品重大危险源监督管理暂行规定》第二十二条" in history


def test_a_checklist_item_in_use_is_not_deleted_and_nothing_is_written(world, client_for):
    template = make_checklist(world, world.regions.county)
    items = list(template.items.order_by("position"))
    inspection = make_inspection(world, world.regions.township_a, checklist=template)
    ChecklistAnswer.objects.create(inspection=inspection, item=items[0], result="compliant")
    before = ObjectChange.objects.count()
    data = formset_data(template, items, **{"rows-0-DELETE": "on", "rows-2-text": "特种作业人员是否持证上岗（改）"})
    response = client_for(world.users.admin).post(f"/checklisttemplates/{template.pk}/edit/", data)
    assert response.status_code == 400
    assert f"“{items[0]}”已被其他记录引用，不能删除" in response.content.decode()
    assert ChecklistItem.objects.filter(pk=items[0].pk).exists()
    assert ChecklistItem.objects.get(pk=items[2].pk).text == "特种作业人员是否持证上岗"
    assert ObjectChange.objects.count() == before


def test_child_rows_carry_their_records_region_to_that_regions_auditor_only(world, client_for):
    ours = make_checklist(world, world.regions.county, items=["本县检查项一", "本县检查项二", "本县检查项三"])
    theirs = make_checklist(world, world.regions.other_county, items=["邻县检查项一", "邻县检查项二", "邻县检查项三"])
    for template, editor in ((ours, world.users.admin), (theirs, world.users.outsider)):
        items = list(template.items.order_by("position"))
        data = formset_data(template, items, **{"rows-0-text": f"{template.region.name}改过的检查项",
                                                "rows-2-DELETE": "on"})
        assert client_for(editor).post(f"/checklisttemplates/{template.pk}/edit/", data).status_code == 302
    for template in (ours, theirs):
        rows = changes_of(ChecklistItem, related_object_id=template.pk)
        assert {r.action for r in rows} >= {"create", "update", "delete"}
        assert {r.region_id for r in rows} == {template.region_id}

    auditor = world.users.auditor
    other_auditor = type(auditor).objects.create(username="other_auditor", full_name="邻县审计",
                                                 region=world.regions.other_county)
    other_auditor.groups.set(auditor.groups.all())
    for user, mine, not_mine in ((auditor, ours, theirs), (other_auditor, theirs, ours)):
        seen = changes_of(ChecklistItem).restrict(user)
        assert seen.filter(related_object_id=mine.pk).count() == changes_of(
            ChecklistItem, related_object_id=mine.pk).count() > 0
        assert not seen.filter(related_object_id=not_mine.pk).exists()
        page = client_for(user).get("/system/changes/", {"action": "delete"}).content.decode()
        assert f"3. {'本县' if mine is ours else '邻县'}检查项三" in page
        assert f"3. {'邻县' if mine is ours else '本县'}检查项三" not in page
        update_page = client_for(user).get("/system/changes/", {"action": "update"}).content.decode()
        assert f"{mine.region.name}改过的检查项" in update_page
        assert f"{not_mine.region.name}改过的检查项" not in update_page


def test_a_queryset_delete_of_child_rows_is_audited_too_with_their_links(world):
    """Not only the formset: any delete of an audited row (here QuerySet.delete() of a draw's items) leaves a 删除
    row with the before-image, including the many-to-many links Django removes first."""
    from yingji.platform.audit.context import acting
    from yingji.supervision.draws.models import Draw, DrawItem
    from yingji.supervision.draws.testing import make_draw_record

    draw = make_draw_record(world, world.regions.township_b)
    item = draw.items.get()
    with acting(world.users.admin):
        assert DrawItem.objects.filter(draw=draw).delete()[0] >= 1
    row = changes_of(DrawItem, object_id=item.pk, action="delete").get()
    assert row.user == world.users.admin and row.region_id == world.regions.township_b.pk
    assert row.prechange["enterprise_id"] == item.enterprise_id and row.prechange["position"] == 1
    assert row.prechange["inspectors"] == sorted([world.users.inspector.pk, world.users.inspector2.pk])
    assert (row.related_content_type.model_class(), row.related_object_id) == (Draw, draw.pk)
