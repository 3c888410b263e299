from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from secretariat.audit import by_convention, register_audit_scope

        # The trail and history of a meeting's records: the ISU of the meeting's convention.
        for label, path in {
            "meetings.meeting": "convention",
            "meetings.mandate": "convention",
            "meetings.session": "meeting__convention",
            "meetings.agendaitem": "meeting__convention",
            "meetings.participation": "meeting__convention",
            "meetings.document": "meeting__convention",
            "meetings.documentfile": "document__meeting__convention",
            "meetings.decision": "meeting__convention",
            "meetings.decisionitem": "decision__meeting__convention",
            "meetings.documentbuild": "meeting__convention",
        }.items():
            register_audit_scope(label, by_convention(label, path))

        from meetings import revisions

        revisions.register()
