from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event
from yingji.platform.core import views as generic
from yingji.platform.core.api.permissions import may_read_api_docs
from yingji.platform.core.models import ACTIONS

from .filtersets import OrganisationFilterSet, UserFilterSet
from .forms import APITokenForm, OrganisationForm, OTPTokenForm, OwnPasswordForm, SetPasswordForm, UserForm
from .models import APIToken, Organisation, Role, User
from .tables import OrganisationTable, UserTable


# --- organisations ------------------------------------------------------------------------------------------------
class OrganisationListView(generic.ObjectListView):
    model = Organisation
    queryset = Organisation.objects.select_related("region", "parent")
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable


class OrganisationDetailView(generic.ObjectDetailView):
    model = Organisation
    queryset = Organisation.objects.select_related("region", "parent")

    def get_related(self, obj):
        user = self.request.user
        related = []
        members = obj.members.all().select_related("region", "parent")
        if members:
            related.append((gettext_lazy("成员单位"), OrganisationTable(members, orderable=False)))
        children = Organisation.objects.restrict(user).active().filter(parent=obj).select_related("region", "parent")
        related.append((gettext_lazy("下属单位"), OrganisationTable(children, orderable=False)))
        if user.has_perm("accounts.view_user"):
            users = User.objects.restrict(user).filter(organisation=obj).prefetch_related("groups")
            related.append((gettext_lazy("本单位用户"), UserTable(users, orderable=False)))
        return related


class OrganisationEditView(generic.ObjectEditView):
    model = Organisation
    form_class = OrganisationForm


# --- users --------------------------------------------------------------------------------------------------------
class UserListView(generic.ObjectListView):
    model = User
    queryset = User.objects.select_related("region", "organisation").prefetch_related("groups")
    filterset_class = UserFilterSet
    table_class = UserTable


class UserDetailView(generic.ObjectDetailView):
    model = User
    queryset = User.objects.select_related("region", "organisation")
    exclude_fields = ("id", "password", "is_superuser", "is_staff", "first_name", "last_name", "email",
                      "password_changed_at")

    def extra_context(self, obj):
        from .tokens import manageable_tokens

        return {"roles": obj.groups.all(), "has_otp": TOTPDevice.objects.filter(user=obj, confirmed=True).exists(),
                "password_form": SetPasswordForm(obj),
                "api_tokens": manageable_tokens(self.request.user).filter(user=obj).select_related("revoked_by")}


class UserEditView(generic.ObjectEditView):
    model = User
    form_class = UserForm

    def save(self, form):
        return form.save()


class UserSetPasswordView(generic.ScopedViewMixin, View):
    """An administrator sets a user's password (e.g. after a lockout or a forgotten password)."""

    model = User
    action = "change"

    def post(self, request, pk):
        target = self.get_object()
        form = SetPasswordForm(target, request.POST)
        if form.is_valid():
            form.save()
            # the administrator knows it now: the user changes it at his next request (等保: 首次登录修改)
            User.objects.filter(pk=target.pk).update(must_change_password=True)
            record_event(AuditEvent.Kind.PASSWORD_CHANGED, target=target.username, detail={"by_admin": True})
            messages.success(request, _("已重置 %(u)s 的密码") % {"u": target})
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
        return redirect(target.get_absolute_url())


class UserResetOTPView(generic.ScopedViewMixin, View):
    """An administrator removes a user's authenticator (a lost or replaced phone): the user enrolls a new one at his
    next login if his role requires it. Audited with who did it."""

    model = User
    action = "change"

    def post(self, request, pk):
        target = self.get_object()
        devices = TOTPDevice.objects.filter(user=target)
        count = devices.count()
        if count:
            devices.delete()
            record_event(AuditEvent.Kind.OTP_RESET, target=target.username, detail={"devices": count})
            messages.success(request, _("已重置 %(u)s 的动态口令，其下次登录时重新绑定") % {"u": target})
        else:
            messages.error(request, _("%(u)s 没有绑定动态口令") % {"u": target})
        return redirect(target.get_absolute_url())


# --- roles and their permissions ----------------------------------------------------------------------------------
def permission_matrix():
    """[(app verbose name, [(model verbose name, {action: Permission or None})])] of every business model."""
    from django.apps import apps

    from yingji.platform.core.models import ScopedMixin

    from .roles import ROLE_DEFAULTS

    perms = {(p.content_type.app_label, p.codename): p
             for p in Permission.objects.select_related("content_type")}
    # business models, and any other model a module gives roles rights on (e.g. rule tables)
    defaulted = set()
    for granted in ROLE_DEFAULTS.values():
        for perm in granted:
            app_label, codename = perm.split(".", 1)
            defaulted.add(f"{app_label}.{codename.split('_', 1)[-1]}")
    groups = []
    for app in apps.get_app_configs():
        if not app.name.startswith("yingji."):
            continue
        rows = []
        for model in app.get_models():
            if not issubclass(model, ScopedMixin) and f"{app.label}.{model._meta.model_name}" not in defaulted:
                continue
            cells = {a: perms.get((app.label, f"{a}_{model._meta.model_name}")) for a in ACTIONS}
            rows.append((model._meta.verbose_name, cells))
        if rows:
            groups.append((app.verbose_name, rows))
    extra = [perms.get(k) for k in [("audit", "view_objectchange"), ("audit", "view_auditevent"),
                                    ("audit", "restore_record"), ("accounts", "view_personal_data"),
                                    ("auth", "view_group"), ("auth", "change_group")]]
    return groups, [p for p in extra if p is not None]


class RoleListView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if not request.user.has_perm("auth.view_group"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk=None):
        roles = list(Role.objects.select_related("group").prefetch_related("group__permissions"))
        current = next((r for r in roles if r.pk == pk), roles[0] if roles else None) if pk else (
            roles[0] if roles else None)
        if pk and (current is None or current.pk != pk):
            raise Http404
        groups, extra = permission_matrix()
        granted = set(current.group.permissions.all()) if current else set()
        return render(request, "accounts/roles.html", {
            "roles": roles, "current": current, "groups": groups, "extra": extra, "granted": granted,
            "actions": [("view", _("查看")), ("add", _("新增")), ("change", _("修改")), ("approve", _("审核"))],
            "can_change": request.user.has_perm("auth.change_group")})

    def post(self, request, pk=None):
        if not request.user.has_perm("auth.change_group"):
            raise PermissionDenied
        role = Role.objects.select_related("group").filter(pk=pk).first()
        if role is None:
            raise Http404
        ids = []
        for value in request.POST.getlist("perm"):
            if value.isdigit():
                ids.append(int(value))
        # the page changes only the permissions it shows: others the role holds are kept, others posted ignored
        groups, extra = permission_matrix()
        shown = {p for _app, rows in groups for _model, cells in rows for p in cells.values() if p is not None}
        shown |= set(extra)
        with transaction.atomic():
            before = set(role.group.permissions.all())
            wanted = (before - shown) | (set(Permission.objects.filter(pk__in=ids)) & shown)
            role.group.permissions.set(wanted)
            record_event(AuditEvent.Kind.PERMISSION, target=str(role), detail={
                "role": role.code,
                "added": sorted(f"{p.content_type.app_label}.{p.codename}" for p in wanted - before),
                "removed": sorted(f"{p.content_type.app_label}.{p.codename}" for p in before - wanted)})
        messages.success(request, _("已保存角色“%(r)s”的权限") % {"r": role})
        return redirect("accounts:role_detail", pk=role.pk)


# --- login, second factor, my account -----------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # the second factor (if any) is asked next by SecondFactorMiddleware
        return response


def lockout_response(request, *args, **kwargs):
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("登录失败次数过多，账户已锁定 %(m)d 分钟，请稍后再试或联系系统管理员。") % {"m": minutes}
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"code": "locked_out", "message": message, "errors": {}}, status=429)
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(request)
    return render(request, "accounts/login.html", {"form": form, "lockout_message": message}, status=429)


def _safe_next(request):
    nxt = request.GET.get("next") or request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse("home")


@method_decorator(login_required, name="dispatch")
class OTPView(View):
    """Verify the TOTP code; a user who must have a second factor but has none enrolls here first."""

    def device(self, request):
        return TOTPDevice.objects.filter(user=request.user, confirmed=True).first()

    def pending(self, request):
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name=_("动态口令"), confirmed=False)
        return device

    def get(self, request):
        if request.user.is_verified():
            return redirect(_safe_next(request))
        return self.page(request, OTPTokenForm())

    def post(self, request):
        form = OTPTokenForm(request.POST)
        device = self.device(request) or self.pending(request)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record_event(AuditEvent.Kind.OTP_ENROLLED, user=request.user)
            otp_login(request, device)
            return redirect(_safe_next(request))
        record_event(AuditEvent.Kind.OTP_FAILED, success=False, user=request.user)
        if form.is_valid():
            form.add_error("token", _("动态口令不正确或已过期"))
        return self.page(request, form, status=400)

    def page(self, request, form, status=200):
        device = self.device(request)
        context = {"form": form, "enrolling": device is None, "next": request.GET.get("next", "")}
        if device is None:
            pending = self.pending(request)
            context["qr_svg"] = _qr_svg(pending.config_url)
            context["secret"] = _b32(pending.bin_key)
        return render(request, "accounts/otp.html", context, status=status)


def _b32(key):
    import base64

    return base64.b32encode(key).decode().rstrip("=")


def _qr_svg(data):
    import io

    import qrcode
    import qrcode.image.svg

    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode()


@method_decorator(login_required, name="dispatch")
class ProfileView(View):
    """My account: password, second factor, API token."""

    def get(self, request):
        return self.page(request, OwnPasswordForm(request.user))

    def post(self, request):
        user = request.user
        what = request.POST.get("action")
        if what == "password":
            form = OwnPasswordForm(user, request.POST)
            if form.is_valid():
                form.save()
                from django.contrib.auth import update_session_auth_hash

                update_session_auth_hash(request, user)
                User.objects.filter(pk=user.pk).update(must_change_password=False)
                record_event(AuditEvent.Kind.PASSWORD_CHANGED, user=user)
                messages.success(request, _("密码已修改"))
                next_url = request.POST.get("next", "")
                if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                                                require_https=request.is_secure()):
                    return redirect(next_url)
                return redirect("accounts:profile")
            return self.page(request, form, status=400)
        if what == "enroll_otp":
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect(f"{reverse('accounts:otp')}?next={reverse('accounts:profile')}")
        return redirect("accounts:profile")

    def page(self, request, form, status=200):
        from .middleware import password_change_due

        user = request.user
        return render(request, "accounts/profile.html", {
            "password_form": form, "change_due": password_change_due(user),
            "max_age_days": settings.YINGJI_PASSWORD_MAX_AGE_DAYS, "next": request.GET.get("next", ""),
            "has_otp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "active_tokens": sum(1 for t in APIToken.objects.filter(user=user, revoked_at__isnull=True,
                                                                    expiry__gt=timezone.now()) if t.is_active),
            "may_read_api_docs": may_read_api_docs(user),
            "roles": user.groups.all()}, status=status)




# --- API tokens ---------------------------------------------------------------------------------------------------
@method_decorator(login_required, name="dispatch")
class APITokenListView(View):
    """我的 API 令牌: the user's own tokens (create, revoke) and, for an administrator, the valid tokens of the accounts
    in his scope (revoke). A new token's secret is shown on the answer to its creation only, never again."""

    template_name = "accounts/api_tokens.html"
    OTHERS_SHOWN = 500

    def get(self, request):
        return self.page(request, APITokenForm())

    def post(self, request):
        from django.core.exceptions import ValidationError

        from .tokens import issue_token

        form = APITokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = issue_token(request.user, actor=request.user, name=form.cleaned_data["name"],
                                            days=form.cleaned_data["days"])
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                response = self.page(request, APITokenForm(), new_token=token, secret=secret)
                response["Cache-Control"] = "no-store"
                return response
        return self.page(request, form, status=400)

    def page(self, request, form, status=200, **extra):
        from .tokens import manageable_tokens

        user = request.user
        now = timezone.now()
        own = list(APIToken.objects.filter(user=user).select_related("revoked_by"))
        others = None
        if user.has_perm("accounts.change_user"):
            others = list(manageable_tokens(user).exclude(user=user)
                          .filter(revoked_at__isnull=True, expiry__gt=now)
                          .select_related("user", "user__region").order_by("user__username", "-created")
                          [:self.OTHERS_SHOWN])
            others = [t for t in others if t.is_active]
        return render(request, self.template_name, {
            "form": form, "tokens": own, "others": others, "others_limit": self.OTHERS_SHOWN,
            "max_age_days": settings.YINGJI_API_TOKEN_MAX_AGE_DAYS,
            "idle_days": settings.YINGJI_API_TOKEN_IDLE_DAYS, **extra}, status=status)


@method_decorator(login_required, name="dispatch")
class APITokenRevokeView(View):
    """POST: revoke one of the user's own tokens, or (an administrator) a token of an account in his scope; any
    other token is 404. Back to the page the button was on (this site only)."""

    def post(self, request, pk):
        from .tokens import manageable_tokens, revoke_token

        token = manageable_tokens(request.user).select_related("user").filter(pk=pk).first()
        if token is None:
            raise Http404
        if revoke_token(token, actor=request.user):
            messages.success(request, _("已撤销令牌“%(n)s”，使用它的请求将被拒绝") % {"n": token.name})
        else:
            messages.info(request, _("令牌“%(n)s”此前已撤销") % {"n": token.name})
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                                        require_https=request.is_secure()):
            return redirect(next_url)
        return redirect("accounts:api_tokens")
