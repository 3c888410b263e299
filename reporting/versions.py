"""Snapshots of a report's content (what a version freezes) and field-by-field comparison of two versions."""

from __future__ import annotations

from typing import NamedTuple

SNAPSHOT_FORMAT = 1


def build_snapshot(report, forms, attachments) -> dict:
    """The JSON a version freezes: the report's identity, every form's choice and content, attachment hashes.

    Self-contained on purpose: form titles are copied in, so a version reads the same after the
    template's labels are edited (the structure of a used form set is frozen by the services).
    """
    return {
        "format": SNAPSHOT_FORMAT,
        "report": {
            "state": report.state.iso3,
            "convention": report.convention.code,
            "kind": report.kind,
            "year": report.year,
            "due_date": report.due_date.isoformat(),
            "visibility": report.requested_visibility,  # the State's wish at submission (the ISU decides)
        },
        "form_set": {"id": report.form_set_id, "version": report.form_set.version},
        "forms": {
            form.template.letter: {
                "title": {"en": form.template.title_en, "ar": form.template.title_ar},
                "choice": form.choice,
                "unchanged_since_year": form.unchanged_since_year,
                "data": {
                    "fields": dict(form.data.get("fields", {})),
                    "tables": dict(form.data.get("tables", {})),
                },
            }
            for form in forms
        },
        "attachments": [
            {
                "name": attachment.original_name,
                "sha256": attachment.sha256,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "purpose": attachment.purpose,
                "form": attachment.form.template.letter if attachment.form_id else None,
            }
            for attachment in attachments
        ],
    }


class Change(NamedTuple):
    """One difference between two versions. ``row`` counts from 1; ``column`` is set for table cells."""

    form: str  # form letter; "" for the report's attachments
    field: str  # field key, or "choice", "unchanged_since_year", "attachment"
    row: int | None
    column: str | None
    before: object
    after: object


def _snapshot(version) -> dict:
    return version if isinstance(version, dict) else version.snapshot


def version_diff(a, b) -> list[Change]:
    """Field-by-field differences from version ``a`` to version ``b`` (ReportVersion or snapshot dict)."""
    before, after = _snapshot(a), _snapshot(b)
    changes: list[Change] = []
    forms_a, forms_b = before.get("forms", {}), after.get("forms", {})
    for letter in sorted(set(forms_a) | set(forms_b)):
        fa, fb = forms_a.get(letter, {}), forms_b.get(letter, {})
        for key in ("choice", "unchanged_since_year"):
            if fa.get(key) != fb.get(key):
                changes.append(Change(letter, key, None, None, fa.get(key), fb.get(key)))
        da, db = fa.get("data", {}), fb.get("data", {})
        fields_a, fields_b = da.get("fields", {}), db.get("fields", {})
        for key in sorted(set(fields_a) | set(fields_b)):
            if fields_a.get(key) != fields_b.get(key):
                changes.append(Change(letter, key, None, None, fields_a.get(key), fields_b.get(key)))
        tables_a, tables_b = da.get("tables", {}), db.get("tables", {})
        for key in sorted(set(tables_a) | set(tables_b)):
            rows_a, rows_b = tables_a.get(key, []), tables_b.get(key, [])
            for index in range(max(len(rows_a), len(rows_b))):
                row_a = rows_a[index] if index < len(rows_a) else {}
                row_b = rows_b[index] if index < len(rows_b) else {}
                for column in sorted(set(row_a) | set(row_b)):
                    if row_a.get(column) != row_b.get(column):
                        changes.append(
                            Change(letter, key, index + 1, column, row_a.get(column), row_b.get(column))
                        )
    hashes_a = {item["sha256"]: item["name"] for item in before.get("attachments", [])}
    hashes_b = {item["sha256"]: item["name"] for item in after.get("attachments", [])}
    for digest in sorted(set(hashes_a) - set(hashes_b)):
        changes.append(Change("", "attachment", None, None, hashes_a[digest], None))
    for digest in sorted(set(hashes_b) - set(hashes_a)):
        changes.append(Change("", "attachment", None, None, None, hashes_b[digest]))
    return changes
