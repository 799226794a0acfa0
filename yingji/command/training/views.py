from django.http import Http404
from django.views import View

from yingji.command.plans.files import serve_file
from yingji.platform.core import views as generic

from .filtersets import PublicityActivityFilterSet, TrainingSessionFilterSet
from .forms import PublicityActivityForm, TrainingSessionForm
from .models import PublicityActivity, TrainingSession
from .tables import PublicityActivityTable, TrainingSessionTable


class TrainingSessionListView(generic.ObjectListView):
    model = TrainingSession
    queryset = TrainingSession.objects.select_related("organiser", "region")
    filterset_class = TrainingSessionFilterSet
    table_class = TrainingSessionTable
    import_spec = "training-sessions"


class TrainingSessionDetailView(generic.ObjectDetailView):
    model = TrainingSession
    queryset = TrainingSession.objects.select_related("organiser", "region")


class TrainingSessionEditView(generic.ObjectEditView):
    model = TrainingSession
    form_class = TrainingSessionForm


class PublicityActivityListView(generic.ObjectListView):
    model = PublicityActivity
    queryset = PublicityActivity.objects.select_related("organiser", "region")
    filterset_class = PublicityActivityFilterSet
    table_class = PublicityActivityTable
    import_spec = "publicity-activities"


class PublicityActivityDetailView(generic.ObjectDetailView):
    model = PublicityActivity
    queryset = PublicityActivity.objects.select_related("organiser", "region")
    template_name = "training/publicityactivity_detail.html"
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "photo")


class PublicityActivityEditView(generic.ObjectEditView):
    model = PublicityActivity
    form_class = PublicityActivityForm


class PublicityPhotoView(generic.ScopedViewMixin, View):
    """The activity's photo, to those who may see the activity."""

    model = PublicityActivity

    def get(self, request, pk):
        activity = self.get_object()
        if not activity.photo:
            raise Http404
        return serve_file(activity.photo, inline=True)
