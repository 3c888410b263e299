"""Every write to Article 7 reports: open a draft, save forms, attach files, submit, correct; the ISU's acts.

All services are keyword-only, check the actor's permission (reporting/rules.py), validate, write in
one transaction and leave an audit entry. A refusal is a ValidationError naming the field (and for
form content the row and column, see reporting.validation.FormErrors); a permission refusal is
PermissionDenied, but views fetch through reporting.selectors first, so an outsider gets a 404.

Views stay thin, e.g. the delegate's form page:

    report = services.report_open(actor=user, state=state, convention=convention, year=2024)
    form = selectors.report_form_get(viewer=user, report_id=report.pk, letter="C")
    try:
        services.form_save(actor=user, report_form=form, data=posted, expected_revision=int(POST["revision"]))
    except RevisionConflict: ...      # someone saved in between: show their version beside the user's input
    except FormErrors as error: ...   # error.field_errors: field, row, column, message
"""

from __future__ import annotations

import datetime
import functools
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import compliance, selectors
from reporting.files import check_upload
from reporting.models import Attachment, FollowUp, FormSet, Report, ReportForm, ReportVersion
from reporting.models.reports import attachment_path
from reporting.revisions import forms_scope
from reporting.validation import FieldError, FormErrors, check_text, clean_form_data
from reporting.versions import build_snapshot
from secretariat.audit import audit, diff, snapshot
from secretariat.models import Convention, State
from secretariat.permissions import check_can
from secretariat.revisions import bump_revision
from secretariat.treaties import state_entry_into_force


class RevisionConflict(ValidationError):
    """The form was saved by someone else since the caller read it (optimistic lock)."""

    def __init__(self, report_form: ReportForm):
        self.report_form = report_form
        who = report_form.updated_by.get_username() if report_form.updated_by_id else _("someone")
        when = timezone.localtime(report_form.updated_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(
            _(
                "Form %(letter)s was changed by %(who)s at %(when)s after you opened it. Your input has not been "
                "saved: compare it with theirs, then save again."
            )
            % {"letter": report_form.template.letter, "who": who, "when": when},
            code="conflict",
        )


class ChecklistError(ValidationError):
    """A report cannot be submitted yet; ``items`` is the checklist of what is missing."""

    def __init__(self, items: list[FieldError], form_letters: list[str]):
        self.items = items
        grouped: dict[str, list[str]] = {}
        for item, letter in zip(items, form_letters, strict=True):
            grouped.setdefault(f"{letter}:{item.key}", []).append(item.full_message)
        super().__init__(grouped)


# ---------------------------------------------------------------------------------------------
# Opening a report
# ---------------------------------------------------------------------------------------------


def _due(state: State, convention: Convention, kind: str, year: int | None) -> tuple[int, datetime.date]:
    """(year, due date) of the report, or a ValidationError saying why the State owes no such report."""
    events = list(state.treaty_events.filter(convention=convention).select_related("convention"))
    in_force = state_entry_into_force(events)
    if in_force is None:
        raise ValidationError(
            {
                "state": _("%(state)s is not bound by the %(convention)s.")
                % {"state": state, "convention": convention}
            }
        )
    if kind == Report.Kind.INITIAL:
        year, due = in_force.year, compliance.initial_due_date(convention, in_force)
    else:
        if year is None:
            raise ValidationError({"year": _("Say which calendar year the report covers.")})
        first = compliance.first_annual_year(in_force)
        if year < first:
            raise ValidationError(
                {
                    "year": _("The first annual report of %(state)s covers %(first)s.")
                    % {"state": state, "first": first}
                }
            )
        if year > timezone.localdate().year:
            raise ValidationError({"year": _("A report cannot cover a year that has not begun.")})
        due = compliance.annual_due_date(convention, year)
    withdrawn = compliance.withdrawal_date(events, convention)
    if withdrawn is not None and due >= withdrawn:
        raise ValidationError(
            {
                "year": _("%(state)s withdrew from the %(convention)s: no report is due.")
                % {"state": state, "convention": convention}
            }
        )
    return year, due


def _create_report(state, convention, kind, year, due) -> Report:
    form_set = selectors.form_set_for(convention, due)
    if form_set is None:
        raise ValidationError(
            {
                "convention": _("No Article 7 forms are defined for the %(convention)s.")
                % {"convention": convention}
            }
        )
    report = Report(state=state, convention=convention, kind=kind, year=year, due_date=due, form_set=form_set)
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: two delegates opening at once both get the one report
            report.save()
    except IntegrityError:
        return Report.objects.get(state=state, convention=convention, kind=kind, year=year)
    ReportForm.objects.bulk_create(
        [ReportForm(report=report, template=template) for template in form_set.forms.all()]
    )
    return report


@transaction.atomic
def report_open(
    *, actor, state: State, convention: Convention, year: int | None = None, kind: str = Report.Kind.ANNUAL
) -> Report:
    """The State's report for the year (annual) or its initial report; a draft is created when missing,
    with one form per template of the form set valid on its due date."""
    check_can(actor, "reporting.add_report", Report(state=state, convention=convention))
    year, due = _due(state, convention, kind, year)
    existing = Report.objects.filter(state=state, convention=convention, kind=kind, year=year).first()
    if existing is not None:
        return existing
    report = _create_report(state, convention, kind, year, due)
    audit(actor, "reporting.report.opened", report, {"kind": kind, "year": year, "due_date": due.isoformat()})
    return report


# ---------------------------------------------------------------------------------------------
# Forms of the working copy
# ---------------------------------------------------------------------------------------------


def _lock_editable(actor, report_form: ReportForm) -> Report:
    # Locking the report row serialises saves with a concurrent submission (report_submit locks it
    # FOR UPDATE before it snapshots the forms): no save lands between the snapshot of a version and
    # the report leaving the draft state. Only the report row (of=self, no joins): locking its State
    # and convention rows too would queue every save of a convention behind one another on deadline
    # day. FOR NO KEY UPDATE (no_key): it conflicts with the submission's FOR UPDATE but not with the
    # key-share locks of rows inserted with a foreign key to the report (attachments, versions).
    report = (
        Report.objects.select_for_update(of=("self",), no_key=True)
        .only("state_id", "convention_id", "status", "correction_open")
        .get(pk=report_form.report_id)
    )
    check_can(actor, "reporting.change_report", report)
    if not report.is_editable:
        raise ValidationError(
            {
                "status": _(
                    "This report has been submitted; it is not changed any more. Open a correction to change it."
                )
            }
        )
    return report


def _write(actor, report_form: ReportForm, expected_revision: int, **values) -> ReportForm:
    """Compare-and-swap on the revision: one UPDATE that succeeds only if nobody saved in between."""
    now = timezone.now()
    updated = ReportForm.objects.filter(pk=report_form.pk, revision=expected_revision).update(
        revision=F("revision") + 1,
        updated_at=now,
        updated_by=actor if actor.is_authenticated else None,
        **values,
    )
    if not updated:
        current = ReportForm.objects.select_related("template", "updated_by").get(pk=report_form.pk)
        raise RevisionConflict(current)
    for name, value in values.items():
        setattr(report_form, name, value)
    report_form.revision = expected_revision + 1
    report_form.updated_at, report_form.updated_by = now, actor
    return report_form


@transaction.atomic
def form_save(
    *, actor, report_form: ReportForm, data: dict, expected_revision: int, strict: bool = False
) -> ReportForm:
    """Save the whole content of one form (marks it "changed"). Values are validated against the field
    definitions: every problem is reported at once in FormErrors, and nothing is written. Missing
    required values are allowed in a draft (the submission checklist lists them) unless ``strict``.

    The one save of a form, whatever calls it (the form page, the browser's autosave, the workbook
    import) and on every database: the locked report row (editability and permission), the
    compare-and-swap on the revision (a stale one is a RevisionConflict, never a lost save) and the
    audit entry, in one transaction. The autosave reads ``report_form`` with
    ``selectors.delegate_form_for_save``; four statements then: the lock, the UPDATE, the audit INSERT
    (and the read of the user's roles if nothing cached them on the user)."""
    _lock_editable(actor, report_form)
    cleaned = clean_form_data(report_form.template, data, require=strict)
    before = report_form.data
    _write(
        actor,
        report_form,
        expected_revision,
        data=cleaned,
        choice=ReportForm.Choice.CHANGED,
        unchanged_since_year=None,
    )
    audit(
        actor,
        "reporting.form.saved",
        report_form,
        {"revision": report_form.revision, "changed": before != cleaned},
    )
    return report_form


def previous_content(report_form: ReportForm) -> tuple[int, dict] | None:
    """(year, content) of this form in the State's last submitted report before this one, following
    "unchanged since" back to the year the content was given."""
    report = report_form.report
    earlier = (
        ReportVersion.objects.filter(
            report__state_id=report.state_id, report__convention_id=report.convention_id
        )
        .exclude(report=report)
        .filter(
            Q(report__year__lt=report.year) | Q(report__year=report.year, report__kind=Report.Kind.INITIAL)
        )
        .select_related("report")
        .order_by("-report__year", "report__kind", "-number")  # "annual" sorts before "initial" within a year
    )
    letter = report_form.template.letter
    for version in earlier.iterator():
        form = version.snapshot.get("forms", {}).get(letter)
        if form is None or not form.get("choice"):
            continue
        since = (
            form.get("unchanged_since_year") if form.get("choice") == ReportForm.Choice.UNCHANGED else None
        )
        return since or version.report.year, form.get("data") or {}
    return None


@transaction.atomic
def form_mark_unchanged(*, actor, report_form: ReportForm, expected_revision: int) -> ReportForm:
    """ "No change since the last report": carries the last submitted content forward, read-only, with its year."""
    _lock_editable(actor, report_form)
    found = previous_content(report_form)
    if found is None:
        raise ValidationError(
            {
                "choice": _("Form %(letter)s has no earlier submitted report to carry forward; fill it in.")
                % {"letter": report_form.template.letter}
            }
        )
    year, content = found
    _write(
        actor,
        report_form,
        expected_revision,
        data=content,
        choice=ReportForm.Choice.UNCHANGED,
        unchanged_since_year=year,
    )
    audit(actor, "reporting.form.marked_unchanged", report_form, {"since": year})
    return report_form


@transaction.atomic
def form_mark_not_applicable(*, actor, report_form: ReportForm, expected_revision: int) -> ReportForm:
    _lock_editable(actor, report_form)
    _write(
        actor,
        report_form,
        expected_revision,
        data={},
        choice=ReportForm.Choice.NOT_APPLICABLE,
        unchanged_since_year=None,
    )
    audit(actor, "reporting.form.marked_not_applicable", report_form)
    return report_form


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------


# Storage is not transactional. Files are content-addressed (models.attachment_path: the report and the
# SHA-256), so an equal file within a report is stored once and shared by its attachments. A service
# that writes a file deletes it again if its transaction rolls back (even at COMMIT); a removed
# attachment's file is deleted once the removal commits, unless another attachment of the report (a
# submitted version's, say) still refers to it. Both deletions take the report's lock, which every
# write of its attachments holds, so an upload cannot reuse a file while it is being deleted.
_files_written: ContextVar[list | None] = ContextVar("reporting_files_written", default=None)


def _delete_unreferenced(report_id: int, name: str) -> None:
    storage = Attachment._meta.get_field("file").storage
    with transaction.atomic():
        list(Report.objects.select_for_update().filter(pk=report_id).values_list("pk", flat=True))
        if not Attachment.objects.filter(file=name).exists():
            storage.delete(name)


def _deletes_files_on_rollback(service):
    """Around a service whose own ``transaction.atomic`` is inside: files that the service wrote are
    deleted if it raises (its transaction, or savepoint, was rolled back)."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        written: list = []
        token = _files_written.set(written)
        try:
            return service(*args, **kwargs)
        except BaseException:
            for report_id, name in written:
                _delete_unreferenced(report_id, name)
            raise
        finally:
            _files_written.reset(token)

    return wrapper


def _store_attachment(
    actor, report: Report, checked, *, form=None, purpose=Attachment.Purpose.SUPPORTING, description=""
) -> Attachment:
    """Call with the report locked, inside a service wrapped by ``_deletes_files_on_rollback``."""
    attachment = Attachment(
        report=report, form=form, purpose=purpose, original_name=checked.name, content_type=checked.content_type,
        size=len(checked.content), sha256=checked.sha256, description=description[:300],
        uploaded_by=actor if actor.is_authenticated else None,
    )  # fmt: skip
    storage = attachment.file.storage
    name = attachment_path(attachment, checked.name)
    if storage.exists(name):
        attachment.file.name = name  # the same bytes are stored already: share them
    else:
        attachment.file.name = storage.save(name, ContentFile(checked.content))
        written = _files_written.get()
        if written is None:
            storage.delete(attachment.file.name)
            raise RuntimeError("_store_attachment outside a service that deletes its files on rollback")
        written.append((report.pk, attachment.file.name))
    attachment.save()
    return attachment


def _check_description(description: str) -> None:
    try:
        check_text(description)
    except ValueError as error:
        raise ValidationError({"description": str(error)}) from None


@_deletes_files_on_rollback
@transaction.atomic
def attachment_add(
    *, actor, report: Report, file, form: ReportForm | None = None, description: str = ""
) -> Attachment:
    """Attach a PDF, PNG or JPEG (checked by content, size-limited) to a report being written."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("state", "convention").get(pk=report.pk)
    )
    check_can(actor, "reporting.change_report", report)
    if not report.is_editable:
        raise ValidationError(
            {
                "file": _(
                    "This version has been submitted: nothing can be attached to it. Open a correction first."
                )
            }
        )
    if form is not None and form.report_id != report.pk:
        raise ValidationError({"form": _("This form belongs to another report.")})
    _check_description(description)
    checked = check_upload(file)
    attachment = _store_attachment(actor, report, checked, form=form, description=description)
    audit(
        actor, "reporting.attachment.added", attachment, {"sha256": checked.sha256, "size": attachment.size}
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove an attachment that is not yet part of a submitted version."""
    report = Report.objects.select_for_update().get(pk=attachment.report_id)
    check_can(actor, "reporting.change_report", report)
    if attachment.frozen or not report.is_editable:
        raise ValidationError({"file": _("This file is part of a submitted version and stays with it.")})
    audit(actor, "reporting.attachment.removed", attachment, {"sha256": attachment.sha256})
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(functools.partial(_delete_unreferenced, report.pk, name))


# ---------------------------------------------------------------------------------------------
# Submission, correction
# ---------------------------------------------------------------------------------------------


def report_checklist(report: Report, forms: list[ReportForm] | None = None) -> list[tuple[str, FieldError]]:
    """What is still missing before the report can be submitted: (form letter, item) pairs."""
    forms = selectors.report_forms(report) if forms is None else forms
    items: list[tuple[str, FieldError]] = []
    for form in forms:
        template = form.template
        where = _("Form %(letter)s") % {"letter": template.letter}
        if not form.choice:
            if not template.voluntary:
                message = _(
                    "Say whether the form changed, is unchanged since the last report, or does not apply."
                )
                items.append((template.letter, FieldError("choice", None, None, message, where)))
            continue
        if form.choice != ReportForm.Choice.CHANGED:
            continue
        try:
            clean_form_data(template, form.data or {}, require=True)
        except FormErrors as errors:
            items.extend((template.letter, item) for item in errors.field_errors)
    return items


def _freeze(actor, report: Report, *, at: datetime.datetime, via: str, comment: str) -> ReportVersion:
    """Insert the next version of the report from its working copy; never updates an existing version."""
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if number > 1 and not comment.strip():
        raise ValidationError({"comment": _("A correction needs a comment saying what was corrected.")})
    forms = selectors.report_forms(report)
    attachments = list(report.attachments.select_related("form__template"))
    version = ReportVersion.objects.create(
        report=report, number=number, snapshot=build_snapshot(report, forms, attachments), comment=comment.strip(),
        submitted_at=at, submitted_by=actor if actor.is_authenticated else None, received_via=via,
    )  # fmt: skip
    report.attachments.filter(frozen=False).update(frozen=True)
    fields = ["correction_open", "received_via", "requested_visibility"]
    report.correction_open, report.received_via = False, via
    if report.status == Report.Status.DRAFT:
        report.status, report.submitted_at = Report.Status.SUBMITTED, at
        fields += ["status", "submitted_at"]
    report.save(update_fields=fields)
    return version


@transaction.atomic
def report_submit(
    *, actor, report: Report, comment: str = "", requested_visibility: str | None = None
) -> ReportVersion:
    """Submit the working copy: refused with the checklist if anything is missing; otherwise version
    n+1 is frozen, the time recorded, and a receipt sent once the transaction commits.

    ``requested_visibility`` is the State's wish for publication, recorded as such (on the report
    and in the version). It publishes nothing and changes no visibility: publication is the ISU's
    act (report_publish), and a correction of a published report stays unpublished until then."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("state", "convention", "form_set")
        .get(pk=report.pk)
    )
    check_can(actor, "reporting.change_report", report)
    if not report.is_editable:
        raise ValidationError(
            {"status": _("This report has already been submitted. Open a correction to change it.")}
        )
    if requested_visibility is not None:
        if requested_visibility not in Report.Visibility.values:
            raise ValidationError({"requested_visibility": _("Choose public or restricted.")})
        report.requested_visibility = requested_visibility
    missing = report_checklist(report)
    if missing:
        raise ChecklistError([item for _letter, item in missing], [letter for letter, _item in missing])
    version = _freeze(actor, report, at=timezone.now(), via=Report.ReceivedVia.PORTAL, comment=comment)
    audit(
        actor,
        "reporting.report.submitted",
        report,
        {"version": version.number, "requested_visibility": report.requested_visibility},
    )
    from reporting.tasks import send_submission_receipt

    transaction.on_commit(lambda: send_submission_receipt.enqueue(version_id=version.pk))
    return version


@transaction.atomic
def report_correct(*, actor, report: Report) -> Report:
    """Open a correction: the working copy is reset to the latest version and becomes editable again.
    Its submission will make version n+1; version n stays as it is."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("state", "convention").get(pk=report.pk)
    )
    check_can(actor, "reporting.change_report", report)
    if report.status == Report.Status.DRAFT:
        raise ValidationError(
            {"status": _("This report has not been submitted yet: it can simply be edited.")}
        )
    if report.correction_open:
        return report
    latest = report.versions.order_by("-number").first()
    forms = latest.snapshot.get("forms", {}) if latest else {}
    for form in ReportForm.objects.filter(report=report).select_related("template"):
        frozen = forms.get(form.template.letter, {})
        ReportForm.objects.filter(pk=form.pk).update(
            data=frozen.get("data") or {}, choice=frozen.get("choice") or "",
            unchanged_since_year=frozen.get("unchanged_since_year"), revision=F("revision") + 1,
        )  # fmt: skip
    report.correction_open = True
    report.save(update_fields=["correction_open"])
    audit(
        actor,
        "reporting.report.correction_opened",
        report,
        {"from_version": latest.number if latest else None},
    )
    return report


# ---------------------------------------------------------------------------------------------
# The ISU's acts
# ---------------------------------------------------------------------------------------------


@_deletes_files_on_rollback
@transaction.atomic
def report_record_received(
    *, actor, state: State, convention: Convention, kind: str = Report.Kind.ANNUAL, year: int | None = None,
    submitted_on: datetime.date, file, requested_visibility: str = Report.Visibility.PUBLIC, comment: str = "",
) -> ReportVersion:  # fmt: skip
    """Record a report that arrived by e-mail: the file is attached, the date of submission set, and a
    version frozen (a correction, with a comment, if the report was already submitted). The State's
    wish for publication is recorded; publishing is report_publish, as for any report."""
    check_can(actor, "reporting.record_received_report", Report(state=state, convention=convention))
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("The date of submission cannot be in the future.")})
    if requested_visibility not in Report.Visibility.values:
        raise ValidationError({"requested_visibility": _("Choose public or restricted.")})
    year, due = _due(state, convention, kind, year)
    report = Report.objects.filter(state=state, convention=convention, kind=kind, year=year).first()
    report = report or _create_report(state, convention, kind, year, due)
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("state", "convention", "form_set")
        .get(pk=report.pk)
    )
    checked = check_upload(file)
    _store_attachment(actor, report, checked, purpose=Attachment.Purpose.RECEIVED_REPORT, description=comment)
    report.requested_visibility = requested_visibility
    at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(12, 0)))
    version = _freeze(actor, report, at=at, via=Report.ReceivedVia.EMAIL, comment=comment)
    audit(
        actor,
        "reporting.report.received_by_email",
        report,
        {"version": version.number, "submitted_on": submitted_on.isoformat()},
    )
    return version


@transaction.atomic
def report_acknowledge(*, actor, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_can(actor, "reporting.acknowledge_report", report)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted report can be acknowledged.")})
    report.status, report.acknowledged_at = Report.Status.ACKNOWLEDGED, timezone.now()
    report.save(update_fields=["status", "acknowledged_at"])
    audit(actor, "reporting.report.acknowledged", report)
    return report


PUBLICATION_FIELDS = ["status", "visibility", "published_version", "published_at"]
PUBLICATION_AUDIT = ["status", "visibility", "published_version_id", "published_at"]


@transaction.atomic
def report_publish(*, actor, report: Report, visibility: str | None = None) -> Report:
    """The ISU publishes the latest submitted version of a report, public or restricted (by default
    as the State asked). Until the ISU publishes a later correction, the public and other States read
    this version (reporting.rules.published_report_scope). Publishing again with another visibility
    is how the ISU changes it."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    check_can(actor, "reporting.publish_report", report)
    latest = report.versions.order_by("-number").first()
    if report.status == Report.Status.DRAFT or latest is None:
        raise ValidationError({"status": _("A draft cannot be published.")})
    visibility = visibility or report.requested_visibility
    if visibility not in Report.Visibility.values:
        raise ValidationError({"visibility": _("Choose public or restricted.")})
    before = snapshot(report, PUBLICATION_AUDIT)
    report.status, report.visibility, report.published_version = Report.Status.PUBLISHED, visibility, latest
    report.published_at = report.published_at or timezone.now()
    report.save(update_fields=PUBLICATION_FIELDS)
    changes = diff(before, snapshot(report, PUBLICATION_AUDIT))
    audit(actor, "reporting.report.published", report, {**changes, "version": latest.number})
    return report


STAFF_FIELDS = ["staff_note"]


@transaction.atomic
def report_staff_update(*, actor, report: Report, **data) -> Report:
    """What the ISU may change on a report record: its own note. Everything else is the State's
    submission (immutable versions) or an act with its own service (record, acknowledge, publish).
    A draft is the State's until it submits: the ISU does not touch it."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    check_can(actor, "reporting.annotate_report", report)
    unknown = set(data) - set(STAFF_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    if report.status == Report.Status.DRAFT:
        raise ValidationError({"status": _("A draft is the State's until it is submitted.")})
    before = snapshot(report, STAFF_FIELDS)
    for name, value in data.items():
        setattr(report, name, value)
    report.full_clean(validate_unique=False, validate_constraints=False)
    changes = diff(before, snapshot(report, STAFF_FIELDS))
    if changes:
        report.save(update_fields=STAFF_FIELDS)
        audit(actor, "reporting.report.updated", report, changes)
    return report


FOLLOW_UP_FIELDS = ["date", "status", "note"]


@transaction.atomic
def follow_up_save(
    *,
    actor,
    follow_up: FollowUp | None = None,
    state: State | None = None,
    convention: Convention | None = None,
    **data,
) -> FollowUp:
    creating = follow_up is None
    follow_up = follow_up or FollowUp(state=state, convention=convention)
    check_can(actor, "reporting.add_followup" if creating else "reporting.change_followup", follow_up)
    before = {} if creating else snapshot(follow_up, FOLLOW_UP_FIELDS)
    unknown = set(data) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    for name, value in data.items():
        setattr(follow_up, name, value)
    follow_up.updated_by = actor
    follow_up.full_clean()
    follow_up.save()
    audit(
        actor,
        "reporting.followup." + ("created" if creating else "updated"),
        follow_up,
        diff(before, snapshot(follow_up, FOLLOW_UP_FIELDS)),
    )
    return follow_up


@transaction.atomic
def follow_up_delete(*, actor, follow_up: FollowUp) -> None:
    check_can(actor, "reporting.delete_followup", follow_up)
    audit(actor, "reporting.followup.deleted", follow_up, snapshot(follow_up))
    follow_up.delete()


# ---------------------------------------------------------------------------------------------
# Form templates (the admin's writes)
# ---------------------------------------------------------------------------------------------

# Editable even after a set is used: the wording. Everything else would change what saved content means.
WORDING = ("title_", "label_", "help_", "source", "choices")


def form_set_in_use(form_set_id: int) -> bool:
    return Report.objects.filter(form_set_id=form_set_id).exclude(status=Report.Status.DRAFT).exists() or (
        Report.objects.filter(form_set_id=form_set_id, correction_open=True).exists()
    )


def _form_set_id(instance) -> int | None:
    if isinstance(instance, FormSet):
        return instance.pk
    if hasattr(instance, "form_set_id"):
        return instance.form_set_id
    if hasattr(instance, "form"):
        return instance.form.form_set_id
    return instance.field.form.form_set_id


@transaction.atomic
def template_record_save(*, actor, instance, **data):
    """Create or change a form set, form, field or column. Once a set has been used by a submitted
    report only its wording may change: create a new version of the set for anything else."""
    label = instance._meta.model_name
    creating = instance.pk is None
    before = {} if creating else snapshot(instance)
    for name, value in data.items():
        setattr(instance, name, value)
    check_can(actor, f"reporting.{'add' if creating else 'change'}_{label}", instance)
    set_id = _form_set_id(instance)
    if set_id and form_set_in_use(set_id):
        structural = [
            name
            for name in data
            if not name.startswith(WORDING) and before.get(name, object()) != snapshot(instance, [name])[name]
        ]
        if creating or structural:
            raise ValidationError(
                {(structural or ["__all__"])[0]: _("This form set has been used by submitted reports: only titles, labels "
                                                   "and help texts can change. Create a new version of the set instead.")}
            )  # fmt: skip
    instance.full_clean()
    if isinstance(instance, FormSet) and not creating:
        # Never write back the revision read with the instance: only form_set_definitions_changed moves it.
        instance.save(update_fields=[
            f.name for f in FormSet._meta.concrete_fields if not f.primary_key and f.name != "definitions_revision"
        ])  # fmt: skip
    else:
        instance.save()
    form_set_definitions_changed(set_id or _form_set_id(instance))
    audit(
        actor,
        f"reporting.{label}." + ("created" if creating else "updated"),
        instance,
        diff(before, snapshot(instance)),
    )
    return instance


def form_set_definitions_changed(form_set_id: int | None) -> None:
    """Raise the set's definitions_revision: every process then reads its forms, fields and columns
    afresh (selectors.form_set_definitions caches them by set and revision), and the report PDFs
    that print the set's wording are rebuilt."""
    if form_set_id:
        FormSet.objects.filter(pk=form_set_id).update(definitions_revision=F("definitions_revision") + 1)
        bump_revision(forms_scope(form_set_id))  # and the report PDFs that print its wording


@transaction.atomic
def template_record_delete(*, actor, instance) -> None:
    label = instance._meta.model_name
    check_can(actor, f"reporting.delete_{label}", instance)
    set_id = _form_set_id(instance)
    if (set_id and form_set_in_use(set_id)) or (isinstance(instance, FormSet) and instance.reports.exists()):
        raise ValidationError(_("This form set is used by reports and cannot lose any part."))
    audit(actor, f"reporting.{label}.deleted", instance, snapshot(instance))
    instance.delete()
    form_set_definitions_changed(None if isinstance(instance, FormSet) else set_id)
