"""The hazards of an inspection in a real browser (issue 13, Forms): an inspector picks the enterprise, is offered
only its hazards, registers the hazard he has just found in a dialog without leaving the form, and saves the
inspection with both ticked."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def test_inspector_sees_only_the_enterprises_hazards_and_registers_one_in_place(live_server, page, login,
                                                                                 screenshot):
    from django.urls import reverse
    from django.utils import timezone

    from yingji.platform.core.testing import build_world
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard
    from yingji.supervision.hazards.testing import make_hazard
    from yingji.supervision.inspections.models import Inspection
    from yingji.supervision.inspections.testing import make_certificate

    world = build_world()
    r, u = world.regions, world.users
    for user in (u.inspector, u.inspector2):
        make_certificate(world, user.region, user=user,
                         valid_until=timezone.localdate() + datetime.timedelta(days=365))
    mine = world.sample(Enterprise, r.village_a, name="青石化工有限公司")
    other = world.sample(Enterprise, r.township_a, name="青石五金厂")
    old = make_hazard(world, None, enterprise=mine, description="储罐区消防通道堵塞")
    make_hazard(world, None, enterprise=other, description="五金厂配电箱未上锁")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(u.inspector)

    page.goto(f"{live_server.url}{reverse('inspections:inspection_add')}")
    hazards = page.locator("#inspection-hazards")
    expect(hazards).to_contain_text("请先选择被检查单位")

    picker = page.get_by_role("combobox", name="被检查单位 *")
    picker.click()
    picker.press_sequentially("化工")
    page.locator("#id_enterprise-ts-dropdown").get_by_role("option", name=f"青石化工有限公司（{mine.credit_code}）").click()
    # the hazards follow the enterprise: its own only
    expect(hazards.get_by_label("储罐区消防通道堵塞", exact=False)).to_be_visible()
    expect(hazards).not_to_contain_text("五金厂配电箱未上锁")
    hazards.get_by_label("储罐区消防通道堵塞", exact=False).check()

    # 登记新隐患 in a dialog, for that enterprise
    page.get_by_role("button", name="登记新隐患").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("青石化工有限公司")
    dialog.get_by_role("button", name="登记并勾选").click()  # nothing filled in: the reasons, in Chinese
    expect(dialog).to_contain_text("该字段是必填项")
    assert Hazard.objects.count() == 2
    dialog.get_by_label("隐患描述").fill("储罐区可燃气体报警器失效")
    dialog.get_by_label("隐患类别").select_option(label="设备设施")
    screenshot("inspection-hazard-dialog")
    dialog.get_by_role("button", name="登记并勾选").click()
    expect(dialog).to_be_hidden()
    new = hazards.get_by_label("储罐区可燃气体报警器失效", exact=False)
    expect(new).to_be_checked()
    expect(hazards.get_by_label("储罐区消防通道堵塞", exact=False)).to_be_checked()
    expect(hazards).not_to_contain_text("五金厂配电箱未上锁")
    screenshot("inspection-hazards-chosen")

    page.get_by_label("inspector2").check()
    page.get_by_label("检查情况及发现的问题").fill("储罐区检查")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success").first).to_contain_text("已保存")
    inspection = Inspection.objects.get()
    registered = Hazard.objects.get(description="储罐区可燃气体报警器失效")
    assert (registered.enterprise, registered.found_by, registered.source) == (mine, u.inspector, "bureau")
    assert set(inspection.hazards.all()) == {old, registered}
    assert inspection.enterprise == mine
    assert not page.js_errors, page.js_errors
    assert not violations, violations
