from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yingji.platform.accounts"
    label = "accounts"
    verbose_name = _("账户与单位")

    def ready(self):
        from django.db.models.signals import post_migrate

        from yingji.platform.core import navigation

        from . import roles_sync

        navigation.register("system", _("单位"), "accounts:organisation_list", "accounts.view_organisation", order=20)
        navigation.register("system", _("用户"), "accounts:user_list", "accounts.view_user", order=30)
        navigation.register("system", _("角色权限"), "accounts:role_list", "auth.view_group", order=40)
        post_migrate.connect(roles_sync.sync_roles_after_migrate, dispatch_uid="yingji_sync_roles")
