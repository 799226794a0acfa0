"""A plan's next drill date follows its drills: adding, moving, voiding or unlinking a drill recomputes the due dates
of the plans it exercised (services.refresh_due), in the same transaction as the change."""

from django.db.models.signals import m2m_changed, post_save


def _drill_saved(sender, instance, created, **kwargs):
    if created:
        return  # its plans are linked afterwards (m2m_changed)
    from .services import refresh_due

    refresh_due(instance.plans.all())


def _plans_changed(sender, instance, action, pk_set, **kwargs):
    from .models import Drill, Plan
    from .services import refresh_due

    if not isinstance(instance, Drill):
        if action in ("post_add", "post_remove", "post_clear"):
            refresh_due([instance])
        return
    if action == "pre_clear":
        instance._cleared_plans = list(instance.plans.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_due(Plan.objects.filter(pk__in=pk_set))
    elif action == "post_clear":
        refresh_due(Plan.objects.filter(pk__in=getattr(instance, "_cleared_plans", [])))


def connect():
    from .models import Drill

    post_save.connect(_drill_saved, sender=Drill, dispatch_uid="plans_drill_saved")
    m2m_changed.connect(_plans_changed, sender=Drill.plans.through, dispatch_uid="plans_drill_plans")
