"""Form bases: every choice of a scoped record is limited to what the user may see."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import ScopedQuerySet
from .validators import TEXT_MAX_LENGTH, TEXT_TOO_LONG, strip_control_characters


def restrict_choices(form, user):
    for field in form.fields.values():
        qs = getattr(field, "queryset", None)
        if isinstance(qs, ScopedQuerySet) and user is not None:
            restricted = qs.restrict(user, "view")
            field.queryset = restricted.active() if hasattr(qs.model, "voided_at") else restricted


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-record choices go through restrict(user, "view")."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)
        from .pickers import bind_user

        bind_user(self, user)
        bound_long_text(self)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def _clean_fields(self):
        # text is cleaned of control characters on the way in (issue 16, item 3): one place for every form
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                self.cleaned_data[name] = strip_control_characters(value)

    # Django's loop, then this function on each text value: what the ledger import's row validation
    # (core/imports.py, FastClean) repeats for a row without building a BoundField per field
    _clean_fields.text_filter = strip_control_characters


def bound_long_text(form):
    """Every text field of `form` that has no length limit of its own and is long text (its model field is a
    TextField, or its widget a textarea) takes at most TEXT_MAX_LENGTH characters, with a Chinese error (issue 16,
    item 10). The browser is told too (maxlength)."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or field.max_length is not None:
            continue
        try:
            long_text = isinstance(model._meta.get_field(name), models.TextField) if model else False
        except FieldDoesNotExist:
            long_text = False
        if long_text or isinstance(field.widget, forms.Textarea):
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH, message=TEXT_TOO_LONG))
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
    return form


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("作废原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3,
                             "class": "form-control"}), error_messages={"required": _("请填写作废原因")})


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("台账文件 (.xlsx)"), error_messages={"required": _("请选择要导入的文件")},
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))
