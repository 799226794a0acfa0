"""Create the roles' groups and give them the default permissions that modules declare (roles.grant()).

Each default is applied once: `Role.seeded` remembers what was given, so a permission an administrator took
away is not given back on the next migrate, while a new module's defaults are.
"""

from django.contrib.auth.models import Group, Permission

from .roles import ROLE_DEFAULTS, ROLES


def sync_roles(reset=False):
    from .models import Role

    perms = {f"{p.content_type.app_label}.{p.codename}": p
             for p in Permission.objects.select_related("content_type")}
    for code, label in ROLES.items():
        role = Role.objects.select_related("group").filter(code=code).first()
        if role is None:
            group, _ = Group.objects.get_or_create(name=str(label))
            role = Role.objects.create(code=code, group=group)
        wanted = {p for p in ROLE_DEFAULTS[code] if p in perms}
        if reset:
            role.group.permissions.set([perms[p] for p in wanted])
            new = wanted
        else:
            new = wanted - set(role.seeded)
            if new:
                role.group.permissions.add(*[perms[p] for p in new])
        if new or reset:
            role.seeded = sorted(set(role.seeded) | wanted)
            role.save(update_fields=["seeded"])


def sync_roles_after_migrate(sender, **kwargs):
    from django.db import connection

    if "accounts_role" in connection.introspection.table_names():
        sync_roles()
