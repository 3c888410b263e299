from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
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
