"""Loading the reference data files in secretariat/data/ (States, former names, treaty events, organisations).

Idempotent: records are matched on natural keys (iso3; iso3 + end of a former name; convention +
iso3 + kind; English name of an organisation) and updated in place, so running it twice changes
nothing the second time. Every treaty event is checked with the same rules as the admin
(services.validate_treaty_event) and the whole load is one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from secretariat import revisions
from secretariat.audit import audit
from secretariat.models import Convention, Organisation, State, StateName, TreatyEvent
from secretariat.services import validate_treaty_event

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        return ", ".join(f"{k}: {self.created.get(k, 0)} new, {self.updated.get(k, 0)} updated" for k in kinds) or "nothing"


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _upsert(model, lookup: dict, values: dict, result: LoadResult, kind: str):
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    changed = created
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        result.count(kind, created)
    return instance


@transaction.atomic
def load_reference_data(*, actor=None) -> LoadResult:
    result = LoadResult()
    conventions = {}
    for item in json.loads((DATA_DIR / "conventions.json").read_text(encoding="utf-8")):
        values = {k: v for k, v in item.items() if k != "code"}
        for key in ("adopted_on", "opened_for_signature_on", "entry_into_force"):
            values[key] = _date(values[key])
        conventions[item["code"]] = _upsert(Convention, {"code": item["code"]}, values, result, "conventions")

    states = {}
    for row in _rows("states.csv"):
        values = {k: row[k] for k in row if k.startswith(("short_name_", "formal_name_"))}
        values.update(iso2=row["iso2"], m49=row.get("m49", ""), un_member=row.get("un_member", "").lower() == "true")
        states[row["iso3"]] = _upsert(State, {"iso3": row["iso3"]}, values, result, "States")
    if not states:
        states = {s.iso3: s for s in State.objects.all()}

    for row in _rows("state_names_history.csv"):
        state = states[row["iso3"]]
        values = {k: row.get(k, "") for k in row if k.startswith(("short_name_", "formal_name_"))}
        values.update(valid_from=_date(row.get("valid_from", "")), source=row.get("source", ""))
        _upsert(StateName, {"state": state, "valid_to": _date(row["valid_to"])}, values, result, "former names")

    for number, row in enumerate(_rows("treaty_events.csv"), start=2):
        convention = conventions[row["convention"]]
        state = states.get(row["iso3"])
        if state is None:
            raise ValidationError(f"treaty_events.csv line {number}: unknown ISO code {row['iso3']}")
        effective = _date(row.get("effective_date", ""))
        date = _date(row["date"])
        deferred = row.get("effect_deferred", "").lower() == "true"
        lookup = {"state": state, "convention": convention, "kind": row["kind"]}
        event = TreatyEvent.objects.filter(**lookup).first() or TreatyEvent(**lookup)
        values = {
            "date": date,
            "effective_date": effective,
            "effect_deferred": deferred,
            "source": row.get("source", ""),
            "notes": row.get("notes", ""),
        }
        if event.pk and all(getattr(event, k) == v for k, v in values.items()):
            continue
        created = event.pk is None
        for k, v in values.items():
            setattr(event, k, v)
        try:
            validate_treaty_event(event)
        except ValidationError as exc:
            raise ValidationError(f"treaty_events.csv line {number} ({row['convention']} {row['iso3']}): {exc}") from None
        event.save()
        result.count("treaty events", created)

    for row in _rows("organisations.csv"):
        values = {k: row[k] for k in ("acronym", "name_ar", "name_fr", "name_es", "kind", "rule")}
        _upsert(Organisation, {"name_en": row["name_en"]}, values, result, "organisations")

    if result.created or result.updated:
        revisions.bump_revision(revisions.REFERENCE)  # written without a per-record audit
        audit(actor, "secretariat.reference_data.loaded", None, {"summary": result.summary()})
    return result
