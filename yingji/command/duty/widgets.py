"""Home-page card: who is on duty now (带班领导 first), from the one on_duty answer."""

from django.utils import timezone

from yingji.platform.core import oncall
from yingji.platform.core.privacy import mask_phone


def on_duty_card(request):
    user = request.user
    region = user.region
    while region is not None and region.level > 3:
        region = region.parent
    if region is None:
        return None
    show = user.has_perm("accounts.view_personal_data")
    people = [{"post_label": p.post_label, "name": p.name, "phone": p.phone if show else mask_phone(p.phone)}
              for p in oncall.on_duty(timezone.now(), region=region)]
    return {"people": people}
