import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.platform.accounts.models import Organisation
from yingji.platform.core.filtersets import BaseFilterSet, TownshipFilter

from .choices import FIVE_INTO, Audience, Campaign, TrainingMode, Venue
from .models import PublicityActivity, TrainingSession

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class TrainingSessionFilterSet(BaseFilterSet):
    search_fields = ("topic", "organiser__name", "organiser_name")

    audience = django_filters.ChoiceFilter(label=_("培训对象"), choices=Audience.choices)
    mode = django_filters.ChoiceFilter(label=_("培训方式"), choices=TrainingMode.choices)
    organiser = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=Organisation.objects.all())
    township = TownshipFilter()
    held_after = django_filters.DateFilter(label=_("培训日期起"), field_name="held_on", lookup_expr="gte", **DATE)
    held_before = django_filters.DateFilter(label=_("培训日期止"), field_name="held_on", lookup_expr="lte", **DATE)

    class Meta:
        model = TrainingSession
        fields = ["audience", "mode", "organiser"]


class PublicityActivityFilterSet(BaseFilterSet):
    search_fields = ("title", "organiser__name", "organiser_name", "note")

    campaign = django_filters.ChoiceFilter(label=_("宣传主题"), choices=Campaign.choices)
    venue = django_filters.ChoiceFilter(label=_("宣传形式"), choices=Venue.choices)
    five_into = django_filters.BooleanFilter(label=_("“五进”活动"), method="filter_five_into")
    organiser = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=Organisation.objects.all())
    township = TownshipFilter()
    held_after = django_filters.DateFilter(label=_("活动日期起"), field_name="held_on", lookup_expr="gte", **DATE)
    held_before = django_filters.DateFilter(label=_("活动日期止"), field_name="held_on", lookup_expr="lte", **DATE)

    class Meta:
        model = PublicityActivity
        fields = ["campaign", "venue", "organiser"]

    def filter_five_into(self, queryset, name, value):
        if value is None:
            return queryset
        five = [v.value for v in FIVE_INTO]
        return queryset.filter(venue__in=five) if value else queryset.exclude(venue__in=five)
