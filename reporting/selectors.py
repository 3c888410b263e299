"""Permission-aware reads of Article 7 reports, and the compliance figures.

What a user may not see does not exist for them: every getter raises ``DoesNotExist`` (a 404 in a
view), never PermissionDenied, so a delegate cannot learn that another State has a draft.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from reporting import compliance
from reporting.compliance import Due, Rate, ReportState
from reporting.models import (
    FieldDefinition,
    FollowUp,
    FormSet,
    FormTemplate,
    Report,
    ReportForm,
    ReportVersion,
)
from reporting.rules import published_report_scope
from secretariat.models import Convention, Obligation, State, TreatyEvent
from secretariat.permissions import delegate_pairs, isu_convention_ids


def today() -> datetime.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def _is_superuser(viewer) -> bool:
    return bool(viewer and viewer.is_authenticated and viewer.is_active and viewer.is_superuser)


def _working_scope(viewer) -> Q | None:
    """Reports whose working copy the viewer may see (own State's, own ISU's); None: all of them."""
    if _is_superuser(viewer):
        return None
    scope = Q(pk__in=[])
    conventions = isu_convention_ids(viewer)
    if conventions:
        scope |= Q(convention_id__in=conventions)
    for state_id, convention_id in delegate_pairs(viewer):
        scope |= Q(state_id=state_id, convention_id=convention_id)
    return scope


def _in_working_scope(viewer, report: Report) -> bool:
    """_working_scope for one report already read: the same rule, checked in Python."""
    if _is_superuser(viewer):
        return True
    return report.convention_id in isu_convention_ids(viewer) or (
        (report.state_id, report.convention_id) in delegate_pairs(viewer)
    )


def report_queryset(*, viewer) -> QuerySet[Report]:
    """Every report the viewer may read: their own (delegate, staff) and the published ones they may
    read (reporting.rules.published_report_scope; of those, only the published version)."""
    qs = Report.objects.select_related("state", "convention")
    scope = _working_scope(viewer)
    if scope is None:
        return qs
    return qs.filter(scope | published_report_scope(viewer))


def report_working_queryset(*, viewer) -> QuerySet[Report]:
    """Reports whose drafts, working copy and attachments the viewer may see (no public ones)."""
    qs = Report.objects.select_related("state", "convention", "form_set")
    scope = _working_scope(viewer)
    return qs if scope is None else qs.filter(scope)


def report_get(*, viewer, pk: int) -> Report:
    return report_queryset(viewer=viewer).get(pk=pk)


def report_for_edit(*, viewer, pk: int) -> Report:
    """A report for its delegate or ISU (the working copy); Report.DoesNotExist for anyone else."""
    return report_working_queryset(viewer=viewer).get(pk=pk)


def report_find(
    *, viewer, state: State, convention: Convention, year: int, kind: str = Report.Kind.ANNUAL
) -> Report | None:
    lookup = {"kind": kind} if kind == Report.Kind.INITIAL else {"kind": kind, "year": year}
    return report_working_queryset(viewer=viewer).filter(state=state, convention=convention, **lookup).first()


def delegate_drafts(*, viewer) -> QuerySet[Report]:
    """The viewer's own reports still being written (drafts and corrections in progress)."""
    pairs = delegate_pairs(viewer)
    if not pairs:
        return Report.objects.none()
    scope = Q(pk__in=[])
    for state_id, convention_id in pairs:
        scope |= Q(state_id=state_id, convention_id=convention_id)
    return (
        Report.objects.filter(scope)
        .filter(Q(status=Report.Status.DRAFT) | Q(correction_open=True))
        .select_related("state", "convention", "form_set")
        .order_by("convention__code", "-year")
    )


def template_prefetch(prefix: str = "") -> list:
    """Prefetch a form template's fields and columns (used wherever content is validated or shown)."""
    return [Prefetch(f"{prefix}fields", queryset=FieldDefinition.objects.prefetch_related("columns"))]


def report_forms(report: Report) -> list[ReportForm]:
    """The forms of a report's working copy in order, templates with fields and columns (3 queries)."""
    return list(
        ReportForm.objects.filter(report=report)
        .select_related("template", "updated_by")
        .prefetch_related(*template_prefetch("template__"))
        .order_by("template__order", "template__letter")
    )


def report_form_get(*, viewer, report_id: int, letter: str) -> ReportForm:
    """One form of a report's working copy, for its delegate or ISU; Report.DoesNotExist for anyone
    else (ReportForm.DoesNotExist: no such form). One query (the form with its report, State, convention and form set); the template with its
    fields and columns comes from the per-process cache of form_set_definitions (0 queries when warm).
    This is the autosave's read: keep it to one query."""
    # order_by(): the model's default ordering would join and sort four tables for a single row. The
    # scope is checked on the row read (_in_working_scope): as a WHERE clause it costs more to build
    # than the whole query, and a miss is the same DoesNotExist either way.
    report_form = (
        ReportForm.objects.select_related("report__state", "report__convention", "report__form_set")
        .order_by()
        .get(report_id=report_id, template__letter=letter.upper())
    )
    if not _in_working_scope(viewer, report_form.report):
        raise Report.DoesNotExist("No such report.")  # as report_for_edit: views answer 404 to both
    form_set = report_form.report.form_set
    template = form_set_definitions(form_set).get(report_form.template_id)
    if template is None:  # a form of another set (never made by the services): read it as it is
        template = FormTemplate.objects.prefetch_related(*template_prefetch()).get(pk=report_form.template_id)
    report_form.template = template
    return report_form


def delegate_form_for_save(*, viewer, report_id: int, letter: str) -> ReportForm:
    """A form of a report of one of the viewer's States (a delegate's), with only what a save needs:
    the read of the autosave. ``Report.DoesNotExist`` for anyone else, staff included (as the
    delegate's form pages answer), ``ReportForm.DoesNotExist`` for no such form.

    Two queries: the viewer's delegate pairs (``delegate_pairs``, the function the permission
    predicates use; cached on the user, so the service's check costs nothing more) and the form
    with its report, State, convention and form set, restricted to the columns a save uses (the
    audit line names the form by its report's State and convention). Every other field is
    deferred: a use this read did not foresee costs a query, never a wrong value. The template
    with its fields and columns comes from the per-process cache of ``form_set_definitions``.
    The lock is the service's (``services.form_save``): this read takes none.
    """
    pairs = delegate_pairs(viewer)
    if not pairs:
        raise Report.DoesNotExist("No such report.")
    # order_by(): the model's default ordering would join and sort the templates for a single row.
    report_form = (
        ReportForm.objects.select_related("report__state", "report__convention", "report__form_set")
        .only(*_SAVE_FIELDS)
        .order_by()
        .get(report_id=report_id, template__letter=letter.upper())
    )
    report = report_form.report
    if (report.state_id, report.convention_id) not in pairs:
        raise Report.DoesNotExist("No such report.")
    template = form_set_definitions(report.form_set).get(report_form.template_id)
    if template is None:  # a form of another set (never made by the services): read it as it is
        template = FormTemplate.objects.prefetch_related(*template_prefetch()).get(pk=report_form.template_id)
    report_form.template = template
    return report_form


# What a save reads, writes back or names in its audit line (str(report_form)).
_SAVE_FIELDS = [
    "report", "template_id", "choice", "unchanged_since_year", "data", "revision", "updated_at", "updated_by_id",
    "report__state", "report__convention", "report__kind", "report__year", "report__status",
    "report__correction_open", "report__form_set",
    *(f"report__state__short_name_{language}" for language in ("en", "ar", "fr", "es")),
    "report__convention__code",
    "report__form_set__convention_id", "report__form_set__definitions_revision",
]  # fmt: skip


# The form definitions (templates, fields, columns) of each form set, cached per process. They are
# read on every save and validated against; they change rarely and only through
# services.template_record_save/_delete and forms_data.load_report_forms, which raise
# FormSet.definitions_revision in the database, so a changed set gets a new key in every process.
# Saves and deletes through the ORM in this process also empty it (reporting/apps.py), which keeps
# tests that build sets by hand honest. Entries are shared between threads: read-only.
_DEFINITIONS: dict[tuple[int, int], dict[int, FormTemplate]] = {}
_DEFINITIONS_MAX = 32


def form_set_definitions(form_set: FormSet) -> dict[int, FormTemplate]:
    """The templates of a set by id, each with its fields and their columns prefetched (3 queries
    on a miss, none on a hit)."""
    key = (form_set.pk, form_set.definitions_revision)
    cached = _DEFINITIONS.get(key)
    if cached is None:
        templates = list(
            FormTemplate.objects.filter(form_set_id=form_set.pk)
            .prefetch_related(*template_prefetch())
            .order_by("order", "letter")
        )
        for template in templates:
            template.form_set = form_set  # FormTemplate.convention_id reads it; no query per template
        cached = {template.pk: template for template in templates}
        if len(_DEFINITIONS) >= _DEFINITIONS_MAX:
            _DEFINITIONS.clear()
        _DEFINITIONS[key] = cached
    return cached


def form_set_definitions_clear(**_kwargs) -> None:
    """Forget every cached definition (connected to the ORM signals of the definition models)."""
    _DEFINITIONS.clear()


def _versions_readable(viewer, report: Report) -> QuerySet[ReportVersion]:
    """Its State and ISU read every submitted version; other readers the published one alone."""
    versions = ReportVersion.objects.filter(report=report)
    return versions if _in_working_scope(viewer, report) else versions.filter(pk=report.published_version_id)


def version_list(*, viewer, report: Report) -> QuerySet[ReportVersion]:
    """The submitted versions of a report the viewer can read (report_get first)."""
    report = report_queryset(viewer=viewer).get(pk=report.pk)
    return _versions_readable(viewer, report).select_related("submitted_by").order_by("number")


def version_get(*, viewer, report_id: int, number: int) -> ReportVersion:
    report = report_get(viewer=viewer, pk=report_id)
    return (
        _versions_readable(viewer, report)
        .select_related("report__state", "report__convention", "submitted_by")
        .get(number=number)
    )


def published_reports(*, viewer, convention: Convention | None = None) -> QuerySet[Report]:
    """Reports whose published version the viewer may read: public ones for everyone, restricted ones
    for the convention's ISU and the delegates of its States Parties (reporting.rules)."""
    qs = Report.objects.filter(published_report_scope(viewer)).select_related(
        "state", "convention", "published_version"
    )
    return qs.filter(convention=convention) if convention else qs


def published_report_get(*, viewer, pk: int) -> Report:
    """A published report with the version the ISU published; Report.DoesNotExist for anyone who may
    not read it (a 404), whatever the state of its working copy or of a later correction."""
    return published_reports(viewer=viewer).get(pk=pk)


def form_set_for(convention: Convention, on: datetime.date) -> FormSet | None:
    """The set of forms valid for a report due on ``on``; the earliest set for older reports."""
    sets = FormSet.objects.filter(convention=convention).order_by("valid_from", "version")
    valid = sets.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).last()
    return valid or sets.first()


def form_templates(form_set: FormSet) -> QuerySet[FormTemplate]:
    return form_set.forms.prefetch_related(*template_prefetch()).order_by("order", "letter")


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One owed report of one State, with its state on the dashboard's date."""

    state: State
    convention: Convention
    due: Due
    submitted_on: datetime.date | None
    report_state: ReportState
    report_id: int | None


@dataclass
class FollowUpRow:
    state: State
    convention: Convention
    missing_years: list[int]
    obligations: list[str]
    follow_ups: list[FollowUp]

    @property
    def latest_follow_up(self) -> FollowUp | None:
        return self.follow_ups[0] if self.follow_ups else None


@dataclass
class ConventionCompliance:
    convention: Convention
    entries: list[Entry] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    never_initial: list[Entry] = field(
        default_factory=list
    )  # initial report missing (overdue, never submitted)
    follow_up: list[FollowUpRow] = field(default_factory=list)

    def entries_for(self, year: int) -> list[Entry]:
        return [e for e in self.entries if e.due.kind == compliance.ANNUAL and e.due.year == year]


@dataclass
class Dashboard:
    on: datetime.date
    years: list[int]
    conventions: list[ConventionCompliance]


def _submitted_on(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def compliance_dashboard(
    *,
    viewer=None,
    convention: Convention | None = None,
    years: range | list[int] | None = None,
    on: datetime.date | None = None,
) -> Dashboard:
    """Reporting compliance per convention: every owed report and its state, rates per year, the
    States that never sent an initial report, and the President's follow-up list.

    Public figures (the reporting rate is published at every meeting). A constant number of
    queries (5) whatever the number of States, years or reports: events, reports, obligations and
    follow-ups are each read once and classified in Python.
    """
    on = on or today()
    last_year = on.year - 1
    years = list(years) if years is not None else list(range(last_year - 14, last_year + 1))
    conventions = list(Convention.objects.order_by("code") if convention is None else [convention])
    convention_ids = [c.pk for c in conventions]

    events: dict[tuple[int, int], list[TreatyEvent]] = defaultdict(list)
    states: dict[int, State] = {}
    for event in TreatyEvent.objects.filter(convention_id__in=convention_ids).select_related(
        "convention", "state"
    ):
        events[(event.state_id, event.convention_id)].append(event)
        states[event.state_id] = event.state

    submitted: dict[tuple, tuple[int, datetime.date | None]] = {}
    reports = Report.objects.filter(convention_id__in=convention_ids).exclude(status=Report.Status.DRAFT)
    for pk, state_id, convention_id, kind, year, at in reports.values_list(
        "pk", "state_id", "convention_id", "kind", "year", "submitted_at"
    ):
        key = (state_id, convention_id, kind, None if kind == compliance.INITIAL else year)
        submitted[key] = (pk, _submitted_on(at))

    holds: dict[tuple[int, int], list[str]] = defaultdict(list)
    for state_id, convention_id, kind in Obligation.objects.filter(
        convention_id__in=convention_ids, completed_on__isnull=True
    ).values_list("state_id", "convention_id", "kind"):
        holds[(state_id, convention_id)].append(kind)

    follow_ups: dict[tuple[int, int], list[FollowUp]] = defaultdict(list)
    for follow_up in FollowUp.objects.filter(convention_id__in=convention_ids).order_by("-date", "-pk"):
        follow_ups[(follow_up.state_id, follow_up.convention_id)].append(follow_up)

    wanted = set(years)
    result = []
    for conv in conventions:
        block = ConventionCompliance(conv)
        by_year: dict[int, list[ReportState]] = defaultdict(list)
        for (state_id, convention_id), rows in events.items():
            if convention_id != conv.pk:
                continue
            state = states[state_id]
            annual: list[tuple[int, ReportState]] = []
            for due in compliance.reports_due(
                rows, conv, through_year=max(years[-1] if years else last_year, last_year)
            ):
                report_id, submitted_on = submitted.get(
                    (state_id, conv.pk, due.kind, None if due.kind == compliance.INITIAL else due.year),
                    (None, None),
                )
                report_state = compliance.classify(due.due_date, submitted_on, on)
                entry = Entry(state, conv, due, submitted_on, report_state, report_id)
                if due.kind == compliance.INITIAL:
                    if report_state == ReportState.MISSING:
                        block.never_initial.append(entry)
                    if due.year in wanted or report_state in (ReportState.MISSING, ReportState.PENDING):
                        block.entries.append(entry)
                    continue
                if due.year <= last_year:
                    annual.append((due.year, report_state))
                if due.year in wanted:
                    block.entries.append(entry)
                    by_year[due.year].append(report_state)
            obligations = holds.get((state_id, conv.pk))
            if obligations:
                missing_years = compliance.consecutive_missing(annual)
                if missing_years:
                    block.follow_up.append(
                        FollowUpRow(
                            state,
                            conv,
                            missing_years,
                            sorted(obligations),
                            follow_ups.get((state_id, conv.pk), []),
                        )
                    )
        block.rates = [compliance.rate(conv, year, by_year.get(year, [])) for year in sorted(wanted)]
        block.entries.sort(key=lambda e: (e.due.year, e.state.short_name_en))
        block.never_initial.sort(key=lambda e: e.state.short_name_en)
        block.follow_up.sort(key=lambda r: r.state.short_name_en)
        result.append(block)
    return Dashboard(on, sorted(wanted), result)


def state_compliance(*, state: State, convention: Convention, on: datetime.date | None = None) -> list[Entry]:
    """The owed reports of one State under one convention, oldest first (2 queries)."""
    on = on or today()
    rows = list(TreatyEvent.objects.filter(state=state, convention=convention).select_related("convention"))
    submitted = {
        (kind, None if kind == compliance.INITIAL else year): (pk, _submitted_on(at))
        for pk, kind, year, at in Report.objects.filter(state=state, convention=convention)
        .exclude(status=Report.Status.DRAFT)
        .values_list("pk", "kind", "year", "submitted_at")
    }
    entries = []
    for due in compliance.reports_due(rows, convention, through_year=on.year - 1):
        report_id, submitted_on = submitted.get(
            (due.kind, None if due.kind == compliance.INITIAL else due.year), (None, None)
        )
        entries.append(
            Entry(
                state,
                convention,
                due,
                submitted_on,
                compliance.classify(due.due_date, submitted_on, on),
                report_id,
            )
        )
    return entries
