"""Generated documents of the reporting app: the submitted report, its receipt, the compliance table.

Each class subclasses ``secretariat.documents.GeneratedDocument`` (one template per document, the PDF
cached by content hash). Source data are read with a constant number of queries; every figure goes
through ``secretariat.house_style`` (dates, numbers, UN order and joining of names), never Django's
``localize`` (whose Arabic formats are not UN style).

- ``ReportDocument(version)``: the submitted version as a whole, read from its immutable snapshot
  (the form set's labels give the field and column names in the document's language).
- ``SubmissionReceipt(version)``: one page with the SHA-256 of the snapshot (``snapshot_digest``).
- ``ComplianceTable(convention, year)``: the figures and names a progress report gives.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Self

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reporting import selectors
from reporting.compliance import ReportState
from reporting.models import FieldKind, FormTemplate, ReportForm, ReportVersion
from reporting.revisions import convention_scope, forms_scope, report_scope
from secretariat import house_style, revisions
from secretariat.documents import GeneratedDocument
from secretariat.models import Convention, State
from secretariat.translation import localized


def snapshot_digest(snapshot: dict) -> str:
    """SHA-256 of the canonical JSON of a snapshot (sorted keys, no spaces, UTF-8): what the receipt quotes.

    Anyone holding the version's JSON can recompute it: ``sha256(json.dumps(s, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False).encode())``.
    """
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _number(value, language: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return house_style.format_number(value, language)
    try:
        return house_style.format_number(Decimal(str(value)), language)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


def _date(value, language: str) -> str:
    try:
        return house_style.format_date(datetime.date.fromisoformat(str(value)), language)
    except ValueError:
        return str(value)


def format_value(definition, value, language: str) -> str:
    """One stored value (reporting.validation's normal form) as the document shows it."""
    if value is None or value == "":
        return ""
    kind = definition.kind
    if kind in (FieldKind.INTEGER, FieldKind.DECIMAL):
        return _number(value, language)
    if kind == FieldKind.DATE:
        return _date(value, language)
    if kind == FieldKind.BOOLEAN:
        return pgettext("answer", "Yes") if value else pgettext("answer", "No")
    if kind == FieldKind.CHOICE:
        return definition.choice_label(value, language)
    return str(value)


def _tr(instance, base_name: str, language: str) -> str:
    """A translated attribute in ``language`` (also for descriptors inherited from an abstract base)."""
    return getattr(type(instance), base_name).in_language(instance, language)


def _label(definition, language: str) -> str:
    label = _tr(definition, "label", language)
    return f"{label} ({definition.unit})" if definition.unit else label


def _moment(at: datetime.datetime, language: str) -> dict:
    local = timezone.localtime(at)
    return {
        "date": house_style.format_date(local.date(), language),
        "time": local.strftime("%H:%M"),
        "zone": local.tzname() or "",
    }


def _person(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _percent(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    return _("%(rate)s per cent") % {
        "rate": house_style.format_number(Decimal(str(value * 100)), language, places=1)
    }


class _VersionDocument(GeneratedDocument):
    """Shared by the report and its receipt: the version with its report, State and convention."""

    def __init__(self, version: ReportVersion):
        self.version_obj = version

    def identity(self) -> dict:
        return {"version": self.version_obj.pk}

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        return cls(
            ReportVersion.objects.select_related("report__convention", "submitted_by").get(
                pk=identity["version"]
            )
        )

    def revision_scopes(self) -> list[str]:
        # The State's names and the convention's; the report (a version itself never changes).
        return [revisions.REFERENCE, report_scope(self.version_obj.report_id)]

    @cached_property
    def report(self):
        return self.version_obj.report

    @cached_property
    def state(self) -> State:
        # Former names prefetched: the State is named as it was on the date of the submission.
        return State.objects.with_names().get(pk=self.report.state_id)

    @property
    def on_date(self) -> datetime.date:
        return timezone.localdate(self.version_obj.submitted_at)

    def _identity(self, language: str) -> dict:
        report, version = self.report, self.version_obj
        convention = report.convention
        return {
            "state_name": self.state.name_on(self.on_date, language),
            "convention_name": localized(convention, "name", language),
            "convention_short": localized(convention, "short_name", language),
            "kind": report.kind,
            "year": report.year,
            "number": version.number,
            "submitted": _moment(version.submitted_at, language),
            "submitted_by": _person(version.submitted_by),
            "received_via": version.received_via,
            "symbol": self.symbol(),
        }

    filename_suffix = ""  # after the version number: "-receipt" for the receipt

    def filename(self, *, language: str) -> str:
        report = self.report
        kind = "initial" if report.kind == "initial" else str(report.year)
        return (
            f"{report.convention.code.lower()}-article7-{self.state.iso3.lower()}-{kind}-"
            f"v{self.version_obj.number}{self.filename_suffix}-{language}.pdf"
        )

    def symbol(self) -> str:
        report = self.report
        kind = "INITIAL" if report.kind == "initial" else str(report.year)
        return f"{report.convention.symbol_prefix}/ART7/{self.state.iso3}/{kind}/V{self.version_obj.number}"

    def _title(self, language: str) -> str:
        identity = self._identity(language)
        if self.report.kind == "initial":
            return _("Initial transparency report of %(state)s under Article 7") % {
                "state": identity["state_name"]
            }
        return _("Transparency report of %(state)s under Article 7 for %(year)s") % {
            "state": identity["state_name"],
            "year": self.report.year,
        }


class ReportDocument(_VersionDocument):
    """The submitted version of an Article 7 report as a whole: cover, then each form as a table."""

    template_name = "reporting/pdf/report.html"
    body_template_name = "reporting/pdf/_report_body.html"

    def _form_set_id(self) -> int:
        return self.version_obj.snapshot.get("form_set", {}).get("id") or self.report.form_set_id

    def revision_scopes(self) -> list[str]:
        # And the form set's wording (titles, labels, units, choice labels), which may be corrected.
        return [*super().revision_scopes(), forms_scope(self._form_set_id())]

    @cached_property
    def templates(self) -> dict[str, FormTemplate]:
        """The form set's templates with fields and columns (3 queries), by letter."""
        templates = FormTemplate.objects.filter(form_set_id=self._form_set_id()).prefetch_related(
            *selectors.template_prefetch()
        )
        return {template.letter: template for template in templates}

    def _form(self, letter: str, frozen: dict, template: FormTemplate | None, language: str) -> dict:
        title = (frozen.get("title") or {}).get(language) or (frozen.get("title") or {}).get("en") or ""
        if template is not None:
            title = _tr(template, "title", language) or title
        choice = frozen.get("choice") or ""
        data = frozen.get("data") or {}
        values, tables = data.get("fields") or {}, data.get("tables") or {}
        scalars, table_blocks = [], []
        fields = list(template.fields.all()) if template is not None else []
        for field in fields:
            if field.kind == FieldKind.TABLE:
                columns = list(field.columns.all())
                rows = tables.get(field.key) or []
                numeric = [c.kind in (FieldKind.INTEGER, FieldKind.DECIMAL) for c in columns]
                body = [
                    [
                        {"value": format_value(c, row.get(c.key), language), "numeric": is_number}
                        for c, is_number in zip(columns, numeric, strict=True)
                    ]
                    for row in rows
                ]
                totals = None
                if rows and any(c.total for c in columns):
                    totals = []
                    for column in columns:
                        if not column.total:
                            totals.append("")
                            continue
                        total = sum(
                            (
                                Decimal(str(row[column.key]))
                                for row in rows
                                if row.get(column.key) not in (None, "")
                            ),
                            Decimal(0),
                        )
                        totals.append(_number(total, language))
                table_blocks.append(
                    {
                        "key": field.key,
                        "label": _label(field, language),
                        "columns": [
                            {
                                "label": _label(c, language),
                                "numeric": c.kind in (FieldKind.INTEGER, FieldKind.DECIMAL),
                            }
                            for c in columns
                        ],
                        "rows": body,
                        "totals": totals,
                    }
                )
            elif field.key in values:
                scalars.append(
                    {
                        "label": _label(field, language),
                        "value": format_value(field, values[field.key], language),
                    }
                )
        return {
            "letter": letter,
            "title": title,
            "article": template.article_paragraph if template is not None else "",
            "choice": choice,
            "not_applicable": choice == ReportForm.Choice.NOT_APPLICABLE,
            "unchanged_since": frozen.get("unchanged_since_year")
            if choice == ReportForm.Choice.UNCHANGED
            else None,
            "not_given": not choice,
            "scalars": scalars,
            "tables": table_blocks,
            "empty": choice == ReportForm.Choice.CHANGED
            and not scalars
            and not any(t["rows"] for t in table_blocks),
        }

    def context(self, *, language: str) -> dict:
        # Once per language: the web page and the PDF both read it.
        cache = self.__dict__.setdefault("_contexts", {})
        if language not in cache:
            cache[language] = self._context(language)
        return cache[language]

    def _context(self, language: str) -> dict:
        snapshot = self.version_obj.snapshot
        identity = self._identity(language)
        frozen_forms = snapshot.get("forms") or {}
        order = [letter for letter in self.templates if letter in frozen_forms]
        order += sorted(letter for letter in frozen_forms if letter not in self.templates)
        forms = [
            self._form(letter, frozen_forms[letter], self.templates.get(letter), language) for letter in order
        ]
        attachments = [
            {
                **item,
                "size_text": _number(item.get("size", 0), language),
                "sha_short": item.get("sha256", "")[:16],
            }
            for item in snapshot.get("attachments") or []
        ]
        title = self._title(language)
        return {
            **identity,
            "title": title,
            "running_title": f"{identity['convention_short']} · {identity['state_name']} · {identity['year']}",
            "forms": forms,
            "attachments": attachments,
            "comment": self.version_obj.comment,
            "digest": snapshot_digest(snapshot),
        }


class SubmissionReceipt(_VersionDocument):
    """One page: what was received, when, from whom, and the SHA-256 of exactly what was frozen."""

    template_name = "reporting/pdf/receipt.html"
    body_template_name = "reporting/pdf/_receipt_body.html"
    filename_suffix = "-receipt"

    def context(self, *, language: str) -> dict:
        identity = self._identity(language)
        return {
            **identity,
            "title": _("Receipt of an Article 7 report"),
            "report_title": self._title(language),
            "running_title": identity["convention_short"],
            "digest": snapshot_digest(self.version_obj.snapshot),
            "issued": house_style.format_date(self.on_date, language),
        }


class ComplianceTable(GeneratedDocument):
    """The compliance figures and names for a meeting's progress report: the annual reports covering
    ``year`` (due 30 April of the next year), as of ``on`` (default today).

    Names are those in use on ``on``, in the UN order of the document's language, joined in UN style.
    Queries: the dashboard's constant set plus one for the States' former names.
    """

    template_name = "reporting/pdf/compliance_table.html"
    body_template_name = "reporting/pdf/_compliance_table_body.html"
    RATE_YEARS = 5

    def __init__(self, convention: Convention, year: int, on: datetime.date | None = None):
        self.convention = convention
        self.year = year
        self.on = on or timezone.localdate()

    def identity(self) -> dict:
        return {"convention": self.convention.code, "year": self.year, "on": self.on.isoformat()}

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        convention = Convention.objects.get(code=identity["convention"])
        return cls(convention, identity["year"], datetime.date.fromisoformat(identity["on"]))

    def revision_scopes(self) -> list[str]:
        # Treaty status, obligations and names; the convention's reports and follow-ups.
        return [revisions.REFERENCE, convention_scope(self.convention.pk)]

    @cached_property
    def dashboard(self):
        years = list(range(self.year - self.RATE_YEARS + 1, self.year + 1))
        return selectors.compliance_dashboard(
            convention=self.convention, years=years, on=self.on
        ).conventions[0]

    @cached_property
    def states(self) -> dict[int, State]:
        block = self.dashboard
        ids = {entry.state.pk for entry in block.entries} | {entry.state.pk for entry in block.never_initial}
        ids |= {row.state.pk for row in block.follow_up}
        return {state.pk: state for state in State.objects.filter(pk__in=ids).with_names()}

    def filename(self, *, language: str) -> str:
        return f"{self.convention.code.lower()}-article7-compliance-{self.year}-{self.on.isoformat()}-{language}.pdf"

    def symbol(self) -> str:
        return f"{self.convention.symbol_prefix}/ART7/COMPLIANCE/{self.year}"

    def _name(self, state: State, language: str) -> str:
        return self.states[state.pk].name_on(self.on, language)

    def _names(self, states, language: str) -> list[str]:
        return house_style.sorted_names({self._name(state, language) for state in states}, language)

    def _data(self, language: str) -> dict:
        """The figures and sorted names, once per language."""
        cache = self.__dict__.setdefault("_data_by_language", {})
        if language not in cache:
            cache[language] = self._gather(language)
        return cache[language]

    def _gather(self, language: str) -> dict:
        block = self.dashboard
        entries = block.entries_for(self.year)
        by_state = {s: [e.state for e in entries if e.report_state == s] for s in ReportState}
        rate = next(r for r in block.rates if r.year == self.year)
        follow_up = sorted(
            (
                {
                    "name": self._name(row.state, language),
                    "years": row.missing_years,
                    "obligations": row.obligations,
                    "status": row.latest_follow_up.status if row.latest_follow_up else "",
                    "date": row.latest_follow_up.date.isoformat() if row.latest_follow_up else "",
                }
                for row in block.follow_up
            ),
            key=lambda row: house_style.sort_key(row["name"], language),
        )
        return {
            "rate": {
                "year": rate.year,
                "due_date": rate.due_date.isoformat(),
                "due": rate.due,
                "on_time": rate.on_time,
                "late": rate.late,
                "missing": rate.missing,
                "pending": rate.pending,
                "on_time_rate": rate.on_time_rate,
                "at_all_rate": rate.at_all_rate,
            },  # fmt: skip
            "rates": [
                {
                    "year": r.year,
                    "due": r.due,
                    "on_time": r.on_time,
                    "submitted": r.submitted,
                    "on_time_rate": r.on_time_rate,
                    "at_all_rate": r.at_all_rate,
                }
                for r in block.rates
            ],  # fmt: skip
            "on_time": self._names(by_state[ReportState.ON_TIME], language),
            "late": self._names(by_state[ReportState.LATE], language),
            "missing": self._names(by_state[ReportState.MISSING], language),
            "submitted": self._names(by_state[ReportState.ON_TIME] + by_state[ReportState.LATE], language),
            "never_initial": self._names([e.state for e in block.never_initial], language),
            "follow_up": follow_up,
        }

    def context(self, *, language: str) -> dict:
        data = self._data(language)
        rate = data["rate"]

        def n(value) -> str:
            return house_style.format_number(value, language)

        lists = []
        for key, heading in (
            ("submitted", _("States Parties that submitted the report")),
            ("on_time", _("States Parties that submitted the report on time")),
            ("late", _("States Parties that submitted the report late")),
            ("missing", _("States Parties whose report is missing")),
            ("never_initial", _("States Parties that have never submitted an initial report")),
        ):
            names = data[key]
            lists.append(
                {
                    "key": key,
                    "heading": heading,
                    "count": n(len(names)),
                    "text": house_style.join_names(names, language),
                }
            )
        convention_name = localized(self.convention, "name", language)
        date_text = house_style.format_date(self.on, language)
        obligation_labels = {
            "stockpile_destruction": _("stockpile destruction"),
            "clearance": _("clearance"),
        }
        follow_up = [
            {
                **row,
                "years_text": house_style.join_names([str(y) for y in row["years"]], language),
                "obligations_text": house_style.join_names(
                    [obligation_labels.get(o, o) for o in row["obligations"]], language
                ),
                "date_text": _date(row["date"], language) if row["date"] else "",
            }
            for row in data["follow_up"]
        ]
        return {
            "convention_name": convention_name,
            "title": _("Article 7 transparency reports: compliance for %(year)s") % {"year": self.year},
            "running_title": f"{localized(self.convention, 'short_name', language)} · {date_text}",
            "symbol": self.symbol(),
            "date_text": date_text,
            "year": self.year,
            "due_date_text": _date(rate["due_date"], language),
            "figures": {
                "due": n(rate["due"]),
                "on_time": n(rate["on_time"]),
                "late": n(rate["late"]),
                "missing": n(rate["missing"]),
                "submitted": n(rate["on_time"] + rate["late"]),
                "on_time_rate": _percent(rate["on_time_rate"], language),
                "at_all_rate": _percent(rate["at_all_rate"], language),
            },  # fmt: skip
            "rates": [
                {
                    "year": r["year"],
                    "due": n(r["due"]),
                    "on_time": n(r["on_time"]),
                    "submitted": n(r["submitted"]),
                    "on_time_rate": _percent(r["on_time_rate"], language),
                    "at_all_rate": _percent(r["at_all_rate"], language),
                }
                for r in data["rates"]
            ],  # fmt: skip
            "lists": lists,
            "follow_up": follow_up,
        }
