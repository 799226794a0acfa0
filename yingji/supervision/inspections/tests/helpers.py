import datetime

from django.utils import timezone

from yingji.platform.accounts.testing import make_user
from yingji.supervision.inspections.testing import make_certificate


def certify(world, *users, valid_days=365):
    for user in users:
        make_certificate(world, user.region, user=user,
                         valid_until=timezone.localdate() + datetime.timedelta(days=valid_days))
    return users


def officers(world, n, region=None, organisation=None):
    """n extra certified officers of the county bureau (or of `organisation`)."""
    users = [make_user(world, region or world.regions.county, organisation=organisation or world.orgs.bureau,
                       full_name=f"执法员{i}") for i in range(n)]
    certify(world, *users)
    return users
