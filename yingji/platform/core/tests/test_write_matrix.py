"""The write matrix, generated from the URL conf (the twin of the permission matrix): for every edit page, and every
void and restore action, of every scoped model:

  - the county administrator saves the record's own values back through its edit page: accepted, and audited with
    him as the actor; he voids it (audited) and restores it (audited);
  - a user of another township and a user of another county who post the same edit, void and restore get 404 (the
    record does not exist for them) and nothing is written.

A form that cannot take its own record's values back (a workflow that locks editing, a field the page sets itself)
is named in EDIT_EXEMPT with the reason. Pages that edit a record with its child rows (FormsetEditView) post a
formset and are covered by core/tests/test_formset_edit.py. Nationwide tables (scope_global: rule rows, the holiday
calendar) have no foreign record; who may change them is the permission matrix's nationwide test.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms import FileField, ModelMultipleChoiceField

from yingji.platform.audit.models import ObjectChange
from yingji.platform.core.discovery import autodiscover
from yingji.platform.core.testing import sample_factories, url_model
from yingji.platform.core.views import FormsetEditView, ObjectEditView, ObjectRestoreView, ObjectVoidView

from .test_permission_matrix import discovered

# edit pages that do not take a record's own values back, and why
EDIT_EXEMPT = {}


def _writes():
    autodiscover("testing")
    by_model = {}
    for route, name, callback in discovered():
        view_class = getattr(callback, "view_class", None)
        model = url_model(callback)
        if view_class is None or model is None or model not in sample_factories or "<int:pk>" not in route:
            continue
        if issubclass(view_class, ObjectVoidView):
            kind = "void"
        elif issubclass(view_class, ObjectRestoreView):
            kind = "restore"
        elif (issubclass(view_class, ObjectEditView) and not issubclass(view_class, FormsetEditView)
              and name.endswith("_edit") and name not in EDIT_EXEMPT):
            kind = "edit"
        else:
            continue
        by_model.setdefault(model._meta.label_lower, {})[kind] = ("/" + route, callback)
    return by_model


WRITES = _writes()


def _url(route, pk):
    return route.replace("<int:pk>", str(pk))


def _form_data(route, callback, record, user, rf):
    """The record's own values as its edit form would post them."""
    view = callback.view_class(**(callback.view_initkwargs or {}))
    request = rf.get(_url(route, record.pk))
    request.user = user
    view.setup(request, pk=record.pk)
    form = view.get_form(record)
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, FileField):
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(field, ModelMultipleChoiceField) or isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def _history(record):
    return ObjectChange.objects.filter(content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk)


def _changes(record):
    return _history(record).count()


@pytest.mark.django_db
@pytest.mark.parametrize("model_label", sorted(WRITES))
def test_writes_in_scope_succeed_audited_and_outside_are_refused(model_label, world, client_for, rf):
    actions = WRITES[model_label]
    model = url_model(next(iter(actions.values()))[1])
    record = world.sample(model, world.regions.township_a)
    admin = client_for(world.users.admin)
    strangers = [] if getattr(model, "scope_global", False) else [
        (world.users.township_b, client_for(world.users.township_b)),
        (world.users.outsider, client_for(world.users.outsider))]

    def unchanged_after(post):
        before = (model._base_manager.filter(pk=record.pk).values().get(), _changes(record))
        response = post()
        after = (model._base_manager.filter(pk=record.pk).values().get(), _changes(record))
        return response, before == after

    if "edit" in actions:
        route, callback = actions["edit"]
        data = _form_data(route, callback, record, world.users.admin, rf)
        for user, client in strangers:
            response, unchanged = unchanged_after(lambda client=client: client.post(_url(route, record.pk), data))
            assert response.status_code in (403, 404) and unchanged, f"{user.username} edited a {model_label}"
        n = _changes(record)
        response = admin.post(_url(route, record.pk), data)
        assert response.status_code == 302, (
            f"{model_label}: its edit page refused its own values: "
            f"{response.context['form'].errors if response.context and 'form' in response.context else response.status_code}")
        assert _changes(record) >= n  # saving unchanged values may or may not write a change row; never fewer

    if "void" in actions:
        route, _cb = actions["void"]
        for user, client in strangers:
            response, unchanged = unchanged_after(lambda client=client: client.post(_url(route, record.pk), {"reason": "测试作废"}))
            assert response.status_code in (403, 404) and unchanged, f"{user.username} voided a {model_label}"
        n = _changes(record)
        assert admin.post(_url(route, record.pk), {"reason": "测试作废"}).status_code == 302
        record.refresh_from_db()
        assert record.voided_at is not None and record.voided_by_id == world.users.admin.pk
        assert _changes(record) == n + 1 and _history(record).order_by("-pk")[0].user_id == world.users.admin.pk

        if "restore" in actions:
            route, _cb = actions["restore"]
            for user, client in strangers:
                response, unchanged = unchanged_after(lambda client=client: client.post(_url(route, record.pk)))
                assert response.status_code in (403, 404) and unchanged, f"{user.username} restored a {model_label}"
            assert admin.post(_url(route, record.pk)).status_code == 302
            record.refresh_from_db()
            assert record.voided_at is None and _changes(record) == n + 2
