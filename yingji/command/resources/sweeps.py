"""The nightly 账实核对: prove that every balance row is the sum of its movements.

State lives in the database: one LedgerCheck row per day, claimed by inserting it (the day is unique) in the
check's own transaction, so a restarted or a second sweeper never checks a day twice and a failed check is retried;
the sweep runs every hour and acts once a day after CHECK_HOUR local time."""

import logging

from django.db import IntegrityError
from django.utils import timezone

from yingji.platform.core import sweeper
from yingji.platform.core.services import snapshot

from .models import LedgerCheck
from .services import ledger_mismatches

log = logging.getLogger("yingji.resources")
CHECK_HOUR = 2


def run_check(day):
    """Check now and keep the result as the day's LedgerCheck (replacing an earlier one of the same day)."""
    checked, bad = ledger_mismatches()
    row, _created = LedgerCheck.objects.update_or_create(
        day=day, defaults={"checked_at": timezone.now(), "balances": checked, "mismatches": bad[:1000]})
    if bad:
        log.error("stock ledger check %s: %s balance rows differ from their movements", day, len(bad))
    return row


@sweeper.sweep("resources.ledger_check", every=3600)
def nightly_ledger_check(now):
    local = timezone.localtime(now)
    if local.hour < CHECK_HOUR:
        return 0
    day = local.date()
    try:
        # the claim and the check in one transaction with one snapshot: a second sweeper's claim waits for it and
        # then fails; a check that fails leaves no claim (it was kept before, empty, and read as a clean day) and
        # the next hour's run checks again
        with snapshot():
            LedgerCheck.objects.create(day=day)
            run_check(day)
    except IntegrityError:
        return 0
    return 1
