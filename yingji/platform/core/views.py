"""Generic views: a module's list/detail/edit/void pages are a few declarative lines on top of these.

Every view goes through `Model.objects.restrict(user, action)`: no permission → 403, a record outside the user's
scope → 404. Exports are the filtered rows of the list, exactly.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig

from yingji.platform.audit.display import readable
from yingji.platform.audit.recorder import history_for

from . import ledgers
from .forms import VoidForm, restrict_choices
from .models import in_scope, is_external_user, perm_name
from .privacy import mask, may_see_personal, personal_fields
from .services import restore_record, void_record

INTEGRITY_MESSAGE = gettext_lazy("保存失败：与已有的有效记录重复，或违反了数据约束。请检查后重试。")


class ScopedViewMixin(LoginRequiredMixin):
    """Authorises the request: the model permission for `action` or 403."""

    model = None
    queryset = None
    action = "view"

    def get_action(self):
        return self.action

    def has_permission(self):
        return self.request.user.has_perm(perm_name(self.model, self.get_action()))

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return self.queryset.all() if self.queryset is not None else self.model.objects.all()

    def get_queryset(self, action=None):
        return self.base_queryset().restrict(self.request.user, action or self.get_action())

    def get_object(self, action=None):
        try:
            return self.get_queryset(action).get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404(_("记录不存在或不在您的管辖范围内"))

    def meta(self):
        return self.model._meta

    def url(self, action, *args):
        return reverse(f"{self.request.resolver_match.namespace}:{self.meta().model_name}_{action}", args=args)

    def common_context(self):
        opts = self.meta()
        user = self.request.user
        ns = self.request.resolver_match.namespace
        return {
            "opts": opts,
            "verbose_name": opts.verbose_name,
            "verbose_name_plural": opts.verbose_name_plural,
            "can_add": user.has_perm(perm_name(self.model, "add")),
            "can_change": user.has_perm(perm_name(self.model, "change")),
            "can_restore": user.has_perm("audit.restore_record"),
            "url_ns": f"{ns}:{opts.model_name}",
            "list_url": _reverse_or_none(f"{ns}:{opts.model_name}_list"),
        }


def _reverse_or_none(name):
    from django.urls import NoReverseMatch

    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class ObjectListView(ScopedViewMixin, View):
    """List page: filters, search, sortable columns, pagination, and 导出Excel of exactly the filtered rows."""

    filterset_class = None
    table_class = None
    template_name = "core/object_list.html"
    import_spec = None  # the name of an ImportSpec for the 导入 button
    ordering = None  # the default order (order_by arguments) when the user sorts by no column; else the model's

    def get(self, request, *args, **kwargs):
        qs = self.get_queryset()
        # always bound, so that the defaults (e.g. 有效 records only) hold on a bare list URL too
        filterset = self.filterset_class(request.GET, queryset=qs, request=request)
        rows = filterset.qs if filterset.is_valid() else qs.none()
        if self.ordering and not request.GET.get("sort"):
            rows = rows.order_by(*self.ordering)
        if request.GET.get("_export"):
            return self.export(rows, filterset, request.GET["_export"])
        list_name = request.resolver_match.view_name
        hidden = ledgers.hidden_columns(request.user, list_name)
        table = self.table_class(rows, request=request, exclude=hidden or None)
        RequestConfig(request, paginate={"per_page": self.per_page()}).configure(table)
        context = {**self.common_context(), "filterset": filterset, "table": table,
                   "import_spec": self.import_spec, "export_url": self.export_url(),
                   "list_name": list_name, "columns": self.column_choices(hidden),
                   "saved_filters": ledgers.saved_filters(request.user, list_name),
                   "filter_query": ledgers.filter_query(request.GET.urlencode()),
                   "filtered": any(v for k, v in request.GET.items() if k not in ("sort", *ledgers.DROPPED_PARAMS))}
        if request.htmx and request.htmx.target == "object-table":
            return render(request, "core/_object_table.html", context)
        return render(request, self.template_name, context)

    def column_choices(self, hidden):
        """[(name, header, shown, fixed)] for the 列 chooser: every column of the table, the first one fixed."""
        names = ledgers.column_names(self.table_class)
        return [(name, header, name not in hidden, i == 0) for i, (name, header) in enumerate(names)]

    def per_page(self):
        try:
            return max(10, min(int(self.request.GET.get("per_page", 50)), 500))
        except ValueError:
            return 50

    def export_url(self, fmt="xlsx"):
        params = self.request.GET.copy()
        params.pop("page", None)
        params["_export"] = fmt
        return f"?{params.urlencode()}"

    # --- 导出Excel: the one export path (core/export.py, docs/exports.md) ----------------------------------------------
    def export_table(self, rows):
        """The list's table, configured as for the page (its sort order), without pagination: the export's columns
        and rows."""
        table = self.table_class(rows, request=self.request)
        RequestConfig(self.request, paginate=False).configure(table)
        return table

    def export(self, rows, filterset, fmt="xlsx"):
        """Up to YINGJI_EXPORT_SYNC_ROWS rows: the file in this response; more: a background job (ExportJob) whose
        page shows its progress. The rows, columns and masking are those of the list for this user and filters."""
        from . import exporting

        if fmt not in exporting.FORMATS:
            fmt = "xlsx"
        table = self.export_table(rows)
        if getattr(self.request, "yingji_export_capture", False):  # the background job rebuilding this list
            return exporting.Capture(table, filterset)
        total = exporting.count(table)
        if total > exporting.sync_limit():
            job = exporting.start_job(self.request, self.meta(), fmt=fmt, total=total)
            return redirect("core:export_job", pk=job.pk)
        return exporting.respond(self.request, table, self.meta(), fmt=fmt, total=total, filterset=filterset)


def xlsx_response(content, filename):
    from urllib.parse import quote

    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class ObjectDetailView(ScopedViewMixin, View):
    """Detail page: the record's fields, its related records and its change history (变更记录)."""

    template_name = None
    exclude_fields = ("id", "created_by", "voided_by", "voided_at", "void_reason", "updated_at")

    def get(self, request, *args, **kwargs):
        return self.render_detail(self.get_object())

    def render_detail(self, obj, status=200):
        """The record's page. A view that takes a form of the page (a step, an addition) and finds errors in it
        renders the page again through here with status 400, its extra_context holding the bound form."""
        request = self.request
        context = {**self.common_context(), "object": obj, "fields": self.field_rows(obj),
                   # the change history is the bureau's own record of its work: not shown to outside accounts;
                   # it includes the changes of the record's child rows (e.g. a checklist's items)
                   "history": None if is_external_user(request.user) else readable(
                       history_for(obj, children=True), user=request.user, record=obj),
                   "related": self.get_related(obj),
                   "void_form": VoidForm(),
                   "voidable": hasattr(obj, "voided_at") and not (
                       hasattr(obj, "void_refusal") and obj.void_refusal()),
                   "can_edit": in_scope(obj, request.user, "change") if self.common_context()["can_change"] else False}
        context.update(self.extra_context(obj))
        # the 基本信息 tab shows the fields that have a value, and names the empty ones in one line
        context["filled_fields"] = [(label, value) for label, value in context["fields"] if value != "—"]
        context["empty_fields"] = [label for label, value in context["fields"] if value == "—"]
        context["actions_in_header"] = True  # core/_transition_forms.html: the actions under the title
        opts = self.meta()
        templates = [f"{opts.app_label}/{opts.model_name}_detail.html", "core/object_detail.html"]
        if self.template_name:
            templates.insert(0, self.template_name)
        return render(request, templates, context, status=status)

    def field_rows(self, obj):
        # personal data (declared on the model's fields, core/privacy.py) in full only to those who may see it
        hidden = {} if may_see_personal(self.request.user) else personal_fields(type(obj))
        rows = []
        for f in obj._meta.concrete_fields:
            if f.name in self.exclude_fields or (f.name == "password"):
                continue
            value = getattr(obj, f"get_{f.name}_display")() if f.choices else getattr(obj, f.name)
            if f.name in hidden:
                value = mask(hidden[f.name], value)
            if value in (None, ""):
                value = "—"
            elif isinstance(value, datetime.datetime):
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            elif isinstance(value, datetime.date):
                value = value.strftime("%Y-%m-%d")
            elif value is True:
                value = _("是")
            elif value is False:
                value = _("否")
            rows.append((f.verbose_name, value))
        return rows

    def get_related(self, obj):
        """[(title, table)] of related-record tables; modules override."""
        return []

    def extra_context(self, obj):
        return {}


class RecordFileView(ScopedViewMixin, View):
    """An uploaded file of a record (`field`, a FileField), served only to those who may view the record in their
    scope (no permission: 403; out of scope: 404). Uploaded files are never served by the /media/ route, in any
    mode (issue 16, item 9): a module links to this view, not to the file's storage URL."""

    field = None

    def get(self, request, pk):
        import mimetypes
        from urllib.parse import quote

        from django.http import FileResponse

        obj = self.get_object()
        stored = getattr(obj, self.field)
        if not stored:  # a stale link: back to the record, which says there is none
            messages.info(request, _("该记录没有上传此文件"))
            return redirect(obj.get_absolute_url())
        try:
            handle = stored.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404(_("文件不存在"))
        name = stored.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ObjectEditView(ScopedViewMixin, View):
    """Create (no pk) or change (pk) a record with a ScopedModelForm; the result must stay in the user's scope."""

    form_class = None
    template_name = "core/object_edit.html"

    def get_action(self):
        return "change" if "pk" in self.kwargs else "add"

    def get_instance(self):
        return self.get_object("change") if "pk" in self.kwargs else self.model()

    def get_form(self, instance, data=None, files=None):
        return self.form_class(data=data, files=files, instance=instance, user=self.request.user,
                               initial=self.get_initial() if instance.pk is None else None)

    def get_initial(self):
        return {k: v for k, v in self.request.GET.items()}

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = self.save(form)
                    if not in_scope(obj, request.user, "view"):
                        raise ValidationError(_("不能将记录保存到您的管辖范围之外"))
            except IntegrityError:
                # a database constraint the form does not check (e.g. unique among records not voided)
                form.add_error(None, INTEGRITY_MESSAGE)
            except ValidationError as e:
                for msg in e.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, instance, status=400)

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk is None and hasattr(obj, "created_by_id"):
            obj.created_by = self.request.user
        obj.save()
        form.save_m2m()
        return obj

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance if instance.pk else None}
        return render(self.request, self.template_name, context, status=status)


class FormsetEditView(ObjectEditView):
    """An edit page with the record's child rows (an inline formset, `formset_class`) under the form.

    The record and its rows are saved in one transaction, each row through its model's full_clean, every row's
    choices limited to what the user may see. Child rows keep the audit trail whole: a new or changed row gets its
    own audit row, and a row ticked 删除 is voided when the child model can be voided (has `voided_at`) or else
    deleted with an audit row (删除) holding its before-image; either way the row carries the record's region and
    shows in the record's 变更记录 (the child model names its parent in `audit_parent`). A row that other records
    still refer to is not deleted, and the page names it.
    """

    formset_class = None
    formset_title = ""
    template_name = "core/formset_edit.html"

    def child_model(self):
        return self.formset_class.model

    def get_formset(self, instance, data=None):
        model = self.child_model()
        queryset = model._default_manager.all()
        if hasattr(model, "voided_at"):
            queryset = queryset.filter(voided_at__isnull=True)
        formset = self.formset_class(data=data, instance=instance, prefix="rows", queryset=queryset)
        for form in formset.forms + [formset.empty_form]:
            restrict_choices(form, self.request.user)
        return formset

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        self.formset = self.get_formset(instance)
        return self.render_form(self.get_form(instance), instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        self.formset = self.get_formset(instance, request.POST)
        if form.is_valid() and self.formset.is_valid():
            try:
                with transaction.atomic():
                    obj = self.save(form)
                    self.save_rows(obj)
                    if not in_scope(obj, request.user, "view"):
                        raise ValidationError(_("不能将记录保存到您的管辖范围之外"))
            except IntegrityError:
                form.add_error(None, INTEGRITY_MESSAGE)
            except ValidationError as e:
                for msg in e.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, instance, status=400)

    def save_rows(self, obj):
        """Saves the formset's new and changed rows, and voids or deletes (audited) the rows ticked 删除."""
        formset = self.formset
        formset.instance = obj
        for row in formset.save(commit=False):
            row.full_clean(exclude=[formset.fk.name])
            row.save()
        reason = _("在“%(obj)s”的修改页删除") % {"obj": obj}
        for row in formset.deleted_objects:
            if hasattr(row, "voided_at"):
                void_record(row, actor=self.request.user, reason=reason)
                continue
            row._audit_message = reason
            try:
                row.delete()
            except ProtectedError:
                raise ValidationError(_("“%(row)s”已被其他记录引用，不能删除") % {"row": row})

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance if instance.pk else None,
                   "formset": self.formset, "formset_title": self.formset_title}
        return render(self.request, self.template_name, context, status=status)


class ObjectVoidView(ScopedViewMixin, View):
    """作废: hide a record from the default lists, with a reason; needs the change permission."""

    action = "change"

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                void_record(obj, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("已作废：%(obj)s") % {"obj": obj})
            except ValidationError as e:
                messages.error(request, "；".join(e.messages))
        else:
            messages.error(request, _("请填写作废原因"))
        return redirect(obj.get_absolute_url())


class ObjectRestoreView(ScopedViewMixin, View):
    """恢复: bring a voided record back; administrators only (audit.restore_record)."""

    action = "change"

    def has_permission(self):
        return super().has_permission() and self.request.user.has_perm("audit.restore_record")

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            with transaction.atomic():
                restore_record(obj, actor=request.user)
            messages.success(request, _("已恢复：%(obj)s") % {"obj": obj})
        except IntegrityError:
            messages.error(request, INTEGRITY_MESSAGE)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        return redirect(obj.get_absolute_url())


def crud_urls(model_name, *, list_view, detail_view, edit_view, model):
    """The standard URL set of a business model: list, add, detail, edit, and void/restore for voidable ones."""
    urls = [
        path(f"{model_name}s/", list_view.as_view(), name=f"{model_name}_list"),
        path(f"{model_name}s/add/", edit_view.as_view(), name=f"{model_name}_add"),
        path(f"{model_name}s/<int:pk>/", detail_view.as_view(), name=f"{model_name}_detail"),
        path(f"{model_name}s/<int:pk>/edit/", edit_view.as_view(), name=f"{model_name}_edit"),
    ]
    if hasattr(model, "voided_at"):
        urls += [
            path(f"{model_name}s/<int:pk>/void/", ObjectVoidView.as_view(model=model), name=f"{model_name}_void"),
            path(f"{model_name}s/<int:pk>/restore/", ObjectRestoreView.as_view(model=model),
                 name=f"{model_name}_restore"),
        ]
    return urls
