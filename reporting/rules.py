"""Permissions of the reporting app (django-rules; autodiscovered by rules.apps.AutodiscoverRulesConfig).

Built on the shared predicates of secretariat.permissions: a delegate acts for their own State under
their own convention; ISU staff act on their convention's reports.

Publication is the ISU's act (reporting.services.report_publish): the State states a wish on
submission, the ISU publishes a submitted version and sets its visibility. What others read of a
published report is that version, never the working copy or a later, unpublished correction:

- public: anyone, anonymous included;
- restricted: the ISU of the convention and the delegates of every State Party of that convention
  (what the submission form promises: "States Parties and the ISU").

``published_report_scope`` (selectors, a Q) and ``can_read_published_report`` (admin, views, API) are
both built from ``restricted_reader_convention_ids``: one rule, two forms.
"""

from __future__ import annotations

import rules
from django.db.models import Q
from django.utils import timezone

from secretariat.permissions import delegate_pairs, is_delegate_of, is_isu_staff_of, isu_convention_ids


def _report(obj):
    return getattr(obj, "report", obj)


def _is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def state_party_convention_ids(user) -> set[int]:
    """The conventions under which one of the user's States is a State Party today (one query, cached
    on the user for the request). A delegate of a signatory, or of a State that withdrew, is not one."""
    pairs = delegate_pairs(user)
    if not pairs:
        return set()
    cached = getattr(user, "_state_party_convention_ids", None)
    if cached is None:
        from secretariat.models import TreatyEvent
        from secretariat.treaties import Status, status_on

        wanted = Q(pk__in=[])
        for state_id, convention_id in pairs:
            wanted |= Q(state_id=state_id, convention_id=convention_id)
        events: dict[tuple[int, int], list] = {}
        for event in TreatyEvent.objects.filter(wanted).select_related("convention"):
            events.setdefault((event.state_id, event.convention_id), []).append(event)
        today = timezone.localdate()
        cached = {
            convention_id
            for (_state_id, convention_id), rows in events.items()
            if status_on(rows, today) == Status.STATE_PARTY
        }
        user._state_party_convention_ids = cached
    return cached


def restricted_reader_convention_ids(user) -> set[int]:
    """The conventions whose restricted published reports the user may read: those whose ISU they
    serve, and those under which one of their States is a State Party."""
    return isu_convention_ids(user) | state_party_convention_ids(user)


def published_report_scope(user) -> Q:
    """Reports whose published version the user may read (a Q over Report; superusers: all published)."""
    published = Q(published_version__isnull=False)
    if _is_superuser(user):
        return published
    readable = Q(visibility="public")
    if conventions := restricted_reader_convention_ids(user):
        readable |= Q(convention_id__in=conventions)
    return published & readable


@rules.predicate
def can_read_published_report(user, obj) -> bool:
    """published_report_scope for one report already read: the same rule, checked in Python."""
    report = _report(obj)
    if report is None or report.published_version_id is None:
        return False
    if _is_superuser(user) or report.visibility == "public":
        return True
    return report.convention_id in restricted_reader_convention_ids(user)


@rules.predicate
def is_published_version(user, obj) -> bool:
    """A version that the ISU published (the one others read), readable as its report is."""
    report = getattr(obj, "report", None)
    return bool(
        report is not None and report.published_version_id == obj.pk and can_read_published_report(user, obj)
    )


# Reports: read; open a draft, save forms, attach, submit, correct (the delegate's work, or staff's on their behalf).
rules.add_perm("reporting.view_report", is_isu_staff_of | is_delegate_of | can_read_published_report)
rules.add_perm("reporting.add_report", is_isu_staff_of | is_delegate_of)
rules.add_perm("reporting.change_report", is_isu_staff_of | is_delegate_of)
rules.add_perm("reporting.delete_report", rules.always_deny)  # a report is a record of what a State did
rules.add_perm("reporting.view_reportversion", is_isu_staff_of | is_delegate_of | is_published_version)
rules.add_perm("reporting.view_attachment", is_isu_staff_of | is_delegate_of)
# The ISU's own acts: publication and visibility included; a delegate only states the State's wish.
for action in ("record_received", "acknowledge", "publish", "annotate"):
    rules.add_perm(f"reporting.{action}_report", is_isu_staff_of)
rules.add_perm("reporting.send_reminders", is_isu_staff_of)
rules.add_perm("reporting.view_reminderlog", is_isu_staff_of)
for model in ("followup", "formset", "formtemplate", "fielddefinition", "columndefinition"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reporting.{action}_{model}", is_isu_staff_of)
