"""The audit trail: one entry per change, written inside the service's transaction.

Every service audits its writes, so ``audit`` is also where a write raises the content revision of
what its record belongs to (``secretariat.revisions``): generated documents that read it are rebuilt.
"""

from django.db import models

from secretariat import revisions
from secretariat.models import AuditEntry


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of a record, as JSON-ready strings, for before/after comparison."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def audit(actor, action: str, instance: models.Model | None, changes: dict | None = None) -> AuditEntry:
    """Record an action and raise the revision of ``instance``'s scopes (see the module's docstring).

    ``instance`` None: an action on a whole data set (e.g. a reference data load), whose caller
    raises the revisions it wrote."""
    if instance is not None:
        revisions.bump_for(instance)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        model=instance._meta.label_lower if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:300] if instance is not None else action,
        changes=changes or {},
    )


def _jsonable(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
