"""The delegate's pages: my reports, a report and its forms, attachments, submission, receipt, versions.

Who sees what (decided here, tested in tests/reporting/test_views.py):
- a delegate of the State under the convention: everything of the State's reports, and the only
  one who edits (the working copy, attachments, submission, correction);
- ISU staff of the convention: the submitted versions (list, content, comparison, receipt) and their
  frozen attachments, never the drafts being written: a draft is the State's until it submits;
- anyone else (a delegate of another State, staff of the other convention): 404, as if nothing existed;
- anonymous: sent to the login page;
- a published report (``published_report``): the version the ISU published, public ones for anyone,
  restricted ones for the ISU and the delegates of the convention's States Parties (reporting/rules.py).

Views stay thin: selectors find what the viewer may see (a miss is a 404), services write, and the
view turns their refusals (FormErrors, RevisionConflict, ChecklistError, ValidationError) into
messages beside the inputs and in an error summary at the top. Every state change is a POST; the
autosave of reporting.js posts to the same save endpoint and gets JSON back.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reporting import forms, selectors, services
from reporting.compliance import ReportState
from reporting.models import Attachment, FieldKind, Report, ReportForm, ReportVersion
from reporting.services import ChecklistError, RevisionConflict
from reporting.validation import FieldError, FormErrors
from reporting.versions import version_diff
from secretariat import house_style
from secretariat.models import Convention, State
from secretariat.permissions import delegate_pairs, isu_convention_ids
from secretariat.views import content_language, document_language

try:  # written in parallel (the PDF receipt); the link appears once it exists
    from reporting.documents import SubmissionReceipt
except ImportError:  # pragma: no cover
    SubmissionReceipt = None

REPORT_STATE_LABELS = {
    ReportState.PENDING: gettext_lazy("Not yet due"),
    ReportState.ON_TIME: gettext_lazy("Submitted on time"),
    ReportState.LATE: gettext_lazy("Submitted late"),
    ReportState.MISSING: gettext_lazy("Overdue"),
}


# ---------------------------------------------------------------------------------------------
# Finding what the viewer may see
# ---------------------------------------------------------------------------------------------


def _not_found():
    return Http404(_("No such report."))


def _is_delegate(user, report: Report) -> bool:
    return (report.state_id, report.convention_id) in delegate_pairs(user)


def _own_report(request, pk: int) -> Report:
    """A report of one of the user's States (the working copy): 404 for anyone else, staff included."""
    try:
        report = selectors.report_for_edit(viewer=request.user, pk=pk)
    except Report.DoesNotExist:
        raise _not_found() from None
    if not _is_delegate(request.user, report):
        raise _not_found()
    return report


def _submitted_report(request, pk: int) -> Report:
    """A report whose versions the user may read: its delegates; its ISU once it has been submitted."""
    try:
        report = selectors.report_for_edit(viewer=request.user, pk=pk)
    except Report.DoesNotExist:
        raise _not_found() from None
    if not _is_delegate(request.user, report) and report.status == Report.Status.DRAFT:
        raise _not_found()
    return report


def _own_form(request, pk: int, letter: str) -> ReportForm:
    """A form of one of the user's States: 404 for anyone else, staff included."""
    try:
        report_form = selectors.report_form_get(viewer=request.user, report_id=pk, letter=letter)
    except (Report.DoesNotExist, ReportForm.DoesNotExist):
        raise _not_found() from None
    if not _is_delegate(request.user, report_form.report):
        raise _not_found()
    return report_form


def _version(report: Report, number: int) -> ReportVersion:
    try:
        return ReportVersion.objects.select_related("submitted_by").get(report=report, number=number)
    except ReportVersion.DoesNotExist:
        raise Http404(_("No such version.")) from None


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def _date(value) -> str:
    return house_style.format_date(value, content_language()) if value else ""


def _moment(value) -> dict:
    """A moment for the page: the date in UN style, the time and the time zone of the ISU."""
    local = timezone.localtime(value)
    return {"date": _date(local.date()), "time": local.strftime("%H:%M"), "zone": local.tzname()}


def _report_title(report: Report) -> str:
    if report.kind == Report.Kind.INITIAL:
        return _("Initial report of %(state)s under the %(convention)s") % {
            "state": report.state.short_name, "convention": report.convention.short_name}  # fmt: skip
    return _("Article 7 report of %(state)s for %(year)s (%(convention)s)") % {
        "state": report.state.short_name, "year": report.year, "convention": report.convention.short_name}  # fmt: skip


def _form_status(report_form: ReportForm) -> tuple[str, str]:
    """(css modifier, label) of a form's status in the report's working copy."""
    if report_form.choice == ReportForm.Choice.CHANGED:
        return "changed", _("Changed (new information)")
    if report_form.choice == ReportForm.Choice.UNCHANGED:
        return "unchanged", _("Unchanged since the report of %(year)s") % {
            "year": report_form.unchanged_since_year
        }
    if report_form.choice == ReportForm.Choice.NOT_APPLICABLE:
        return "not_applicable", _("Not applicable")
    return "empty", _("Not yet filled")


def _checklist_rows(report: Report, items: list[tuple[str, FieldError]]) -> list[dict]:
    rows = []
    for letter, item in items:
        url = reverse("reporting:form_edit", args=[report.pk, letter])
        if item.field == "choice":
            anchor = "#form-choice"
        elif item.row is not None and item.column:
            anchor = f"?edit=1#t-{item.field}-{item.row - 1}-{item.column}"
        elif item.row is None and item.column is None:
            anchor = f"?edit=1#f-{item.field}" if not item.field.startswith("__") else ""
        else:
            anchor = f"?edit=1#t-{item.field}"
        rows.append({"letter": letter, "message": item.full_message, "url": url + anchor})
    return rows


def _value_text(definition, value, language: str) -> str:
    """A stored value as a reader sees it (read-only pages, comparison)."""
    if value is None or value == "":
        return ""
    if definition is None:
        return str(value)
    kind = definition.kind
    if kind == FieldKind.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind == FieldKind.CHOICE:
        return definition.choice_label(value, language)
    if kind in (FieldKind.INTEGER, FieldKind.DECIMAL):
        try:
            return house_style.format_number(Decimal(str(value)), language)
        except (ArithmeticError, ValueError, TypeError):
            return str(value)
    if kind == FieldKind.DATE:
        try:
            return house_style.format_date(datetime.date.fromisoformat(value), language)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def readonly_content(template, data: dict, language: str) -> list[dict]:
    """A form's content for a read-only page: each field with its label and value, tables as rows."""
    blocks = []
    fields = (data or {}).get("fields") or {}
    tables = (data or {}).get("tables") or {}
    for definition in template.fields.all():
        if definition.kind == FieldKind.TABLE:
            columns = list(definition.columns.all())
            rows = [
                [_value_text(column, row.get(column.key), language) for column in columns]
                for row in tables.get(definition.key) or []
            ]
            totals = None
            if any(c.total for c in columns):
                totals = [
                    forms._total(column, tables.get(definition.key) or [], language) if column.total else ""
                    for column in columns
                ]
            blocks.append({"definition": definition, "columns": columns, "rows": rows, "totals": totals})
        else:
            blocks.append(
                {
                    "definition": definition,
                    "value": _value_text(definition, fields.get(definition.key), language),
                }
            )
    return blocks


# ---------------------------------------------------------------------------------------------
# My reports
# ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def delegate_home(request):
    """The reports of the States the user acts for, per convention: this year's, then the earlier ones."""
    pairs = sorted(delegate_pairs(request.user))
    states = State.objects.in_bulk([state_id for state_id, _c in pairs])
    conventions = Convention.objects.in_bulk([convention_id for _s, convention_id in pairs])
    today = selectors.today()
    sections = []
    for state_id, convention_id in pairs:
        state, convention = states[state_id], conventions[convention_id]
        entries = selectors.state_compliance(state=state, convention=convention, on=today)
        reports = list(
            Report.objects.filter(state=state, convention=convention)
            .annotate(version_count=Count("versions"))
            .order_by("-year", "kind")
        )
        by_key = {(r.kind, None if r.kind == Report.Kind.INITIAL else r.year): r for r in reports}
        due = []
        for entry in entries:
            key = (entry.due.kind, None if entry.due.kind == Report.Kind.INITIAL else entry.due.year)
            report = by_key.get(key)
            this_year = entry.due.kind == Report.Kind.ANNUAL and entry.due.year == today.year - 1
            open_initial = entry.due.kind == Report.Kind.INITIAL and entry.submitted_on is None
            if this_year or open_initial or (report is not None and report.is_editable):
                due.append(
                    {
                        "entry": entry, "report": report, "due_date": _date(entry.due.due_date),
                        "state_label": REPORT_STATE_LABELS[entry.report_state],
                        "state_class": entry.report_state.value,
                        "title": _("Initial report") if entry.due.kind == Report.Kind.INITIAL
                        else _("Annual report for %(year)s") % {"year": entry.due.year},
                    }
                )  # fmt: skip
        due.sort(key=lambda row: row["entry"].due.kind != Report.Kind.ANNUAL)  # this year's report first
        shown = {row["report"].pk for row in due if row["report"] is not None}
        past = [r for r in reports if r.pk not in shown]
        sections.append({"state": state, "convention": convention, "due": due, "past": past})
    staff_reports = []
    staff_conventions = isu_convention_ids(request.user)
    if staff_conventions:
        staff_reports = list(
            Report.objects.filter(convention_id__in=staff_conventions)
            .exclude(status=Report.Status.DRAFT)
            .select_related("state", "convention")
            .order_by("-year", "state__short_name_en")[:100]
        )
    return render(
        request,
        "reporting/delegate_home.html",
        {"sections": sections, "staff_reports": staff_reports, "today": _date(today)},
    )


@login_required
@require_POST
def report_start(request):
    """Open (create if needed) a report of one of the user's States; then go to it."""
    try:
        state = State.objects.get(iso3=request.POST.get("state", "").upper())
        convention = Convention.objects.get(code=request.POST.get("convention", "").upper())
        kind = request.POST.get("kind", Report.Kind.ANNUAL)
        year = int(request.POST["year"]) if kind == Report.Kind.ANNUAL else None
    except (State.DoesNotExist, Convention.DoesNotExist, KeyError, ValueError):
        raise _not_found() from None
    if kind not in Report.Kind.values or (state.pk, convention.pk) not in delegate_pairs(request.user):
        raise _not_found()
    try:
        report = services.report_open(
            actor=request.user, state=state, convention=convention, year=year, kind=kind
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:delegate_home")
    return redirect("reporting:report_detail", report.pk)


# ---------------------------------------------------------------------------------------------
# The report page
# ---------------------------------------------------------------------------------------------


def _report_page(
    request,
    report: Report,
    *,
    attachment_form=None,
    workbook_form=None,
    workbook_errors=(),
    status: int = 200,
):
    report_forms = selectors.report_forms(report)
    checklist = services.report_checklist(report, report_forms) if report.is_editable else []
    rows = []
    for report_form in report_forms:
        modifier, label = _form_status(report_form)
        rows.append({"form": report_form, "status_class": modifier, "status_label": label})
    letters = [(f.template.letter, f"{f.template.letter}. {f.template.title}") for f in report_forms]
    attachments = list(report.attachments.select_related("form__template"))
    versions = list(report.versions.order_by("number"))
    can_carry = report.is_editable and _has_earlier_submission(report)
    unfilled = sum(1 for f in report_forms if not f.choice)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "title": _report_title(report),
            "due_date": _date(report.due_date),
            "rows": rows,
            "checklist": _checklist_rows(report, checklist),
            "attachments": attachments,
            "attachment_form": attachment_form or forms.AttachmentForm(letters=letters),
            "versions": versions,
            "latest": versions[-1] if versions else None,
            "can_carry": can_carry and unfilled > 0,
            "unfilled": unfilled,
            "xlsx": _xlsx_available(),
            "workbook_form": workbook_form or forms.WorkbookForm(),
            "workbook_errors": list(workbook_errors),
        },
        status=status,
    )


def _has_earlier_submission(report: Report) -> bool:
    return (
        ReportVersion.objects.filter(
            report__state_id=report.state_id, report__convention_id=report.convention_id
        )
        .exclude(report=report)
        .filter(report__year__lte=report.year)
        .exists()
    )


def _xlsx_available() -> bool:
    try:
        from reporting import xlsx  # noqa: F401
    except ImportError:
        return False
    return True


@login_required
@require_safe
def report_detail(request, pk: int):
    return _report_page(request, _own_report(request, pk))


@login_required
@require_safe
def report_workbook(request, pk: int):
    """The report's tables as an xlsx workbook to fill offline (reporting.xlsx); ``?prefill=previous``:
    the delegate asked for empty forms to start from the last submitted report."""
    report = _own_report(request, pk)
    if not _xlsx_available():
        raise Http404(_("The workbook is not available."))
    from reporting import xlsx

    prefill = request.GET.get("prefill") == "previous"
    response = HttpResponse(
        xlsx.export_report_workbook(report, prefill=prefill), content_type=xlsx.XLSX_MIMETYPE
    )
    name = f"article7-{report.convention.code}-{report.state.iso3}-{report.kind}-{report.year}.xlsx".lower()
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_workbook_upload(request, pk: int):
    """A filled-in workbook back into the draft: all or nothing; every error by sheet, row and column."""
    report = _own_report(request, pk)
    if not _xlsx_available():
        raise Http404(_("The workbook is not available."))
    from reporting import xlsx

    form = forms.WorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        return _report_page(request, report, workbook_form=form, status=400)
    try:
        result = xlsx.import_report_workbook(
            actor=request.user, report=report, file=form.cleaned_data["file"]
        )
    except xlsx.WorkbookRefused as refused:
        errors = [str(error) for error in refused.errors]
        return _report_page(request, report, workbook_form=form, workbook_errors=errors, status=400)
    if result.saved:
        messages.success(
            request,
            _("The workbook was imported: forms %(letters)s saved.") % {"letters": ", ".join(result.saved)},
        )
    elif not result.stale:
        messages.info(request, _("The workbook was imported: it changed nothing."))
    for message in result.messages:
        messages.warning(request, message)
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#workbook")


@login_required
@require_POST
def report_mark_unchanged(request, pk: int):
    """Mark every form not yet filled "unchanged since the last report" (the quick path of a State
    whose situation has not changed). Forms already filled are left as they are."""
    report = _own_report(request, pk)
    marked, skipped = [], []
    for report_form in selectors.report_forms(report):
        if report_form.choice:
            continue
        try:
            services.form_mark_unchanged(
                actor=request.user, report_form=report_form, expected_revision=report_form.revision
            )
        except RevisionConflict:
            skipped.append(report_form.template.letter)
        except ValidationError as error:
            if error.message_dict.keys() & {"status"}:
                messages.error(request, " ".join(error.messages))
                return redirect("reporting:report_detail", report.pk)
            skipped.append(report_form.template.letter)
        else:
            marked.append(report_form.template.letter)
    if marked:
        messages.success(
            request,
            _("Marked unchanged since the last report: forms %(letters)s.") % {"letters": ", ".join(marked)},
        )
    if skipped:
        messages.warning(
            request,
            _(
                "These forms have no earlier report to carry forward: %(letters)s. Fill them in or mark them not applicable."
            )
            % {"letters": ", ".join(skipped)},
        )
    return redirect("reporting:report_detail", report.pk)


# ---------------------------------------------------------------------------------------------
# A form of the report
# ---------------------------------------------------------------------------------------------


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _form_page(request, report_form, *, content, errors=(), extra_rows=None, conflict=None, editing=True,
               revision=None, status=200):  # fmt: skip
    language = content_language()
    report = report_form.report
    template = report_form.template
    editor = forms.build_editor(
        template, content, list(errors), extra_rows=extra_rows or {}, language=language
    )
    earlier = services.previous_content(report_form) if report.is_editable else None
    siblings = list(
        ReportForm.objects.filter(report=report).order_by("template__order", "template__letter")
        .values_list("template__letter", flat=True)
    )  # fmt: skip
    index = siblings.index(template.letter)
    modifier, label = _form_status(report_form)
    readonly = None
    if not editing or not report.is_editable:
        readonly = readonly_content(template, report_form.data, language)
    return render(
        request,
        "reporting/report_form.html",
        {
            "report": report,
            "report_form": report_form,
            "template": template,
            "title": _report_title(report),
            "editor": editor,
            "readonly": readonly,
            "editing": editing and report.is_editable,
            "revision": report_form.revision if revision is None else revision,
            "status_class": modifier,
            "status_label": label,
            "earlier_year": earlier[0] if earlier else None,
            "conflict": conflict,
            "conflict_content": readonly_content(template, conflict.report_form.data, language)
            if conflict
            else None,
            "previous_letter": siblings[index - 1] if index > 0 else None,
            "next_letter": siblings[index + 1] if index + 1 < len(siblings) else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request, pk: int, letter: str):
    if request.method == "POST" and _wants_json(request) and request.POST.get("action", "save") == "save":
        return _autosave(request, pk, letter)
    report_form = _own_form(request, pk, letter)
    if request.method == "GET":
        editing = report_form.choice in ("", ReportForm.Choice.CHANGED) or request.GET.get("edit") == "1"
        return _form_page(request, report_form, content=report_form.data or {}, editing=editing)
    expected = _posted_revision(request)
    if expected is None:
        return _no_revision()
    action = request.POST.get("action", "save")
    if action in ("unchanged", "not_applicable"):
        return _form_choice(request, report_form, action, expected)
    content = forms.parse_post(report_form.template, request.POST)
    extra_rows: dict[str, int] = {}
    if action.startswith("add:"):
        table = action.split(":", 1)[1]
        extra_rows[table] = 1 if content["tables"].get(table) else 2
    elif action.startswith("remove:"):
        _verb, table, index = (action.split(":") + ["", ""])[:3]
        content = forms.remove_row(content, table, int(index) if index.isdigit() else -1)
    return _form_save(request, report_form, content, expected, extra_rows)


def _autosave(request, pk: int, letter: str):
    """The browser's autosave (and its "Save" with JavaScript): JSON in, JSON out. Deadline day brings
    hundreds a second, so it reads only what a save needs (selectors.delegate_form_for_save); the save
    and its answers are those of the form page (services.form_save)."""
    try:
        report_form = selectors.delegate_form_for_save(viewer=request.user, report_id=pk, letter=letter)
    except (Report.DoesNotExist, ReportForm.DoesNotExist):
        raise _not_found() from None
    expected = _posted_revision(request)
    if expected is None:
        return _no_revision()
    content = forms.parse_post(report_form.template, request.POST)
    return _form_save(request, report_form, content, expected, {})


def _posted_revision(request) -> int | None:
    """The revision the form was read at (the optimistic lock), or None when it was not sent."""
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


def _no_revision() -> HttpResponse:
    return HttpResponse(_("The form was sent without its revision: reload the page."), status=400)


def _form_save(request, report_form, content, expected, extra_rows):
    try:
        services.form_save(
            actor=request.user, report_form=report_form, data=content, expected_revision=expected
        )
    except RevisionConflict as conflict:
        if _wants_json(request):
            return JsonResponse({"ok": False, "conflict": conflict.messages[0]}, status=409)
        return _form_page(
            request, report_form, content=content, extra_rows=extra_rows, conflict=conflict,
            revision=conflict.report_form.revision, status=409,
        )  # fmt: skip
    except FormErrors as errors:
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "errors": [{"key": e.key, "message": e.full_message} for e in errors.field_errors],
                },
                status=400,
            )
        return _form_page(
            request,
            report_form,
            content=content,
            errors=errors.field_errors,
            extra_rows=extra_rows,
            status=400,
        )
    except ValidationError as error:  # the report is no longer editable (submitted meanwhile)
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "errors": [{"key": "status", "message": m} for m in error.messages]}, status=400
            )
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:report_detail", report_form.report_id)
    saved_at = timezone.localtime(report_form.updated_at).strftime("%H:%M")
    if _wants_json(request):
        return JsonResponse({"ok": True, "revision": report_form.revision, "saved_at": saved_at})
    if extra_rows or request.POST.get("action", "save").startswith("remove:"):
        # Rows were added or removed: show them at once (the content is saved; blank rows are not).
        messages.success(request, _("Draft saved at %(time)s.") % {"time": saved_at})
        return _form_page(request, report_form, content=content, extra_rows=extra_rows)
    messages.success(
        request,
        _("Form %(letter)s saved at %(time)s.") % {"letter": report_form.template.letter, "time": saved_at},
    )
    if request.POST.get("then") == "report":
        return redirect("reporting:report_detail", report_form.report_id)
    return redirect("reporting:form_edit", report_form.report_id, report_form.template.letter)


def _form_choice(request, report_form, action, expected):
    service = services.form_mark_unchanged if action == "unchanged" else services.form_mark_not_applicable
    try:
        service(actor=request.user, report_form=report_form, expected_revision=expected)
    except RevisionConflict as conflict:
        messages.error(request, conflict.messages[0])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        modifier, label = _form_status(report_form)
        messages.success(
            request,
            _("Form %(letter)s: %(status)s.") % {"letter": report_form.template.letter, "status": label},
        )
    return redirect("reporting:form_edit", report_form.report_id, report_form.template.letter)


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk: int):
    report = _own_report(request, pk)
    report_forms = {
        f.template.letter: f for f in ReportForm.objects.filter(report=report).select_related("template")
    }
    letters = [(letter, f"{letter}. {f.template.title}") for letter, f in report_forms.items()]
    form = forms.AttachmentForm(request.POST, request.FILES, letters=letters)
    if not form.is_valid():
        return _report_page(request, report, attachment_form=form, status=400)
    try:
        services.attachment_add(
            actor=request.user, report=report, file=form.cleaned_data["file"],
            form=report_forms.get(form.cleaned_data["form"]), description=form.cleaned_data["description"],
        )  # fmt: skip
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else "file", message)
        return _report_page(request, report, attachment_form=form, status=400)
    messages.success(request, _("“%(name)s” is attached.") % {"name": form.cleaned_data["file"].name})
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#attachments")


def _attachment(report: Report, attachment_id: int) -> Attachment:
    try:
        return report.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404(_("No such file.")) from None


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_id: int):
    report = _own_report(request, pk)
    attachment = _attachment(report, attachment_id)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#attachments")


@login_required
@require_safe
def attachment_download(request, pk: int, attachment_id: int):
    report = _submitted_report(request, pk)
    attachment = _attachment(report, attachment_id)
    if not _is_delegate(request.user, report) and not attachment.frozen:
        raise Http404(_("No such file."))  # staff see what was submitted, not what is being prepared
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Submission, receipt, correction
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_submit(request, pk: int):
    report = _own_report(request, pk)
    if not report.is_editable:
        messages.info(request, _("This report has been submitted. Open a correction to change it."))
        return redirect("reporting:report_detail", report.pk)
    correction = report.correction_open
    form = forms.SubmitForm(
        request.POST or None, correction=correction, initial={"visibility": report.requested_visibility}
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.report_submit(
                actor=request.user, report=report, comment=form.cleaned_data["comment"],
                requested_visibility=form.cleaned_data["visibility"],
            )  # fmt: skip
        except ChecklistError:
            errors.append(_("The report is not complete yet: see the checklist below."))
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    field = "visibility" if field == "requested_visibility" else field
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("reporting:version_receipt", report.pk, version.number)
    checklist = services.report_checklist(report)
    return render(
        request,
        "reporting/report_submit.html",
        {
            "report": report,
            "title": _report_title(report),
            "form": form,
            "checklist": _checklist_rows(report, checklist),
            "errors": errors,
            "correction": correction,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def report_correct(request, pk: int):
    report = _own_report(request, pk)
    try:
        services.report_correct(actor=request.user, report=report)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A correction is open: change what needs changing, then submit it as version %(number)s.")
            % {"number": report.versions.count() + 1},
        )
    return redirect("reporting:report_detail", report.pk)


@login_required
@require_safe
def version_receipt(request, pk: int, number: int):
    report = _submitted_report(request, pk)
    version = _version(report, number)
    return render(
        request,
        "reporting/report_receipt.html",
        {
            "report": report,
            "title": _report_title(report),
            "version": version,
            "at": _moment(version.submitted_at),
            "pdf": SubmissionReceipt is not None,
            "document_language": document_language(),
            "is_delegate": _is_delegate(request.user, report),
        },
    )


@login_required
@require_safe
def version_receipt_pdf(request, pk: int, number: int, language: str):
    if SubmissionReceipt is None or language not in ("ar", "en"):
        raise Http404(_("The receipt is not available."))
    report = _submitted_report(request, pk)
    version = _version(report, number)
    rendered = SubmissionReceipt(version).render(language=language)
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    response["ETag"] = f'"{hashlib.sha256(rendered.content).hexdigest()}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---------------------------------------------------------------------------------------------
# Versions and their comparison
# ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def version_list(request, pk: int):
    report = _submitted_report(request, pk)
    versions = list(selectors.version_list(viewer=request.user, report=report))
    rows = [{"version": v, "at": _moment(v.submitted_at)} for v in versions]
    return render(
        request,
        "reporting/report_versions.html",
        {
            "report": report,
            "title": _report_title(report),
            "rows": rows,
            "is_delegate": _is_delegate(request.user, report),
            "numbers": [v.number for v in versions],
        },
    )


def _templates_by_letter(report: Report) -> dict:
    return {t.letter: t for t in selectors.form_templates(report.form_set)}


def _version_forms(report: Report, version: ReportVersion) -> list[dict]:
    """The forms of a submitted version as the read-only pages show them, in the form set's order."""
    language = content_language()
    templates = _templates_by_letter(report)
    forms_shown = []
    for letter, frozen in version.snapshot.get("forms", {}).items():
        template = templates.get(letter)
        choice = frozen.get("choice")
        if choice == ReportForm.Choice.UNCHANGED:
            status = _("Unchanged since the report of %(year)s") % {
                "year": frozen.get("unchanged_since_year")
            }
        elif choice == ReportForm.Choice.NOT_APPLICABLE:
            status = _("Not applicable")
        elif choice == ReportForm.Choice.CHANGED:
            status = _("Changed (new information)")
        else:
            status = _("Not filled")
        forms_shown.append(
            {
                "letter": letter,
                "title": (frozen.get("title") or {}).get(language)
                or (frozen.get("title") or {}).get("en", ""),
                "status": status,
                "content": readonly_content(template, frozen.get("data") or {}, language) if template else [],
                "not_applicable": choice == ReportForm.Choice.NOT_APPLICABLE,
            }
        )
    forms_shown.sort(key=lambda f: (getattr(templates.get(f["letter"]), "order", 0), f["letter"]))
    return forms_shown


@login_required
@require_safe
def version_detail(request, pk: int, number: int):
    report = _submitted_report(request, pk)
    return _version_page(request, report, _version(report, number))


def _version_page(request, report: Report, version: ReportVersion, **extra):
    """A frozen version as read: its forms and attachments (a State's versions, a published report)."""
    return render(
        request,
        "reporting/report_version.html",
        {
            "report": report,
            "title": _report_title(report),
            "version": version,
            "at": _moment(version.submitted_at),
            "forms": _version_forms(report, version),
            "attachments": version.snapshot.get("attachments", []),
            **extra,
        },
    )


@require_safe
def published_report(request, pk: int):
    """A published report as the public and other States read it: the version the ISU published,
    whatever the State is correcting since. Public ones for anyone; restricted ones for the ISU and
    the delegates of the convention's States Parties (reporting.rules); 404 for anyone else."""
    try:
        report = selectors.published_report_get(viewer=request.user, pk=pk)
    except Report.DoesNotExist:
        raise _not_found() from None
    return _version_page(request, report, report.published_version, published_view=True)


@login_required
@require_safe
def version_compare(request, pk: int):
    report = _submitted_report(request, pk)
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        numbers = list(report.versions.order_by("-number").values_list("number", flat=True)[:2])
        if len(numbers) < 2:
            raise Http404(_("There is only one version: nothing to compare.")) from None
        b, a = numbers
    version_a, version_b = _version(report, a), _version(report, b)
    language = content_language()
    templates = _templates_by_letter(report)
    changes = []
    for change in version_diff(version_a, version_b):
        template = templates.get(change.form)
        definition = column = None
        if template is not None:
            definition = next((f for f in template.fields.all() if f.key == change.field), None)
            if definition is not None and change.column:
                column = next((c for c in definition.columns.all() if c.key == change.column), None)
        if change.field == "choice":
            what, shown = _("Status of the form"), None
        elif change.field == "unchanged_since_year":
            what, shown = _("Unchanged since"), None
        elif change.field == "attachment":
            what, shown = _("Attachment"), None
        else:
            what, shown = (definition.label if definition else change.field), (column or definition)
        before = _value_text(shown, change.before, language) if shown else _choice_text(change.before)
        after = _value_text(shown, change.after, language) if shown else _choice_text(change.after)
        changes.append(
            {
                "form": change.form, "form_title": template.title if template else "", "field": what,
                "row": change.row, "column": column.label if column else (change.column or ""),
                "before": before, "after": after,
            }
        )  # fmt: skip
    return render(
        request,
        "reporting/report_compare.html",
        {
            "report": report,
            "title": _report_title(report),
            "a": version_a,
            "b": version_b,
            "changes": changes,
            "numbers": list(report.versions.order_by("number").values_list("number", flat=True)),
        },
    )


def _choice_text(value) -> str:
    labels = {
        ReportForm.Choice.CHANGED: _("Changed (new information)"),
        ReportForm.Choice.UNCHANGED: _("Unchanged since an earlier report"),
        ReportForm.Choice.NOT_APPLICABLE: _("Not applicable"),
    }
    if value in (None, ""):
        return "—"
    return str(labels.get(value, value))
