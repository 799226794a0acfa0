"""Demo data: 企业端 accounts for a few demo enterprises (the principal of each), with the demo password.

Deterministic (ctx.random picks the enterprises); usernames qy01, qy02 … so that the portal can be tried at once.
"""

from yingji.platform.core.demodata import register

ACCOUNTS = 3


@register(order=46)
def build_enterprise_accounts(ctx):
    from yingji.platform.core.demodata import DEMO_PASSWORD

    from . import services
    from .choices import AccountRole
    from .models import EnterpriseAccount

    enterprises = getattr(ctx, "enterprises", None)
    admin = (getattr(ctx, "users", {}) or {}).get("admin")
    if not enterprises or admin is None or EnterpriseAccount.objects.exists():
        return
    for n, e in enumerate(ctx.random.sample(list(enterprises), k=min(ACCOUNTS, len(enterprises))), start=1):
        account = services.create_account(e, actor=admin, username=f"qy{n:02d}", full_name=e.principal_name,
                                          phone=e.principal_phone or "", password=DEMO_PASSWORD,
                                          role=AccountRole.PRINCIPAL)
        # the demo's printed logins work at once; a real account changes the bureau's initial password first
        type(account.user).objects.filter(pk=account.user_id).update(must_change_password=False)
