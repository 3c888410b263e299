"""The ISU's side of Article 7 reporting: reports by convention, year and status; acts through the services.

Follows secretariat/admin/base.py: object permissions from rules (reporting/rules.py), writes only
through reporting.services, convention scoping so staff see and change only their ISU's records.
Adding a report here means recording one received by e-mail (upload the file, set the date);
delegates' drafts are opened in the portal, never in the admin.

Staff never see a State's drafts: a report still in draft is not listed here (its page and history
answer 404), and of a submitted report the admin shows the submitted versions and their attachments,
never the working copy of a correction in progress (its unfrozen attachments, its history rows
from before the first submission). On a report's change page only the ISU's note is editable
(services.report_staff_update); a history "Revert" goes through the same service, so it restores
the note and nothing else. Publication and visibility are the actions "Publish…" (services.report_publish).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reporting import reminders, selectors, services
from reporting.models import (
    Attachment,
    ColumnDefinition,
    FieldDefinition,
    FollowUp,
    FormSet,
    FormTemplate,
    ReminderLog,
    Report,
    ReportVersion,
)
from secretariat.admin.base import (
    ConventionScopedAdmin,
    ReadOnlyAdmin,
    ServiceAdmin,
    ServiceInline,
    error_messages,
    viewer_conventions,
)


class ReportReceivedForm(forms.ModelForm):
    """The add form: a report that arrived by e-mail."""

    submitted_on = forms.DateField(label=_("Received on"), help_text=_("The date the State sent the report."))
    file = forms.FileField(label=_("Report file (PDF or image)"))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Report
        fields = ["state", "convention", "kind", "year", "requested_visibility"]

    def _post_clean(self):
        # The service decides (an existing report gets a new version); skip the model's own checks here.
        pass


class VersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = ["number", "submitted_at", "submitted_by", "received_via", "comment"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    """The attachments of the submitted versions only: a file added to a correction in progress is
    the State's until it submits."""

    model = Attachment
    extra = 0
    can_delete = False
    fields = readonly_fields = ["original_name", "purpose", "content_type", "size", "sha256", "uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(frozen=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("unpublished", _("Not published")),
            ("awaiting", _("Correction awaiting publication")),
            ("current", _("Latest version published")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unpublished":
            return queryset.filter(published_version__isnull=True)
        if self.value() == "awaiting":
            return queryset.filter(published_version__number__lt=F("latest_version"))
        if self.value() == "current":
            return queryset.filter(published_version__number=F("latest_version"))
        return queryset


@admin.register(Report)
class ReportAdmin(ConventionScopedAdmin):
    list_display = [
        "state",
        "convention",
        "kind",
        "year",
        "status",
        "due_date",
        "submitted_at",
        "received_via",
        "requested_visibility",
        "visibility",
        "publication",
        "correction_open",
    ]
    list_filter = ["convention", "year", "status", PublicationFilter, "kind", "received_via", "visibility"]
    list_select_related = ["state", "convention", "published_version"]
    search_fields = ["state__iso3", "state__short_name_en", "state__short_name_ar"]
    autocomplete_fields = ["state"]
    date_hierarchy = "due_date"
    inlines = [VersionInline, AttachmentInline]
    actions = ["acknowledge", "publish_public", "publish_restricted", "send_reminders"]
    service_fields = [
        "state", "convention", "kind", "year", "requested_visibility", "submitted_on", "file", "comment", "staff_note",
    ]  # fmt: skip
    change_fields = [
        "state", "convention", "kind", "year", "due_date", "form_set", "status", "received_via", "correction_open",
        "submitted_at", "acknowledged_at", "requested_visibility", "visibility", "published_version", "published_at",
        "staff_note",
    ]  # fmt: skip
    staff_fields = ["staff_note"]  # what services.report_staff_update may change

    def get_queryset(self, request):
        # A draft is the State's until it submits (reporting/views.py says the same for the pages).
        return (
            super()
            .get_queryset(request)
            .exclude(status=Report.Status.DRAFT)
            .annotate(latest_version=Max("versions__number"))
        )

    @admin.display(description=_("publication"))
    def publication(self, report) -> str:
        if report.published_version_id is None:
            return _("Not published")
        published = report.published_version.number
        if published < (report.latest_version or 0):
            return _("Version %(published)s published; version %(latest)s awaiting publication") % {
                "published": published, "latest": report.latest_version}  # fmt: skip
        return _("Version %(number)s published") % {"number": published}

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportReceivedForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["state", "convention", "kind", "year", "submitted_on", "file", "requested_visibility", "comment"]  # fmt: skip
        return self.change_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [name for name in self.change_fields if name not in self.staff_fields]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def service_create(self, request, data):
        version = services.report_record_received(actor=request.user, **data)
        return version.report

    def service_update(self, request, obj, data):
        return services.report_staff_update(actor=request.user, report=obj, **data)

    # History: the rows from before the first submission are the State's draft.
    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        qs = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return qs.exclude(status=Report.Status.DRAFT)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404(_("No such record."))
        history = Report.history.filter(id=object_id, history_id=version_id).exclude(
            status=Report.Status.DRAFT
        )
        if not history.exists():
            raise Http404(_("No such record."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def _each(self, request, queryset, act, done: str) -> None:
        count = 0
        for report in queryset:
            try:
                act(report)
                count += 1
            except ValidationError as error:
                for message in error_messages(error, Report):
                    self.message_user(request, f"{report}: {message}", messages.ERROR)
            except PermissionDenied:
                self.message_user(
                    request, _("%(report)s: not yours to change.") % {"report": report}, messages.ERROR
                )
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Acknowledge the selected reports"))
    def acknowledge(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.report_acknowledge(actor=request.user, report=r),
            _("%(count)s report(s) acknowledged."),
        )

    @admin.action(description=_("Publish the selected reports (public)"))
    def publish_public(self, request, queryset):
        self._each(
            request, queryset, lambda r: services.report_publish(actor=request.user, report=r, visibility=Report.Visibility.PUBLIC),
            _("%(count)s report(s) published."),
        )  # fmt: skip

    @admin.action(description=_("Publish the selected reports (restricted)"))
    def publish_restricted(self, request, queryset):
        self._each(
            request, queryset, lambda r: services.report_publish(actor=request.user, report=r, visibility=Report.Visibility.RESTRICTED),
            _("%(count)s report(s) published."),
        )  # fmt: skip

    @admin.action(description=_("Send the reminders due to the selected reports' States"))
    def send_reminders(self, request, queryset):
        conventions = {report.convention for report in queryset}
        try:
            sent = reminders.reminders_send(
                actor=request.user,
                conventions=sorted(conventions, key=lambda c: c.code),
                state_ids={r.state_id for r in queryset},
            )
        except PermissionDenied:
            self.message_user(
                request, _("You may send reminders only for your own convention."), messages.ERROR
            )
            return
        self.message_user(
            request,
            ngettext("%(count)s reminder sent.", "%(count)s reminders sent (none is sent twice).", len(sent))
            % {"count": len(sent)},
            messages.SUCCESS,
        )


# --- Form templates ------------------------------------------------------------------------------


class TemplateServiceMixin:
    """Form sets, forms, fields and columns: written by services.template_record_save."""

    def service_create(self, request, data):
        return services.template_record_save(actor=request.user, instance=self.model(), **data)

    def service_update(self, request, obj, data):
        return services.template_record_save(actor=request.user, instance=obj, **data)

    def service_delete(self, request, obj):
        services.template_record_delete(actor=request.user, instance=obj)


class ConventionViaFormSetMixin:
    convention_path = "form_set__convention_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        conventions = viewer_conventions(request)
        return qs if conventions is None else qs.filter(**{f"{self.convention_path}__in": conventions})


class FormTemplateInline(admin.TabularInline):
    model = FormTemplate
    extra = 0
    fields = ["letter", "order", "article_paragraph", "voluntary", "title_en", "title_ar"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FormSet)
class FormSetAdmin(TemplateServiceMixin, ConventionScopedAdmin):
    list_display = ["convention", "version", "title_en", "valid_from", "valid_to"]
    list_filter = ["convention"]
    inlines = [FormTemplateInline]
    fields = service_fields = [
        "convention", "version", "valid_from", "valid_to", "source", "title_en", "title_ar", "title_fr", "title_es",
    ]  # fmt: skip


class FieldInline(ServiceInline, admin.TabularInline):
    model = FieldDefinition
    extra = 0
    fields = service_fields = [
        "key",
        "order",
        "kind",
        "unit",
        "required",
        "label_en",
        "label_ar",
        "label_fr",
        "label_es",
    ]
    show_change_link = True

    def service_create(self, request, parent, data):
        return services.template_record_save(
            actor=request.user, instance=FieldDefinition(form=parent), **data
        )

    def service_update(self, request, obj, data):
        return services.template_record_save(actor=request.user, instance=obj, **data)

    def service_delete(self, request, obj):
        services.template_record_delete(actor=request.user, instance=obj)


@admin.register(FormTemplate)
class FormTemplateAdmin(ConventionViaFormSetMixin, TemplateServiceMixin, ServiceAdmin):
    list_display = ["form_set", "letter", "title_en", "article_paragraph", "voluntary"]
    list_filter = ["form_set__convention", "form_set"]
    list_select_related = ["form_set__convention"]
    inlines = [FieldInline]
    fields = service_fields = [
        "form_set", "letter", "order", "article_paragraph", "voluntary",
        "title_en", "title_ar", "title_fr", "title_es", "help_en", "help_ar", "help_fr", "help_es",
    ]  # fmt: skip


class ColumnInline(ServiceInline, admin.TabularInline):
    model = ColumnDefinition
    extra = 0
    fields = service_fields = [
        "key",
        "order",
        "kind",
        "unit",
        "required",
        "total",
        "label_en",
        "label_ar",
        "label_fr",
        "label_es",
    ]

    def service_create(self, request, parent, data):
        return services.template_record_save(
            actor=request.user, instance=ColumnDefinition(field=parent), **data
        )

    def service_update(self, request, obj, data):
        return services.template_record_save(actor=request.user, instance=obj, **data)

    def service_delete(self, request, obj):
        services.template_record_delete(actor=request.user, instance=obj)


@admin.register(FieldDefinition)
class FieldDefinitionAdmin(ConventionViaFormSetMixin, TemplateServiceMixin, ServiceAdmin):
    convention_path = "form__form_set__convention_id"
    list_display = ["form", "key", "kind", "unit", "required", "label_en"]
    list_filter = ["form__form_set__convention", "kind", "required"]
    list_select_related = ["form__form_set__convention"]
    search_fields = ["key", "label_en", "label_ar"]
    inlines = [ColumnInline]
    fields = service_fields = [
        "form", "key", "order", "kind", "unit", "required", "choices",
        "label_en", "label_ar", "label_fr", "label_es", "help_en", "help_ar", "help_fr", "help_es",
    ]  # fmt: skip


# --- Follow-up and reminders ------------------------------------------------------------------------


@admin.register(FollowUp)
class FollowUpAdmin(ConventionScopedAdmin):
    """The President's follow-up. The changelist also shows who needs one (selectors.compliance_dashboard)."""

    list_display = ["state", "convention", "date", "status", "note"]
    list_filter = ["convention", "status"]
    list_select_related = ["state", "convention"]
    autocomplete_fields = ["state"]
    fields = ["state", "convention", "date", "status", "note"]
    service_fields = fields

    def service_create(self, request, data):
        return services.follow_up_save(actor=request.user, **data)

    def service_update(self, request, obj, data):
        data.pop("state", None), data.pop("convention", None)
        return services.follow_up_save(actor=request.user, follow_up=obj, **data)

    def service_delete(self, request, obj):
        services.follow_up_delete(actor=request.user, follow_up=obj)

    def changelist_view(self, request, extra_context=None):
        conventions = viewer_conventions(request)
        dashboard = selectors.compliance_dashboard(on=timezone.localdate())
        rows = [
            row
            for block in dashboard.conventions
            if conventions is None or block.convention.pk in conventions
            for row in block.follow_up
        ]
        context = {"follow_up_needed": rows, **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "state", "convention", "year", "kind", "due_date", "sent_by"]
    list_filter = ["convention", "kind", "year"]
    list_select_related = ["state", "convention", "sent_by"]

    def has_module_permission(self, request):
        return bool(viewer_conventions(request) is None or viewer_conventions(request))

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reporting.view_reminderlog", obj)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        conventions = viewer_conventions(request)
        return qs if conventions is None else qs.filter(convention_id__in=conventions)
