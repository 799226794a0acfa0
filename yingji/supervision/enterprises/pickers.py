"""The enterprise picker (选择企业): search by name or credit code instead of a <select> of every enterprise.

A form's enterprise field becomes a picker with one line in its Meta, `field_classes = {"enterprise":
EnterpriseChoiceField}` (or `EnterpriseMultipleChoiceField` for a many-to-many), or, for a field declared on the
form, by declaring it with these classes. The queryset stays the form's scoped one (ScopedModelForm restricts it),
so a posted id outside the user's scope is the field's error. A filter on an enterprise id keeps its filter and takes
`widget=EnterprisePicker`.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.pickers import PickerSearchView, SearchSelect, SearchSelectMultiple
from yingji.platform.core.validators import normalize_credit_code

from .models import Enterprise

SEARCH_URL = reverse_lazy("enterprises:enterprise_search")
HINT = _("输入企业名称或统一社会信用代码搜索")
OUT_OF_SCOPE = _("所选企业不存在或不在您的管辖范围内，请重新选择")


def enterprise_label(obj):
    """What the picker shows: 名称（统一社会信用代码）."""
    return f"{obj.name}（{obj.credit_code}）" if obj.credit_code else obj.name


class EnterprisePicker(SearchSelect):
    search_url = SEARCH_URL
    hint = HINT
    model = Enterprise
    label = staticmethod(enterprise_label)


class EnterpriseMultiplePicker(SearchSelectMultiple, EnterprisePicker):
    pass


class EnterpriseChoiceField(forms.ModelChoiceField):
    widget = EnterprisePicker
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE}

    def label_from_instance(self, obj):
        return enterprise_label(obj)


class EnterpriseMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = EnterpriseMultiplePicker
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE, "invalid_pk_value": OUT_OF_SCOPE}

    def label_from_instance(self, obj):
        return enterprise_label(obj)


class EnterpriseSearchView(PickerSearchView):
    """GET ?q=: the enterprises in scope whose name contains `q` or whose credit code starts with it.

    Exact credit code first, then names that start with `q`, then the rest, each by name. Only the name and the
    credit code are read and returned (no person, no phone).
    """

    model = Enterprise
    fields = ("pk", "name", "credit_code")

    def search(self, queryset, term):
        code = normalize_credit_code(term)
        return (queryset.filter(Q(name__icontains=term) | Q(credit_code__startswith=code))
                .annotate(_rank=Case(When(credit_code=code, then=Value(0)), When(name__startswith=term, then=Value(1)),
                                     default=Value(2), output_field=IntegerField()))
                .order_by("_rank", "name", "pk"))

    def label(self, obj):
        return enterprise_label(obj)
