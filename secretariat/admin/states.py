"""States, their former names, treaty events and obligations."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat import services
from secretariat.admin.base import (
    ConventionScopedAdmin,
    ConventionScopedInlineMixin,
    ServiceAdmin,
    ServiceInline,
)
from secretariat.admin.imports import PortalImportExportMixin
from secretariat.models import Convention, Obligation, State, StateName, TreatyEvent
from secretariat.resources import StateResource, TreatyEventResource
from secretariat.treaties import Status, status_on

STATUS_LABELS = {
    Status.STATE_PARTY: _("State Party"),
    Status.RATIFIED_NOT_IN_FORCE: _("Ratified, not yet in force"),
    Status.SIGNATORY: _("Signatory"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.NON_SIGNATORY: _("Non-signatory"),
}


def status_column(convention: Convention, on_date):
    """A changelist column: the State's status under one convention, from the prefetched events."""

    def column(state: State) -> str:
        return str(STATUS_LABELS[status_on(state.events_for(convention), on_date)])

    column.short_description = convention.short_name
    column.__name__ = f"status_{convention.code.lower()}"
    return column


def keep_convention(obj, data: dict) -> None:
    """A record never moves to another convention: it is deleted and recorded again instead."""
    convention = data.pop("convention", None)
    if convention is not None and convention.pk != obj.convention_id:
        raise ValidationError(
            {"convention": _("A record cannot move to another convention; delete it and record it again.")}
        )


class StateNameInline(ServiceInline, admin.StackedInline):
    model = StateName
    extra = 0
    service_fields = services.NAME_FIELDS
    fields = services.NAME_FIELDS

    def service_create(self, request, parent, data):
        return services.state_name_save(actor=request.user, state=parent, **data)

    def service_update(self, request, obj, data):
        return services.state_name_save(actor=request.user, state=obj.state, name=obj, **data)

    def service_delete(self, request, obj):
        services.state_name_delete(actor=request.user, name=obj)


class TreatyEventInline(ServiceInline, ConventionScopedInlineMixin, admin.TabularInline):
    model = TreatyEvent
    extra = 0
    fields = ["convention", "kind", "date", "effective_date", "effect_deferred", "source"]
    service_fields = ["convention", *services.EVENT_FIELDS]

    def service_create(self, request, parent, data):
        convention = data.pop("convention")
        return services.treaty_event_create(actor=request.user, state=parent, convention=convention, **data)

    def service_update(self, request, obj, data):
        keep_convention(obj, data)
        return services.treaty_event_update(actor=request.user, event=obj, **data)

    def service_delete(self, request, obj):
        services.treaty_event_delete(actor=request.user, event=obj)


class ObligationInline(ServiceInline, ConventionScopedInlineMixin, admin.TabularInline):
    model = Obligation
    extra = 0
    fields = ["convention", "kind", "completed_on", "source"]
    service_fields = fields

    def service_create(self, request, parent, data):
        convention = data.pop("convention")
        return services.obligation_save(actor=request.user, state=parent, convention=convention, **data)

    def service_update(self, request, obj, data):
        keep_convention(obj, data)
        return services.obligation_save(actor=request.user, obligation=obj, **data)

    def service_delete(self, request, obj):
        services.obligation_delete(actor=request.user, obligation=obj)


@admin.register(State)
class StateAdmin(PortalImportExportMixin, ServiceAdmin):
    resource_classes = [StateResource]
    service_fields = services.STATE_FIELDS
    fields = services.STATE_FIELDS
    list_display_base = ["short_name_en", "short_name_ar", "iso3", "iso2"]
    search_fields = [
        "iso3", "iso2", "m49",
        "short_name_en", "short_name_ar", "short_name_fr", "short_name_es",
        "formal_name_en", "formal_name_ar", "formal_name_fr", "formal_name_es",
        "former_names__short_name_en", "former_names__short_name_ar",
    ]  # fmt: skip
    list_filter = ["un_member"]
    inlines = [StateNameInline, TreatyEventInline, ObligationInline]

    def get_queryset(self, request):
        # Every State's events in one query: the status columns are computed in Python.
        return super().get_queryset(request).with_events()

    def get_list_display(self, request):
        # Treaty status is public (the depositary publishes it), so every convention gets a column;
        # the events themselves, with their notes, stay with the convention's ISU.
        on_date = timezone.localdate()
        return [*self.list_display_base, *(status_column(c, on_date) for c in Convention.objects.all())]

    def service_create(self, request, data):
        return services.state_create(actor=request.user, **data)

    def service_update(self, request, obj, data):
        return services.state_update(actor=request.user, state=obj, **data)

    def service_delete(self, request, obj):
        services.state_delete(actor=request.user, state=obj)


@admin.register(TreatyEvent)
class TreatyEventAdmin(PortalImportExportMixin, ConventionScopedAdmin):
    resource_classes = [TreatyEventResource]
    list_display = ["state", "convention", "kind", "date", "effective_date", "effect_deferred"]
    list_filter = [("convention", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["state", "convention"]
    search_fields = ["state__iso3", "state__short_name_en", "state__short_name_ar", "source"]
    date_hierarchy = "date"
    autocomplete_fields = ["state"]
    fields = ["state", "convention", "kind", "date", "effective_date", "effect_deferred", "source", "notes"]
    service_fields = ["state", "convention", *services.EVENT_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return ["state", "convention"] if obj is not None else []

    def service_create(self, request, data):
        state, convention = data.pop("state"), data.pop("convention")
        return services.treaty_event_create(actor=request.user, state=state, convention=convention, **data)

    def service_update(self, request, obj, data):
        data.pop("state", None)
        data.pop("convention", None)
        return services.treaty_event_update(actor=request.user, event=obj, **data)

    def service_delete(self, request, obj):
        services.treaty_event_delete(actor=request.user, event=obj)


@admin.register(Obligation)
class ObligationAdmin(ConventionScopedAdmin):
    list_display = ["state", "convention", "kind", "completed_on"]
    list_filter = [("convention", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["state", "convention"]
    search_fields = ["state__iso3", "state__short_name_en", "state__short_name_ar"]
    autocomplete_fields = ["state"]
    fields = ["state", "convention", "kind", "completed_on", "source"]
    service_fields = fields

    def get_readonly_fields(self, request, obj=None):
        return ["state", "convention"] if obj is not None else []

    def service_create(self, request, data):
        state, convention = data.pop("state"), data.pop("convention")
        return services.obligation_save(actor=request.user, state=state, convention=convention, **data)

    def service_update(self, request, obj, data):
        data.pop("state", None)
        data.pop("convention", None)
        return services.obligation_save(actor=request.user, obligation=obj, **data)

    def service_delete(self, request, obj):
        services.obligation_delete(actor=request.user, obligation=obj)
