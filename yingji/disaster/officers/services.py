"""Coverage of the registry: every village (社区) should have an officer on duty (A角), and high-risk ones a B角."""

from django.db.models import Count, Q

from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region


def village_coverage(user, region=None):
    """The villages in `user`'s scope (under `region`), each annotated with its active officers (A角, B角), in one
    query; officers the user may not see are not counted."""
    from .models import DisasterInfoOfficer

    visible = DisasterInfoOfficer.objects.restrict(user).filter(voided_at__isnull=True, active=True).values("pk")
    villages = Region.objects.restrict(user).filter(level=Level.VILLAGE)
    if region is not None:
        villages = villages.filter(pk__in=Region.objects.subtree(region).values("pk"))
    officer = Q(disaster_info_officers__pk__in=visible)
    return (villages.select_related("parent")
            .annotate(officers=Count("disaster_info_officers", filter=officer),
                      a_role=Count("disaster_info_officers", filter=officer & Q(disaster_info_officers__role="A")),
                      b_role=Count("disaster_info_officers", filter=officer & Q(disaster_info_officers__role="B")))
            .order_by("code"))
