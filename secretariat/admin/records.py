"""Conventions, organisations, people, roles and the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from secretariat import services
from secretariat.admin.base import ReadOnlyAdmin, ServiceAdmin
from secretariat.audit import audit_entry_scope
from secretariat.models import (
    AuditEntry,
    Convention,
    DelegateAssignment,
    IsuMembership,
    Organisation,
    Person,
)


@admin.register(Convention)
class ConventionAdmin(ServiceAdmin):
    """Both ISUs read both conventions' rules; each changes only its own (rules: change_convention)."""

    list_display = [
        "code", "short_name_en", "entry_into_force",
        "stockpile_article", "stockpile_period_years", "stockpile_max_extension_years",
        "clearance_article", "clearance_period_years", "clearance_max_extension_years",
        "initial_report_days", "withdrawal_notice_months",
    ]  # fmt: skip
    readonly_fields = ["code"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "symbol_prefix",
                    "adopted_on",
                    "opened_for_signature_on",
                    "entry_into_force",
                ]
            },
        ),
        (
            "Names",
            {
                "fields": [
                    "short_name_en",
                    "short_name_ar",
                    "short_name_fr",
                    "short_name_es",
                    "name_en",
                    "name_ar",
                    "name_fr",
                    "name_es",
                ]
            },
        ),  # fmt: skip
        (
            "Article rules",
            {
                "fields": [
                    "stockpile_article",
                    "stockpile_period_years",
                    "stockpile_max_extension_years",
                    "clearance_article",
                    "clearance_period_years",
                    "clearance_max_extension_years",
                    "initial_report_days",
                    "annual_report_month",
                    "annual_report_day",
                    "withdrawal_notice_months",
                ]
            },
        ),  # fmt: skip
    ]
    service_fields = services.CONVENTION_FIELDS

    def has_add_permission(self, request):
        return False  # the two conventions are reference data (load_reference_data)

    def has_delete_permission(self, request, obj=None):
        return False

    def service_update(self, request, obj, data):
        return services.convention_update(actor=request.user, convention=obj, **data)


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name_en", "name_ar", "acronym", "kind", "rule"]
    list_filter = ["kind", "rule"]
    search_fields = ["name_en", "name_ar", "name_fr", "name_es", "acronym"]
    fields = services.ORGANISATION_FIELDS
    service_fields = services.ORGANISATION_FIELDS

    def service_create(self, request, data):
        return services.organisation_save(actor=request.user, **data)

    def service_update(self, request, obj, data):
        return services.organisation_save(actor=request.user, organisation=obj, **data)

    def service_delete(self, request, obj):
        services.organisation_delete(actor=request.user, organisation=obj)


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    list_display = ["family_name", "given_name", "name_ar", "state", "organisation"]
    list_select_related = ["state", "organisation"]
    search_fields = ["family_name", "given_name", "name_ar", "email"]
    autocomplete_fields = ["state", "organisation"]
    fields = services.PERSON_FIELDS
    service_fields = services.PERSON_FIELDS

    def service_create(self, request, data):
        return services.person_save(actor=request.user, **data)

    def service_update(self, request, obj, data):
        return services.person_save(actor=request.user, person=obj, **data)

    def service_delete(self, request, obj):
        services.person_delete(actor=request.user, person=obj)


class SuperuserOnlyMixin:
    """Roles decide what everyone else may do, so only a superuser sees or grants them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_delete_permission = has_change_permission


@admin.register(IsuMembership)
class IsuMembershipAdmin(SuperuserOnlyMixin, ServiceAdmin):
    list_display = ["user", "convention", "is_director"]
    list_select_related = ["user", "convention"]
    list_filter = ["convention", "is_director"]
    search_fields = ["user__username", "user__email"]
    fields = service_fields = ["user", "convention", "is_director"]

    def service_create(self, request, data):
        return services.isu_membership_save(actor=request.user, **data)

    def service_update(self, request, obj, data):
        return services.isu_membership_save(actor=request.user, membership=obj, **data)

    def service_delete(self, request, obj):
        services.isu_membership_delete(actor=request.user, membership=obj)


@admin.register(DelegateAssignment)
class DelegateAssignmentAdmin(SuperuserOnlyMixin, ServiceAdmin):
    list_display = ["user", "state", "convention"]
    list_select_related = ["user", "state", "convention"]
    list_filter = ["convention"]
    search_fields = ["user__username", "user__email", "state__iso3", "state__short_name_en"]
    autocomplete_fields = ["state"]
    fields = service_fields = ["user", "state", "convention"]

    def service_create(self, request, data):
        return services.delegate_assignment_save(actor=request.user, **data)

    def service_update(self, request, obj, data):
        return services.delegate_assignment_save(actor=request.user, assignment=obj, **data)

    def service_delete(self, request, obj):
        services.delegate_assignment_delete(actor=request.user, assignment=obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ObjectPermissionsModelAdminMixin, ReadOnlyAdmin):
    """The trail, each entry only to those who may see its record (``secretariat.audit.audit_entry_scope``).

    The list, its filters (their choices come from this queryset), the search and the change view all
    read ``get_queryset``; an entry outside it is a 404, as if it did not exist.
    """

    list_display = ["at", "actor", "action", "model", "object_repr"]
    list_select_related = ["actor"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "action", "object_id"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "action", "model", "object_id", "object_repr", "changes"]

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(audit_entry_scope(request.user))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):  # not a key of this model
            found = False
        if not found:
            raise Http404(_("No such record."))
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        return False
