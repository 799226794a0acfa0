import datetime

from django.urls import reverse
from django.utils import timezone

from .choices import OperatingStatus
from .models import EXPIRY_WARNING_DAYS, Enterprise, KeyPerson


def expiring(request):
    """Certificates and 安责险 policies that expire within EXPIRY_WARNING_DAYS (or have expired), in scope."""
    user = request.user
    limit = timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    insurance = (Enterprise.objects.restrict(user).active().exclude(status=OperatingStatus.CLOSED)
                 .filter(insurance_expiry__lte=limit).count())
    certificates = (KeyPerson.objects.restrict(user).active().exclude(enterprise__status=OperatingStatus.CLOSED)
                    .filter(certificate_expiry__lte=limit).count())
    if not insurance and not certificates:
        return None
    return {"insurance": insurance, "certificates": certificates, "days": EXPIRY_WARNING_DAYS,
            "insurance_url": reverse("enterprises:enterprise_list") + "?insurance_expiring=true",
            "certificates_url": reverse("enterprises:keyperson_list") + "?certificate_expiring=true"}
