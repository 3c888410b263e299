from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_tasks.signals import task_started

        from secretariat import (
            audit,  # noqa: F401 - registers the audit scopes of this app's records
            revisions,
            tasks,
        )

        task_started.connect(tasks.freeze_at_worker_start, dispatch_uid="secretariat_freeze_at_worker_start")
        # What generated documents read of the core records: see secretariat/revisions.py.
        from secretariat.models import (
            Convention,
            Obligation,
            Organisation,
            Person,
            State,
            StateName,
            TreatyEvent,
        )

        revisions.track(
            Convention, State, StateName, TreatyEvent, Obligation, Organisation, Person,
            scopes=lambda instance: [revisions.REFERENCE],
        )  # fmt: skip
