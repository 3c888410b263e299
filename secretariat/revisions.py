"""Content revisions: the writers say what changed, so a generated document knows when it is stale.

The services are the only writers. Each write gives a new revision to the *scope* its record belongs
to, in the writing transaction; a generated document's cache key holds the revisions of the scopes
it reads (``GeneratedDocument.revision_scopes``), so it is rebuilt after any write to what it reads
and served from the cache otherwise, at the cost of one query whatever the size of the tables.

Scopes:

- ``reference``: conventions, States and their former names, treaty events, obligations,
  organisations and people (what every document may name);
- ``meeting:<id>``: a meeting and its records (sessions, agenda, officers and mandates,
  participations, documents, decisions): ``meetings/revisions.py``;
- ``report:<id>``, ``reporting:<convention id>``, ``forms:<form set id>``: Article 7 reports
  (submitted versions, status), everything a compliance table counts, and a form set's wording:
  ``reporting/revisions.py``.

How a write bumps it. Every service writes an audit entry in its transaction (``secretariat.audit``),
and ``audit`` calls ``bump_for(instance)``: the scopes of a record come from the function its app
registered with ``track`` (in ``AppConfig.ready``). A record no document reads is not tracked (an
Article 7 draft form: the autosave bumps nothing). Writes that are not audited one record at a time
(the reference and demo loaders) call ``bump_revision`` themselves; a service that moves a record
from one scope to another (a mandate moved to another meeting) bumps the old scopes too.

A revision is a random value, new at each write (two writes in one transaction: the last one's),
so that a database restored from a backup never gives again a revision a stored PDF was built
under; a rolled-back write changes nothing. A document built while a write commits may hold the
newer records under the older revision, never the reverse: its key is read before its records
(``GeneratedDocument.cached_pdf``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.db import models

from secretariat.models import ContentRevision

REFERENCE = "reference"

ScopeFunction = Callable[[models.Model], Iterable[str]]
_scope_functions: dict[type[models.Model], ScopeFunction] = {}


def scope(kind: str, pk: int | str | None) -> str:
    """``scope("meeting", 12)`` -> ``"meeting:12"``."""
    return f"{kind}:{pk}"


def track(*model_classes: type[models.Model], scopes: ScopeFunction) -> None:
    """Register the scopes a write to a record of ``model_classes`` bumps (called in ``ready()``)."""
    for model in model_classes:
        _scope_functions[model] = scopes


def tracked_models() -> frozenset[type[models.Model]]:
    return frozenset(_scope_functions)


def scopes_of(instance: models.Model) -> list[str]:
    """The scopes a write to ``instance`` bumps: none for a record no document reads."""
    function = _scope_functions.get(type(instance))
    return sorted(set(function(instance))) if function is not None else []


def bump_revision(*scopes: str) -> None:
    """Give each scope a new revision, in the caller's transaction (one upsert statement; the rows
    stay locked until the transaction ends, so two writers of one scope take turns)."""
    wanted = sorted(set(scopes))
    if not wanted:
        return
    revision = uuid.uuid4()
    ContentRevision.objects.bulk_create(
        [ContentRevision(scope=name, revision=revision) for name in wanted],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["revision"],
    )


def bump_for(instance: models.Model) -> None:
    """Raise the scopes of ``instance`` (``secretariat.audit.audit`` calls it for every audited write)."""
    bump_revision(*scopes_of(instance))


def revisions(scopes: Iterable[str]) -> dict[str, str]:
    """The revision of each scope, in one query; "" for a scope never written."""
    wanted = sorted(set(scopes))
    found = dict(ContentRevision.objects.filter(scope__in=wanted).values_list("scope", "revision"))
    return {name: str(found[name]) if name in found else "" for name in wanted}
