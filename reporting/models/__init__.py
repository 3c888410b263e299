from reporting.models.compliance import FollowUp, ReminderLog
from reporting.models.reports import Attachment, Report, ReportForm, ReportVersion
from reporting.models.templates import ColumnDefinition, FieldDefinition, FieldKind, FormSet, FormTemplate

__all__ = [
    "Attachment",
    "ColumnDefinition",
    "FieldDefinition",
    "FieldKind",
    "FollowUp",
    "FormSet",
    "FormTemplate",
    "ReminderLog",
    "Report",
    "ReportForm",
    "ReportVersion",
]
