"""Request serializers shared by the modules' APIs."""

from rest_framework import serializers

from .fields import StepTimeField


class TransitionSerializer(serializers.Serializer):
    """The request body of a workflow transition action (core.workflow_views.api_transition): the optional real time
    of the step (`at`, 实际办理时间) and note. A module's transition serializers inherit it and add their own fields,
    so that the API accepts what the web form of the same transition accepts."""

    at = StepTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
