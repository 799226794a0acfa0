"""Background jobs of a release (django.tasks; `yingji worker` runs them). Never run inside a web request."""

from django.tasks import task


@task()
def run_release(release_id):
    """Resolve the release's recipients (set-based) and send everything due for it."""
    from . import delivery, services

    services.resolve_release(release_id)
    return delivery.pump(release_id=release_id, max_seconds=600)


@task()
def send_release(release_id):
    """Send what is due for a release (叫应 calls, a redial): the claim makes a second job harmless."""
    from . import delivery

    return delivery.pump(release_id=release_id, max_seconds=600)
