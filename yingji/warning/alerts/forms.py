from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.regions.choices import Level as RegionLevel

from .choices import EDITABLE_STATES
from .models import Warning

NOT_EDITABLE = _("只有“起草”状态的预警可以修改；已提交的请先退回，已发布的请起草“更新”或“解除”")


class WarningForm(ScopedModelForm):
    """Draft or correct a warning. Its state moves only through the transition forms; a published one is never edited
    (its Update or Cancel is a new message)."""

    class Meta:
        model = Warning
        fields = ["region", "event_type", "level", "headline", "description", "instruction", "onset", "effective",
                  "expires", "areas", "target_groups", "area_desc", "polygons", "circles", "response_type", "status",
                  "scope", "restriction", "addresses", "note", "web", "contact", "event_code", "severity", "urgency",
                  "certainty"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}), "instruction": forms.Textarea(attrs={"rows": 4}),
            "polygons": forms.Textarea(attrs={"rows": 2}), "circles": forms.Textarea(attrs={"rows": 2}),
            "onset": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "effective": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "expires": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "areas": forms.SelectMultiple(attrs={"size": 8}),
            "target_groups": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # areas down to the township (a village is a polygon or its township): the list stays the size of the county
        self.fields["areas"].queryset = self.fields["areas"].queryset.filter(level__lte=RegionLevel.TOWNSHIP)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__lte=RegionLevel.TOWNSHIP)
        self.fields["expires"].required = True
        if user is not None and self.instance.pk is None and user.region_id:
            self.initial.setdefault("region", user.region_id)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state not in EDITABLE_STATES:
            raise ValidationError(NOT_EDITABLE)
        region, areas = data.get("region"), data.get("areas")
        if region is not None and areas:
            outside = [a.name for a in areas if not a.code.startswith(region.prefix)]
            if outside:
                self.add_error("areas", _("预警区域须在发布单位辖区（%(r)s）内：%(a)s") % {
                    "r": region.name, "a": "、".join(outside)})
        if not areas and not (data.get("polygons") or "").strip() and not (data.get("circles") or "").strip():
            self.add_error("areas", _("预警须有区域：请选择预警区域，或填写多边形/圆形区域"))
        return data


class ReceiveForm(forms.Form):
    """Click 1 of 转发: the upstream CAP message, as a file or pasted."""

    file = forms.FileField(label=_("CAP 文件（.xml）"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".xml,text/xml", "class": "form-control"}))
    xml = forms.CharField(label=_("或粘贴 XML 内容"), required=False,
                          widget=forms.Textarea(attrs={"rows": 6, "class": "form-control font-monospace"}))

    def data_bytes(self):
        f = self.cleaned_data.get("file")
        if f:
            if f.size > 1_000_000:
                raise ValidationError(_("文件过大（超过 1 MB），不是一条 CAP 预警消息"))
            return f.read()
        return (self.cleaned_data.get("xml") or "").strip().encode("utf-8")


class FollowupForm(forms.Form):
    note = forms.CharField(label=_("原因/说明"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
