import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import EventType, Level, MsgType, Origin, WarningState
from .models import Warning


class WarningFilterSet(BaseFilterSet):
    search_fields = ("headline", "description", "identifier", "upstream_identifier")

    state = django_filters.ChoiceFilter(label=_("状态"), choices=WarningState.choices)
    event_type = django_filters.ChoiceFilter(label=_("预警类型"), choices=EventType.choices)
    level = django_filters.ChoiceFilter(label=_("预警级别"), choices=Level.choices)
    msg_type = django_filters.ChoiceFilter(label=_("信息类型"), choices=MsgType.choices)
    origin = django_filters.ChoiceFilter(label=_("来源"), choices=Origin.choices)
    in_force = django_filters.BooleanFilter(label=_("生效中"), method="filter_in_force")
    township = TownshipFilter()
    sent_after = django_filters.DateFilter(label=_("发布日期起"), method="filter_sent_after",
                                           widget=forms.DateInput(attrs={"type": "date"}))
    sent_before = django_filters.DateFilter(label=_("发布日期止"), method="filter_sent_before",
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Warning
        fields = ["state", "event_type", "level", "msg_type", "origin"]

    def filter_in_force(self, queryset, name, value):
        if value is None:
            return queryset
        active = queryset.model.objects.in_force().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)

    def filter_sent_after(self, queryset, name, value):
        return queryset.filter(sent__gte=_midnight(value))

    def filter_sent_before(self, queryset, name, value):
        import datetime

        return queryset.filter(sent__lt=_midnight(value + datetime.timedelta(days=1)))


def _midnight(day):
    import datetime

    day = min(max(day, datetime.date(1900, 1, 1)), datetime.date(9000, 1, 1))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
