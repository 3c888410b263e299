"""What a write to the reporting records invalidates (secretariat/revisions.py).

- ``report:<id>``: a report and its submitted versions (the report PDF and its receipt);
- ``reporting:<convention id>``: every report and follow-up the compliance table counts;
- ``forms:<form set id>``: the wording of a form set, which the report PDF prints
  (``services.form_set_definitions_changed`` raises it with the set's ``definitions_revision``).

Drafts are not tracked: no generated document reads a form being edited, so the autosave raises
nothing and locks no revision row.
"""

from __future__ import annotations

from secretariat import revisions


def report_scope(report_id: int) -> str:
    return revisions.scope("report", report_id)


def convention_scope(convention_id: int) -> str:
    return revisions.scope("reporting", convention_id)


def forms_scope(form_set_id: int) -> str:
    return revisions.scope("forms", form_set_id)


def register() -> None:
    from reporting.models import FollowUp, Report, ReportVersion

    revisions.track(
        Report, scopes=lambda report: [report_scope(report.pk), convention_scope(report.convention_id)]
    )
    revisions.track(
        ReportVersion,
        scopes=lambda version: [
            report_scope(version.report_id),
            convention_scope(version.report.convention_id),
        ],
    )
    revisions.track(FollowUp, scopes=lambda follow_up: [convention_scope(follow_up.convention_id)])
