"""The base of every secretariat admin: writes go through the services, permissions through rules.

The admin is a thin layer. A change form is validated by Django, then ``save_model`` and
``save_formset`` hand the cleaned data to the service that owns the record. A service may still
refuse (a rule that needs the other rows, such as a second ratification): it raises a
ValidationError naming the field. That happens inside the change view's transaction, so
``changeform_view`` lets the exception roll everything back and renders the same POST again with the
service's messages attached to the right form and field: no 500, nothing half-written.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from secretariat.audit import visible_records
from secretariat.permissions import isu_convention_ids

MAIN_FORM = ""  # key of the main form in ServiceFormError.errors (inline forms use their prefix)


class ServiceFormError(Exception):
    """A service refused a write; carries its ValidationError per form prefix."""

    def __init__(self, errors: dict[str, ValidationError]):
        super().__init__(errors)
        self.errors = errors


def field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def apply_service_error(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to a form: on the field when the form shows it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:  # a field the form does not show (read-only here): name it in the message
            label = field_label(form._meta.model, name)
            form.add_error(None, [f"{label}: {message}" for e in errors for message in e.messages])


def error_messages(error: ValidationError, model=None) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    out = []
    for name, errors in error.error_dict.items():
        for e in errors:
            for message in e.messages:
                out.append(
                    message
                    if name == NON_FIELD_ERRORS or model is None
                    else f"{field_label(model, name)}: {message}"
                )
    return out


class ServiceErrorsFormMixin:
    """Form side of the retry: on the second pass the service's errors make the form invalid."""

    service_error: ValidationError | None = None

    def _post_clean(self):
        super()._post_clean()
        if self.service_error is not None:
            apply_service_error(self, self.service_error)


class ServiceErrorsFormSetMixin:
    service_errors: dict[str, ValidationError] = {}
    service_inline = None

    def full_clean(self):
        super().full_clean()
        for form in self.forms:
            error = self.service_errors.get(form.prefix)
            if error is not None:
                # form.errors is the same ErrorDict the formset collected, so the formset turns invalid too.
                apply_service_error(form, error)


def form_data(form, fields: list[str]) -> dict:
    return {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}


def adopt(target, saved) -> None:
    """Copy what the service saved onto the admin's instance (Django logs and redirects with it)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def viewer_conventions(request) -> set[int] | None:
    """The conventions whose records the user may see; None means all (a superuser)."""
    if request.user.is_active and request.user.is_superuser:
        return None
    return isu_convention_ids(request.user)


class ServiceInline:
    """An inline whose rows are written by services. Subclasses name the fields and the calls."""

    service_fields: list[str] = []

    def service_create(self, request, parent, data: dict):
        raise NotImplementedError

    def service_update(self, request, obj, data: dict):
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        raise NotImplementedError


class ConventionScopedInlineMixin:
    """Inline rows that belong to one convention: only those of the user's ISU, and only its conventions."""

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("convention")
        conventions = viewer_conventions(request)
        return qs if conventions is None else qs.filter(convention_id__in=conventions)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "convention":
            conventions = viewer_conventions(request)
            qs = db_field.related_model._default_manager.all()
            kwargs["queryset"] = qs if conventions is None else qs.filter(pk__in=conventions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    """ModelAdmin with object permissions (rules), change history and service writes."""

    service_fields: list[str] = []

    # --- what a subclass provides -----------------------------------------------------------
    def service_create(self, request, data: dict):
        raise NotImplementedError

    def service_update(self, request, obj, data: dict):
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        raise NotImplementedError

    # --- permissions --------------------------------------------------------------------------
    def has_module_permission(self, request):
        # rules has no module permissions: show the app to whoever may view one of its models.
        return self.has_view_or_change_permission(request)

    # --- writes -------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        data = form_data(form, self.service_fields)
        try:
            if change:
                # The form has already written its values onto obj; the service diffs against the database.
                saved = self.service_update(request, self.model._default_manager.get(pk=obj.pk), data)
            else:
                saved = self.service_create(request, data)
        except ValidationError as error:
            raise ServiceFormError({MAIN_FORM: error}) from error
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_inline", None)
        if not isinstance(inline, ServiceInline):
            return super().save_formset(request, form, formset, change)
        model = formset.model
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        # What BaseModelFormSet.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            try:
                if inline_form in deleted:
                    if inline_form.instance.pk is not None:
                        inline.service_delete(request, model._default_manager.get(pk=inline_form.instance.pk))
                        formset.deleted_objects.append(inline_form.instance)
                    continue
                if not inline_form.has_changed():
                    continue
                data = form_data(inline_form, inline.service_fields)
                if inline_form.instance.pk is None:
                    saved = inline.service_create(request, form.instance, data)
                    formset.new_objects.append(inline_form.instance)
                else:
                    fresh = model._default_manager.get(pk=inline_form.instance.pk)
                    saved = inline.service_update(request, fresh, data)
                    formset.changed_objects.append((inline_form.instance, inline_form.changed_data))
                adopt(inline_form.instance, saved)
            except ValidationError as error:
                raise ServiceFormError({inline_form.prefix: error}) from error

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self.service_delete(request, obj)

    # --- the retry that turns a service's refusal into form errors ------------------------------
    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_service_errors", {}).get(MAIN_FORM)
        return type(form_class.__name__, (ServiceErrorsFormMixin, form_class), {"service_error": error})

    def get_formsets_with_inlines(self, request, obj=None):
        errors = getattr(request, "_service_errors", {})
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            attrs = {"service_errors": errors, "service_inline": inline}
            yield type(formset_class.__name__, (ServiceErrorsFormSetMixin, formset_class), attrs), inline

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceFormError as refused:
            # The view's transaction has rolled back. Render the same POST again; the errors now
            # make the forms invalid, so nothing is saved on this pass.
            request._service_errors = refused.errors
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            for message in error_messages(error, self.model):
                self.message_user(request, message, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    # --- history: only of what the user may see; a revert is a save through the service --------
    def _require_visible(self, request, object_id):
        # The admin's own scope and the trail's (secretariat.audit: a State's draft has no history
        # on the staff side, whoever may list the record).
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id))
            found = visible.filter(pk__in=visible_records(request.user, self.model).values("pk")).exists()
        except (ValueError, ValidationError):  # not a key of this model
            found = False
        if not found:
            raise Http404(_("No such record."))

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        if not str(version_id).isdigit():  # simple-history would answer 500 for /history/None/
            raise Http404(_("No such record."))
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ServiceFormError as refused:
            for error in refused.errors.values():
                for message in error_messages(error, self.model):
                    self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)


class ConventionScopedAdmin(ServiceAdmin):
    """Records that belong to one convention: the changelist and every URL show only the user's ISU's."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        conventions = viewer_conventions(request)
        return qs if conventions is None else qs.filter(convention_id__in=conventions)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "convention":
            conventions = viewer_conventions(request)
            qs = db_field.related_model._default_manager.all()
            kwargs["queryset"] = qs if conventions is None else qs.filter(pk__in=conventions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
