"""The bureau's roles and their default permissions.

A role is a Django Group; its permissions are ordinary Django permissions that an administrator can change on the
role page (系统管理 → 角色权限). `ROLE_DEFAULTS` seeds them on migrate and is extended by each module through
`grant()` in its AppConfig.ready(), so a new module gives the roles their rights without editing this file.
"""

from django.utils.translation import gettext_lazy as _

ROLES = {
    "sysadmin": _("系统管理员"),
    "leader": _("局领导"),
    "duty": _("值班员"),
    "enforcement": _("执法人员"),
    "disaster_officer": _("灾害信息员"),
    "township": _("乡镇应急办人员"),
    "grid": _("网格员"),  # a user whose region is a 网格 (regions Level.GRID): patrols it, registers hazards
    "department": _("行业部门人员"),
    "auditor": _("只读审计员"),
    "enterprise": _("企业用户"),
}

# role code -> set of "app_label.codename"; filled by grant()
ROLE_DEFAULTS = {code: set() for code in ROLES}

ALL_ROLES = tuple(ROLES)


def grant(roles, model_label, actions):
    """Give `roles` the `actions` (view/add/change/approve) on `model_label` ("app.Model") by default."""
    app_label, model = model_label.lower().split(".")
    for role in roles:
        for action in actions:
            ROLE_DEFAULTS[role].add(f"{app_label}.{action}_{model}")


def grant_perm(roles, perm):
    for role in roles:
        ROLE_DEFAULTS[role].add(perm)


def role_name(code):
    return str(ROLES[code])


# --- platform defaults -------------------------------------------------------------------------------------------
_everyone = ALL_ROLES
grant(_everyone, "regions.Region", ["view"])
grant(["sysadmin"], "regions.Region", ["add", "change", "approve"])
grant(_everyone, "accounts.Organisation", ["view"])
grant(["sysadmin"], "accounts.Organisation", ["add", "change"])
grant(["sysadmin", "leader", "auditor"], "accounts.User", ["view"])
grant(["sysadmin"], "accounts.User", ["add", "change"])
grant_perm(["sysadmin"], "auth.view_group")
grant_perm(["sysadmin"], "auth.change_group")
grant_perm(["sysadmin", "auditor"], "audit.view_objectchange")
grant_perm(["sysadmin", "auditor"], "audit.view_auditevent")
grant_perm(["sysadmin"], "audit.restore_record")
grant_perm(["sysadmin", "leader"], "accounts.view_personal_data")
