"""Loading the Article 7 form sets from reporting/data/report_forms.json (idempotent).

Matched on natural keys (convention + set version; form letter; field key; column key) and updated in
place, so a second run changes nothing. Wording (titles, labels, help, choices) is always updated; a
structural change to a set already used by submitted reports is refused: such a change is a new
version of the set in the file. A number field's bounds ("min", "max") may be corrected on a set in use:
they decide what the next save accepts, not what saved content means.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from reporting.models import ColumnDefinition, FieldDefinition, FormSet, FormTemplate
from reporting.services import form_set_definitions_changed, form_set_in_use
from secretariat.audit import audit
from secretariat.models import Convention
from secretariat.translation import CONTENT_LANGUAGES

DATA_FILE = Path(__file__).resolve().parent / "data" / "report_forms.json"
STRUCTURAL = {"kind", "unit", "required", "total", "voluntary"}


def _languages(prefix: str, values: dict | None) -> dict:
    values = values or {}
    return {f"{prefix}_{language}": values.get(language, "") for language in CONTENT_LANGUAGES}


class _Loader:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.locked = False
        self.where = ""

    def upsert(self, model, lookup: dict, values: dict):
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            if self.locked:
                raise ValidationError(
                    f"{self.where}: the set is used by submitted reports; add a new version of the set instead."
                )
            instance = model(**lookup, **values)
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
            self.created += 1
            return instance
        changed = {name for name, value in values.items() if getattr(instance, name) != value}
        if changed & STRUCTURAL and self.locked:
            raise ValidationError(
                f"{self.where}: cannot change {', '.join(sorted(changed & STRUCTURAL))} of a set in use."
            )
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save(update_fields=sorted(changed))
            self.updated += 1
        return instance

    def prune(self, queryset, keep_keys: set, key: str = "key"):
        stale = queryset.exclude(**{f"{key}__in": keep_keys})
        if stale.exists():
            if self.locked:
                raise ValidationError(f"{self.where}: cannot remove parts of a set in use.")
            stale.delete()


def _bound(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _field_values(item: dict, order: int) -> dict:
    return {
        "kind": item["kind"], "order": order, "unit": item.get("unit", ""), "required": bool(item.get("required")),
        "choices": item.get("choices", []), **_languages("label", item["label"]), **_languages("help", item.get("help")),
        "min_value": _bound(item.get("min")), "max_value": _bound(item.get("max")),
    }  # fmt: skip


def _create_set(convention, item: dict, values: dict) -> int:
    """A set not yet in the database: inserted in a few bulk statements (5 queries, not one per record)."""

    def checked(instance, parent: str):
        instance.full_clean(exclude=[parent], validate_unique=False, validate_constraints=False)
        return instance

    form_set = checked(FormSet(convention=convention, version=item["version"], **values), "convention")
    form_set.save()
    forms = FormTemplate.objects.bulk_create(
        [checked(FormTemplate(form_set=form_set, letter=f["letter"], **_form_values(f, order)), "form_set")
         for order, f in enumerate(item["forms"], start=1)]
    )  # fmt: skip
    field_items = [(form, field_item, order) for form, f in zip(forms, item["forms"], strict=True)
                   for order, field_item in enumerate(f["fields"], start=1)]  # fmt: skip
    fields = FieldDefinition.objects.bulk_create(
        [
            checked(FieldDefinition(form=form, key=fi["key"], **_field_values(fi, order)), "form")
            for form, fi, order in field_items
        ]
    )
    columns = [
        checked(
            ColumnDefinition(
                field=field, key=ci["key"], total=bool(ci.get("total")), **_field_values(ci, order)
            ),
            "field",
        )
        for field, (_form, fi, _order) in zip(fields, field_items, strict=True)
        for order, ci in enumerate(fi.get("columns", []), start=1)
    ]
    ColumnDefinition.objects.bulk_create(columns)
    return 1 + len(forms) + len(fields) + len(columns)


def _form_values(form_item: dict, order: int) -> dict:
    return {
        "order": order, "article_paragraph": form_item.get("article_paragraph", ""),
        "voluntary": bool(form_item.get("voluntary")), **_languages("title", form_item["title"]),
        **_languages("help", form_item.get("help")),
    }  # fmt: skip


@transaction.atomic
def load_report_forms(*, path: Path = DATA_FILE, actor=None) -> tuple[int, int]:
    """Create or update the form sets of the data file; returns (created, updated) record counts."""
    data = json.loads(path.read_text(encoding="utf-8"))
    loader = _Loader()
    for item in data["form_sets"]:
        convention = Convention.objects.get(code=item["convention"])
        values = {
            "valid_from": datetime.date.fromisoformat(item["valid_from"]),
            "valid_to": datetime.date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None,
            "source": item.get("source", ""), **_languages("title", item["title"]),
        }  # fmt: skip
        existing = FormSet.objects.filter(convention=convention, version=item["version"]).first()
        if existing is None:
            loader.created += _create_set(convention, item, values)
            continue
        loader.locked = form_set_in_use(existing.pk)
        loader.where = f"{item['convention']} form set v{item['version']}"
        form_set = loader.upsert(FormSet, {"convention": convention, "version": item["version"]}, values)
        for order, form_item in enumerate(item["forms"], start=1):
            form = loader.upsert(
                FormTemplate,
                {"form_set": form_set, "letter": form_item["letter"]},
                _form_values(form_item, order),
            )
            for field_order, field_item in enumerate(form_item["fields"], start=1):
                field = loader.upsert(
                    FieldDefinition,
                    {"form": form, "key": field_item["key"]},
                    _field_values(field_item, field_order),
                )
                columns = field_item.get("columns", [])
                for column_order, column_item in enumerate(columns, start=1):
                    values = {
                        **_field_values(column_item, column_order),
                        "total": bool(column_item.get("total")),
                    }
                    loader.upsert(ColumnDefinition, {"field": field, "key": column_item["key"]}, values)
                loader.prune(field.columns.all(), {c["key"] for c in columns})
            loader.prune(form.fields.all(), {f["key"] for f in form_item["fields"]})
        loader.prune(form_set.forms.all(), {f["letter"] for f in item["forms"]}, key="letter")
        form_set_definitions_changed(form_set.pk)  # app servers read the set afresh
    if loader.created or loader.updated:
        audit(actor, "reporting.forms.loaded", None, {"created": loader.created, "updated": loader.updated})
    return loader.created, loader.updated
