"""Permissions of the reporting app (django-rules; autodiscovered by rules.apps.AutodiscoverRulesConfig).

Built on the shared predicates of secretariat.permissions: a delegate acts for their own State under
their own convention; ISU staff act on their convention's reports; the public reads published, public ones.
"""

import rules

from secretariat.permissions import is_delegate_of, is_isu_staff_of


def _report(obj):
    return getattr(obj, "report", obj)


@rules.predicate
def is_public_report(user, obj) -> bool:
    report = _report(obj)
    return bool(report is not None and report.status == "published" and report.visibility == "public")


# Reports: read; open a draft, save forms, attach, submit, correct (the delegate's work, or staff's on their behalf).
rules.add_perm("reporting.view_report", is_isu_staff_of | is_delegate_of | is_public_report)
rules.add_perm("reporting.add_report", is_isu_staff_of | is_delegate_of)
rules.add_perm("reporting.change_report", is_isu_staff_of | is_delegate_of)
rules.add_perm("reporting.delete_report", rules.always_deny)  # a report is a record of what a State did
rules.add_perm("reporting.view_reportversion", is_isu_staff_of | is_delegate_of | is_public_report)
rules.add_perm("reporting.view_attachment", is_isu_staff_of | is_delegate_of | is_public_report)
# The ISU's own acts.
for action in ("record_received", "acknowledge", "publish"):
    rules.add_perm(f"reporting.{action}_report", is_isu_staff_of)
rules.add_perm("reporting.send_reminders", is_isu_staff_of)
rules.add_perm("reporting.view_reminderlog", is_isu_staff_of)
for model in ("followup", "formset", "formtemplate", "fielddefinition", "columndefinition"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reporting.{action}_{model}", is_isu_staff_of)
