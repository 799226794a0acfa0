from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yingji.platform.core"
    label = "core"
    verbose_name = "平台"

    def ready(self):
        from yingji.platform.core import navigation

        from . import rules, rules_forms

        # every rule table (registered as its model was loaded) gets its import; the page lists those one may read
        rules_forms.register_imports()
        navigation.register("system", _("规则配置"), "rules:index", perm=rules.may_view_any, order=12)
        # the API's tokens (every account's: its answers are scoped as the pages are) and its documentation (for the
        # bureau's own accounts with a role, as the schema itself: api/permissions.may_read_api_docs)
        from .api.permissions import may_read_api_docs

        navigation.register("system", _("API 令牌"), "accounts:api_tokens", order=80)
        navigation.register("system", _("接口文档"), "api-docs", perm=may_read_api_docs, order=90)
