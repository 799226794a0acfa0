from rest_framework.permissions import BasePermission, DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Django model permissions for every method, GET included (view_<model>)."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.change_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        mapping = getattr(view, "action_permissions", None)
        act = getattr(view, "action", None)
        if mapping is not None and act is not None:
            model = view.get_queryset_model()
            verb = mapping.get(act, "view")
            return request.user.has_perm(f"{model._meta.app_label}.{verb}_{model._meta.model_name}")
        return super().has_permission(request, view)


def may_read_api_docs(user):
    """The OpenAPI schema and the Swagger UI name every endpoint and field of the bureau's data: they are for the
    bureau's own accounts that hold a role, not for external accounts (企业端, core.models.is_external_user) nor an
    account without a role (issue 16, item 11)."""
    from yingji.platform.core.models import is_external_user

    # a role is a set of permissions: get_all_permissions() is cached on the user for the request, so the menu's
    # link to the documentation costs no query of its own
    return bool(user is not None and user.is_authenticated and user.is_active and not is_external_user(user)
                and user.get_all_permissions())


class MayReadAPIDocs(BasePermission):
    """SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]: see may_read_api_docs."""

    def has_permission(self, request, view):
        return may_read_api_docs(request.user)
