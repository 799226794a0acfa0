"""Who a form may name as the person doing a piece of work: inspectors, 承办执法人员, 督导组成员, 发现人, 包保责任人,
the account of a 灾害信息员 …

`colleagues(user, permission)` is the one choice list of people, used by every user-choosing field (page, API and
ledger import): active accounts of the bureau in the user's scope that hold `permission`, never

* an enterprise account (企业端: it acts for its enterprise, not for the bureau; modules with outside accounts
  register them with `register_outside_accounts`),
* the 系统管理员 or the 只读审计员 (等保 三员分立: they administer and audit the system, they do no casework), nor a
  superuser,
* an inactive (停用) account.

The scope is the user's region subtree; `reach="county"` adds the accounts of the user's county itself (a township
officer names the county bureau's inspectors on a joint inspection), never another township's staff. A superuser without a region sees everyone who qualifies.
"""

from django.db.models import Q

# roles whose holders are never named for casework, whatever else they hold
NOT_COLLEAGUES = ("sysadmin", "auditor", "enterprise")

_outside_accounts = []


def register_outside_accounts(fn):
    """Add a callable () -> Q of accounts that are not the bureau's (used as a decorator)."""
    if fn not in _outside_accounts:
        _outside_accounts.append(fn)
    return fn


def holders_of(permission):
    """The accounts holding `permission` ("app_label.codename") through a role (group) or directly, as a subquery."""
    from django.contrib.auth.models import Permission

    from .models import User

    app_label, codename = permission.split(".", 1)
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).values("pk")
    return User.objects.filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)).values("pk")


def _scope(user, reach):
    """The regions whose accounts `user` may name: his region subtree; with reach="county" also the accounts of
    his county's own level (the bureau's inspectors), never those of another township (issue 16, item 7)."""
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    region = user.region
    own = Region.objects.subtree(region).values("pk")
    if reach == "county" and region.level > Level.COUNTY:
        county = Region.objects.filter(code=region.code[:6].ljust(12, "0"), level=Level.COUNTY).first()
        if county is not None:
            return Q(region__in=own) | Q(region=county)
    return Q(region__in=own)


def eligible(permission):
    """Every active bureau account holding `permission`, wherever it is: `colleagues` without the scope, for a
    service that checks named people against the record's own region."""
    from .models import User

    qs = User.objects.filter(is_active=True, is_superuser=False, pk__in=holders_of(permission))
    qs = qs.exclude(pk__in=User.objects.filter(groups__role__code__in=NOT_COLLEAGUES).values("pk"))
    for outside in _outside_accounts:
        qs = qs.exclude(outside())
    return qs.order_by("username")


def colleagues(user, permission, *, reach=None):
    """Active bureau accounts in `user`'s scope holding `permission`, ordered by username (see the module doc)."""
    qs = eligible(permission)
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.region is not None:
        return qs.filter(_scope(user, reach))
    if not user.is_superuser:
        return qs.none()
    return qs
