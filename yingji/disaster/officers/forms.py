from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.forms import ScopedModelForm

from .models import DisasterInfoOfficer, TrainingRecord

# the officer's own account: one that reports disaster losses
ACCOUNT_PERMISSION = "losses.add_lossreport"


class DisasterInfoOfficerForm(ScopedModelForm):
    class Meta:
        model = DisasterInfoOfficer
        fields = ["name", "phone", "region", "organisation", "role", "active", "appointed_on", "user", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__in=[4, 5])
        self.fields["user"].queryset = colleagues(self.user, ACCOUNT_PERMISSION)


class TrainingRecordForm(ScopedModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["officer", "trained_on", "course", "hours", "organiser"]
