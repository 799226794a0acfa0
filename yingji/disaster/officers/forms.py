from yingji.platform.core.forms import ScopedModelForm

from .models import DisasterInfoOfficer, TrainingRecord


class DisasterInfoOfficerForm(ScopedModelForm):
    class Meta:
        model = DisasterInfoOfficer
        fields = ["name", "phone", "region", "organisation", "role", "active", "appointed_on", "user", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[4, 5])


class TrainingRecordForm(ScopedModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["officer", "trained_on", "course", "hours", "organiser"]
