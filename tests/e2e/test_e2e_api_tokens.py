"""The API token pages fit 1440 px and a 390 px phone without a JavaScript error (house rule; they are reached from
我的账户, not the menu, so the menu-wide layout test does not open them): the administrator's token page with his
own tokens and those of his county's accounts, the secret shown once after creation, and a user's page with its
tokens."""

import pytest

from .test_e2e_layout import WIDTHS, Viewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_token_pages_fit_both_widths(live_server, world, browser):
    from yingji.platform.accounts.tokens import issue_token, revoke_token

    admin, officer = world.users.admin, world.users.township_a
    issue_token(admin, actor=admin, name="市局数据交换平台（应急管理综合数据共享接口）")
    revoked, _secret = issue_token(admin, actor=admin, name="旧的值班大屏")
    revoke_token(revoked, actor=admin)
    issue_token(officer, actor=officer, name="乡镇填报")
    pages = ["/accounts/profile/", "/accounts/tokens/", officer.get_absolute_url()]
    failures = []
    for width, height in WIDTHS:
        viewer = Viewer(browser, live_server, admin, width, height)
        for url in pages:
            if found := viewer.problems(url):
                failures.append(f"{width}px {url}: " + " | ".join(found))
        # the answer to a creation, with its long secret
        page = viewer.page
        page.goto(live_server.url + "/accounts/tokens/")
        page.fill("#id_name", f"接口测试 {width}")
        page.click("form[method=post] button.btn-primary")
        secret = page.inner_text("[data-testid=new-token]")
        assert len(secret) == 64, secret
        if found := viewer.layout():
            failures.append(f"{width}px after creation: " + " | ".join(found))
        viewer.close()
    assert not failures, "\n".join(failures)
