"""The meetings admin: every save goes through meetings.services (secretariat.admin.base patterns).

Meetings carry their sessions, agenda, participants and officers as inlines; documents (with
their files and lineage) and decisions (with their sub-items) have their own pages. Only the ISU
of the meeting's convention sees and changes its records (rules: meetings.*).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from meetings import selectors, services
from meetings.models import (
    AgendaItem,
    Decision,
    DecisionItem,
    Document,
    DocumentBuild,
    DocumentFile,
    Mandate,
    Meeting,
    Participation,
    Session,
)
from meetings.resources import DocumentResource, ParticipationResource
from secretariat.admin.base import (
    ConventionScopedAdmin,
    ServiceAdmin,
    ServiceInline,
    error_messages,
    viewer_conventions,
)
from secretariat.admin.imports import PortalImportExportMixin
from secretariat.treaties import meeting_category

CATEGORY_LABELS = {
    "state_party": _("State Party"),
    "ratified_not_in_force": _("Ratified, not yet in force"),
    "signatory": _("Signatory (observer)"),
    "observer_state": _("Other observer State"),
    "organisation_1_2": _("Organisation, rule 1(2)"),
    "organisation_1_3": _("Organisation, rule 1(3)"),
}


class MeetingScopedMixin:
    """Records of a meeting: only those of the user's ISU's conventions, and only its meetings to pick."""

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("meeting", "meeting__convention")
        conventions = viewer_conventions(request)
        return qs if conventions is None else qs.filter(meeting__convention_id__in=conventions)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "meeting":
            conventions = viewer_conventions(request)
            qs = Meeting.objects.select_related("convention")
            kwargs["queryset"] = qs if conventions is None else qs.filter(convention_id__in=conventions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Meeting and its inlines ------------------------------------------------------------------------


class SessionInline(ServiceInline, admin.TabularInline):
    model = Session
    extra = 0
    fields = services.SESSION_FIELDS
    service_fields = services.SESSION_FIELDS

    def service_create(self, request, parent, data):
        return services.session_add(actor=request.user, meeting=parent, **data)

    def service_update(self, request, obj, data):
        return services.session_update(actor=request.user, session=obj, **data)

    def service_delete(self, request, obj):
        services.session_delete(actor=request.user, session=obj)


class AgendaItemInline(ServiceInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["label_en", "parent", "number", "title_en", "title_ar", "title_fr", "title_es"]
    readonly_fields = ["label_en"]
    service_fields = ["parent", "number", *services.AGENDA_TITLE_FIELDS]

    @admin.display(description=_("item"))
    def label_en(self, obj):
        return obj.label("en") if obj.pk else ""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent__parent")
            .order_by("parent__parent__number", "parent__number", "number")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            meeting_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id).select_related(
                "parent__parent"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_create(self, request, parent, data):
        return services.agenda_item_add(actor=request.user, meeting=parent, **data)

    def service_update(self, request, obj, data):
        parent, number = data.pop("parent", obj.parent), data.pop("number", obj.number)
        if parent != obj.parent or number != obj.number:
            obj = services.agenda_item_move(actor=request.user, item=obj, parent=parent, number=number)
        return services.agenda_item_update(actor=request.user, item=obj, **data)

    def service_delete(self, request, obj):
        services.agenda_item_delete(actor=request.user, item=obj)


class ParticipationInline(ServiceInline, admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["state", "organisation", "category", "head_of_delegation", "delegates_count", "delegates"]
    readonly_fields = ["category"]
    autocomplete_fields = ["state", "organisation", "head_of_delegation"]
    service_fields = services.PARTICIPATION_FIELDS

    @admin.display(description=_("category (computed)"))
    def category(self, obj):
        if not obj.pk:
            return ""
        return CATEGORY_LABELS[meeting_category(obj.participant, obj.meeting)]

    def get_queryset(self, request):
        return selectors.participations_for_admin(super().get_queryset(request))

    def service_create(self, request, parent, data):
        return services.participation_add(actor=request.user, meeting=parent, **data)

    def service_update(self, request, obj, data):
        return services.participation_update(actor=request.user, participation=obj, **data)

    def service_delete(self, request, obj):
        services.participation_delete(actor=request.user, participation=obj)


class OfficerInline(ServiceInline, admin.TabularInline):
    """The officers of this meeting (President, Vice-Presidents, friends of the President ...)."""

    model = Mandate
    fk_name = "meeting"
    extra = 0
    verbose_name = _("officer")
    verbose_name_plural = _("officers of the meeting")
    fields = [
        "role",
        "state",
        "person",
        "subject_en",
        "subject_ar",
        "start_date",
        "starts_with_end_of",
        "ends_with_end_of",
        "order",
    ]
    autocomplete_fields = ["state", "person"]
    service_fields = [f for f in fields]

    def service_create(self, request, parent, data):
        return services.mandate_add(actor=request.user, convention=parent.convention, meeting=parent, **data)

    def service_update(self, request, obj, data):
        return services.mandate_update(actor=request.user, mandate=obj, **data)

    def service_delete(self, request, obj):
        services.mandate_delete(actor=request.user, mandate=obj)


STATUS_ACTIONS = [
    ("open", _("Open the selected meetings")),
    ("closed", _("Close the selected meetings")),
    ("report_adopted", _("Mark the final report as adopted")),
    ("published", _("Publish the selected meetings")),
]


def _status_action(status: str, description):
    def action(modeladmin, request, queryset):
        for meeting in queryset:
            try:
                services.meeting_set_status(actor=request.user, meeting=meeting, status=status)
            except ValidationError as error:
                for message in error_messages(error, Meeting):
                    modeladmin.message_user(request, f"{meeting}: {message}", messages.ERROR)
            else:
                modeladmin.message_user(
                    request, f"{meeting}: {Meeting.Status(status).label}", messages.SUCCESS
                )

    action.__name__ = f"set_status_{status}"
    action.short_description = description
    return action


@admin.action(description=_("Generate the final report (Arabic and English)"))
def generate_final_report(modeladmin, request, queryset):
    """Queue the final report in Arabic and English; the worker builds them (see the meeting's panel)."""
    for meeting in queryset:
        try:
            for language in ("ar", "en"):
                services.meeting_document_request(
                    actor=request.user, meeting=meeting, kind=DocumentBuild.Kind.FINAL_REPORT, language=language
                )
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{meeting}: {error}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("%(meeting)s: the final report is being generated.") % {"meeting": meeting}, messages.SUCCESS
            )


@admin.register(Meeting)
class MeetingAdmin(ConventionScopedAdmin):
    list_display = [
        "title_en",
        "convention",
        "kind",
        "ordinal",
        "start_date",
        "end_date",
        "city_en",
        "status",
    ]
    list_filter = ["convention", "kind", "status"]
    search_fields = ["title_en", "title_ar", "city_en", "symbol_prefix"]
    readonly_fields = ["status", "published_at"]
    autocomplete_fields = ["host_state"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "convention",
                    "kind",
                    "ordinal",
                    "status",
                    "published_at",
                    "symbol_prefix",
                    "final_report_symbol",
                ]
            },
        ),
        (
            _("Title and venue"),
            {
                "fields": [
                    "title_en",
                    "title_ar",
                    "title_fr",
                    "title_es",
                    "city_en",
                    "city_ar",
                    "city_fr",
                    "city_es",
                    "host_state",
                ]
            },
        ),
        (_("Dates"), {"fields": ["start_date", "end_date", "announced_start_date", "announced_end_date"]}),
    ]
    service_fields = ["convention", *services.MEETING_FIELDS]
    inlines = [SessionInline, AgendaItemInline, OfficerInline, ParticipationInline]
    actions = [
        *(_status_action(status, description) for status, description in STATUS_ACTIONS),
        generate_final_report,
    ]

    def get_readonly_fields(self, request, obj=None):
        # A meeting stays under its convention.
        return [*self.readonly_fields, "convention", "generated_documents"] if obj else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Generated documents"), {"fields": ["generated_documents"]})]

    @admin.display(description=_("Builds and previews"))
    def generated_documents(self, obj):
        """Previews of each document, and the latest background builds with status, progress and file."""
        services.document_builds_recover(actor=None, meeting=obj)  # a build whose worker died shows as such
        builds = list(obj.document_builds.select_related("requested_by")[:20])
        return render_to_string(
            "meetings/pdf/_admin_builds_panel.html",
            {
                "meeting": obj,
                "builds": builds,
                "kinds": DocumentBuild.Kind.choices,
                "languages": ["ar", "en"],
            },
        )

    def service_create(self, request, data):
        convention = data.pop("convention")
        return services.meeting_create(actor=request.user, convention=convention, **data)

    def service_update(self, request, obj, data):
        data.pop("convention", None)
        return services.meeting_update(actor=request.user, meeting=obj, **data)

    def service_delete(self, request, obj):
        services.meeting_delete(actor=request.user, meeting=obj)


@admin.register(Mandate)
class MandateAdmin(ConventionScopedAdmin):
    list_display = ["__str__", "convention", "role", "state", "person", "meeting", "term_start", "term_end"]
    list_filter = ["convention", "role"]
    search_fields = ["state__short_name_en", "state__short_name_ar", "person__family_name", "subject_en"]
    autocomplete_fields = ["state", "person"]
    fields = ["convention", *services.MANDATE_FIELDS]
    service_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("state", "person", "meeting", "starts_with_end_of", "ends_with_end_of")
        )

    def service_create(self, request, data):
        convention = data.pop("convention")
        return services.mandate_add(actor=request.user, convention=convention, **data)

    def service_update(self, request, obj, data):
        data.pop("convention", None)
        return services.mandate_update(actor=request.user, mandate=obj, **data)

    def service_delete(self, request, obj):
        services.mandate_delete(actor=request.user, mandate=obj)


@admin.register(Participation)
class ParticipationAdmin(PortalImportExportMixin, MeetingScopedMixin, ServiceAdmin):
    """The participants of every meeting, for import and export (entered on the meeting page)."""

    resource_classes = [ParticipationResource]
    list_display = ["meeting", "state", "organisation", "delegates_count"]
    list_filter = ["meeting"]
    fields = ["meeting", *services.PARTICIPATION_FIELDS]
    autocomplete_fields = ["state", "organisation", "head_of_delegation"]
    service_fields = fields

    def service_create(self, request, data):
        meeting = data.pop("meeting")
        return services.participation_add(actor=request.user, meeting=meeting, **data)

    def service_update(self, request, obj, data):
        data.pop("meeting", None)
        return services.participation_update(actor=request.user, participation=obj, **data)

    def service_delete(self, request, obj):
        services.participation_delete(actor=request.user, participation=obj)


# --- Documents --------------------------------------------------------------------------------------


class DocumentFileForm(forms.ModelForm):
    class Meta:
        model = DocumentFile
        fields = ["language", "file"]


class DocumentFileInline(ServiceInline, admin.TabularInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 0
    fields = ["language", "file", "file_format", "size", "sha256"]
    readonly_fields = ["file_format", "size", "sha256"]
    service_fields = ["language", "file"]

    def service_create(self, request, parent, data):
        return services.document_file_attach(
            actor=request.user, document=parent, language=data["language"], upload=data["file"]
        )

    def service_update(self, request, obj, data):
        return services.document_file_attach(
            actor=request.user, document=obj.document, language=data["language"], upload=data["file"]
        )

    def service_delete(self, request, obj):
        services.document_file_delete(actor=request.user, document_file=obj)


class DerivedDocumentInline(admin.TabularInline):
    """Lineage: the revisions, addenda and corrigenda of this document (registered by their symbol)."""

    model = Document
    fk_name = "parent"
    extra = 0
    fields = ["symbol", "relation", "relation_number", "title_en", "distribution"]
    readonly_fields = fields
    can_delete = False
    verbose_name = _("revision, addendum or corrigendum")
    verbose_name_plural = _("revisions, addenda and corrigenda")

    def has_add_permission(self, request, obj=None):
        return False


class DocumentForm(forms.ModelForm):
    symbol = forms.CharField(
        label=_("symbol"), max_length=80, help_text=_("CCM/MSP/2011/1, …/WP.3, …/1/Rev.1")
    )

    class Meta:
        model = Document
        fields = ["meeting", "symbol", *services.DOCUMENT_FIELDS]


@admin.register(Document)
class DocumentAdmin(PortalImportExportMixin, MeetingScopedMixin, ServiceAdmin):
    resource_classes = [DocumentResource]
    form = DocumentForm
    list_display = [
        "symbol",
        "title_en",
        "meeting",
        "series",
        "relation",
        "parent",
        "distribution",
        "issue_date",
    ]
    list_filter = ["meeting__convention", "meeting", "series", "distribution"]
    search_fields = ["symbol", "title_en", "title_ar"]
    readonly_fields = ["series", "parent", "relation", "relation_number"]
    fieldsets = [
        (None, {"fields": ["meeting", "symbol", "series", "parent", "relation", "relation_number"]}),
        (_("Titles"), {"fields": ["title_en", "title_ar", "title_fr", "title_es"]}),
        (None, {"fields": ["issue_date", "agenda_item", "distribution", "original_language"]}),
    ]
    service_fields = ["meeting", "symbol", *services.DOCUMENT_FIELDS]
    inlines = [DocumentFileInline, DerivedDocumentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent", "agenda_item")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            conventions = viewer_conventions(request)
            qs = AgendaItem.objects.select_related("meeting", "parent__parent")
            kwargs["queryset"] = (
                qs if conventions is None else qs.filter(meeting__convention_id__in=conventions)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_create(self, request, data):
        meeting = data.pop("meeting")
        return services.document_register(actor=request.user, meeting=meeting, **data)

    def service_update(self, request, obj, data):
        data.pop("meeting", None)
        return services.document_update(actor=request.user, document=obj, **data)

    def service_delete(self, request, obj):
        services.document_delete(actor=request.user, document=obj)


# --- Decisions --------------------------------------------------------------------------------------


class DecisionItemInline(ServiceInline, admin.StackedInline):
    model = DecisionItem
    extra = 0
    fields = ["parent", "order", "text_en", "text_ar", "closing_text_en", "closing_text_ar", "mandate"]
    service_fields = ["parent", "order", *services.DECISION_ITEM_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("parent__order", "parent_id", "order")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "parent":
            kwargs["queryset"] = DecisionItem.objects.filter(decision_id=object_id, parent=None)
        if db_field.name == "mandate":
            kwargs["queryset"] = Mandate.objects.filter(
                convention__meetings__decisions=object_id
            ).select_related("state", "person")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_create(self, request, parent, data):
        return services.decision_item_add(actor=request.user, decision=parent, **data)

    def service_update(self, request, obj, data):
        for name in ("parent", "order"):
            if data.get(name, getattr(obj, name)) != getattr(obj, name):
                raise ValidationError({name: _("Delete the sub-item and add it again to move it.")})
            data.pop(name, None)
        return services.decision_item_update(actor=request.user, item=obj, **data)

    def service_delete(self, request, obj):
        services.decision_item_delete(actor=request.user, item=obj)


@admin.register(Decision)
class DecisionAdmin(MeetingScopedMixin, ServiceAdmin):
    list_display = ["number", "meeting", "kind", "short_text"]
    list_display_links = ["number", "short_text"]
    list_filter = ["meeting__convention", "meeting", "kind"]
    search_fields = ["text_en", "text_ar"]
    ordering = ["meeting", "number"]
    fields = ["meeting", *services.DECISION_FIELDS]
    service_fields = fields
    inlines = [DecisionItemInline]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text_en[:120]

    def service_create(self, request, data):
        meeting = data.pop("meeting")
        return services.decision_add(actor=request.user, meeting=meeting, **data)

    def service_update(self, request, obj, data):
        data.pop("meeting", None)
        return services.decision_update(actor=request.user, decision=obj, **data)

    def service_delete(self, request, obj):
        services.decision_delete(actor=request.user, decision=obj)
