from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        self._register_audit_scopes()
        # Cache invalidation only (as django.contrib.sites does for its cache), no workflow: a change
        # to a form definition in this process empties the cache of reporting.selectors at once;
        # other processes see the raised FormSet.definitions_revision.
        from reporting import revisions, selectors

        revisions.register()
        from reporting.models import ColumnDefinition, FieldDefinition, FormSet, FormTemplate

        for model in (FormSet, FormTemplate, FieldDefinition, ColumnDefinition):
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.form_set_definitions_clear,
                    sender=model,
                    dispatch_uid=f"reporting_definitions_{model.__name__}_{signal is post_save}",
                )

    @staticmethod
    def _register_audit_scopes() -> None:
        from secretariat.audit import PRIVATE, by_convention, register_audit_scope

        # Staff never see a State's drafts: the working forms are the State's alone, a report and an
        # attachment reach the ISU's trail once submitted (an attachment: once frozen into a version).
        register_audit_scope("reporting.reportform", PRIVATE)
        register_audit_scope(
            "reporting.report",
            lambda conventions: by_convention("reporting.report")(conventions).exclude(status="draft"),
        )
        register_audit_scope(
            "reporting.attachment",
            lambda conventions: by_convention("reporting.attachment", "report__convention")(
                conventions
            ).filter(frozen=True),
            keep_deleted=False,
        )
        for label, path in {
            "reporting.reportversion": "report__convention",
            "reporting.followup": "convention",
            "reporting.reminderlog": "convention",
            "reporting.formset": "convention",
            "reporting.formtemplate": "form_set__convention",
            "reporting.fielddefinition": "form__form_set__convention",
            "reporting.columndefinition": "field__form__form_set__convention",
        }.items():
            register_audit_scope(label, by_convention(label, path))
