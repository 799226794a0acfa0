"""The enterprise picker in a real form: type part of a name, pick it, save, see the record.

The new-hazard page no longer lists the enterprises; the picker (Tom Select, static/yingji/picker.js) asks
the scoped search endpoint as the officer types, so he is offered only enterprises of his own township.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def test_township_officer_picks_an_enterprise_by_typing_and_registers_a_hazard(live_server, page, login,
                                                                                 screenshot):
    from yingji.platform.core.testing import build_world
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard

    world = build_world()
    r = world.regions
    mine = world.sample(Enterprise, r.village_a, name="青石化工有限公司")
    world.sample(Enterprise, r.township_a, name="青石五金厂")
    world.sample(Enterprise, r.township_b, name="白水化工有限公司")  # the neighbouring township
    world.sample(Enterprise, r.other_township, name="邻县化工有限公司")  # another county
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(world.users.township_a)

    from django.urls import reverse

    page.goto(f"{live_server.url}{reverse('hazards:hazard_add')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("新增隐患")
    # the page carries no list of enterprises: the select holds only its empty option until one is picked
    assert page.locator("select#id_enterprise option").count() == 1

    picker = page.get_by_role("combobox", name="企业 *")
    picker.click()
    dropdown = page.locator("#id_enterprise-ts-dropdown")
    picker.press_sequentially("化")
    expect(dropdown).to_contain_text("请至少输入 2 个字")
    picker.press_sequentially("工")
    option = dropdown.get_by_role("option", name=f"青石化工有限公司（{mine.credit_code}）")
    expect(option).to_be_visible()
    # only his own township's enterprises are offered, and only those matching what he typed
    expect(dropdown).not_to_contain_text("白水化工有限公司")
    expect(dropdown).not_to_contain_text("邻县化工有限公司")
    expect(dropdown).not_to_contain_text("青石五金厂")
    screenshot("picker-search")
    option.click()
    expect(page.locator(".ts-wrapper .item")).to_have_text(f"青石化工有限公司（{mine.credit_code}）")

    page.get_by_label("隐患描述").fill("储罐区消防通道堵塞")
    page.get_by_label("隐患类别").select_option(label="设备设施")
    page.get_by_label("隐患来源").select_option(label="部门检查")
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".alert-success")).to_contain_text("已保存")
    hazard = Hazard.objects.get()
    assert page.url.endswith(hazard.get_absolute_url()), page.url
    expect(page.locator("main")).to_contain_text("青石化工有限公司")
    expect(page.locator("main")).to_contain_text("储罐区消防通道堵塞")
    assert (hazard.enterprise_id, hazard.region_id) == (mine.pk, r.village_a.pk)

    # its edit form shows the chosen enterprise, without listing the others
    page.goto(f"{live_server.url}{reverse('hazards:hazard_edit', args=[hazard.pk])}")
    expect(page.locator(".ts-wrapper .item")).to_have_text(f"青石化工有限公司（{mine.credit_code}）")
    assert page.locator("select#id_enterprise option").count() == 2
    screenshot("picker-edit")
    assert not page.js_errors, page.js_errors
    assert not violations, violations
