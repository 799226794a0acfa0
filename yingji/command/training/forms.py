from django import forms

from yingji.platform.core.forms import ScopedModelForm

from .models import PublicityActivity, TrainingSession


class TrainingSessionForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = ["topic", "audience", "mode", "held_on", "hours", "trained", "passed", "certified", "organiser",
                  "organiser_name", "region", "note"]
        widgets = {"held_on": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None and user is not None and user.region_id:
            self.initial.setdefault("region", user.region_id)
            if getattr(user, "organisation_id", None):
                self.initial.setdefault("organiser", user.organisation_id)


class PublicityActivityForm(ScopedModelForm):
    class Meta:
        model = PublicityActivity
        fields = ["title", "campaign", "venue", "held_on", "organiser", "organiser_name", "region", "reached",
                  "materials", "photo", "note"]
        widgets = {"held_on": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 3}),
                   "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None and user is not None and user.region_id:
            self.initial.setdefault("region", user.region_id)
            if getattr(user, "organisation_id", None):
                self.initial.setdefault("organiser", user.organisation_id)
