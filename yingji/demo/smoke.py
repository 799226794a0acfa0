"""After `yingji demo --scale N`: row counts, the consistency checks of yingji.demo.verify, and how fast the hazard
list answers the demo's county and township users (API and page), through the whole Django stack.

    DATABASE_URL=… .venv/bin/python -m yingji.demo.smoke          (or YINGJI_DATA_DIR=… for a SQLite demo)

Prints counts and timings only, never personal data.
"""

import os
import statistics
import sys
import time


def _timed(client, url, n):
    samples = []
    status = None
    for _i in range(n + 1):
        t = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        status = r.status_code
        if status != 200:
            break
    body = r.json() if status == 200 and url.startswith("/api/") else None
    return status, samples[1:] or samples, body


def main(requests=10):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from yingji.demo.verify import problems
    from yingji.platform.accounts.models import User
    from yingji.supervision.accidents.models import Accident
    from yingji.supervision.enforcement.models import EnforcementCase
    from yingji.supervision.enterprises.models import Enterprise
    from yingji.supervision.hazards.models import Hazard, HazardEvent
    from yingji.supervision.inspections.models import Inspection

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    for model in (Enterprise, Hazard, HazardEvent, Inspection, EnforcementCase, Accident):
        print(f"{model._meta.model_name:<16} {model.objects.count():>10,}")
    t = time.perf_counter()
    found = problems()
    print(f"consistency checks: {'ok' if not found else '; '.join(found)} ({time.perf_counter() - t:.1f} s)")
    for username in ("leader", "township"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        in_scope = Hazard.objects.restrict(user).count()
        for label, url in (("api", "/api/v1/hazards/"), ("api filtered", "/api/v1/hazards/?state=pending"),
                           ("page", reverse("hazards:hazard_list"))):
            status, ms, body = _timed(client, url, requests)
            extra = f", count {body['count']:,}" if body else ""
            print(f"{username:<9} {label:<13} HTTP {status}: median {statistics.median(ms):.0f} ms, "
                  f"max {max(ms):.0f} ms over {len(ms)} requests ({in_scope:,} hazards in scope{extra})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
