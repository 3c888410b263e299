"""Small pieces every app's services share: assigning allowed fields and audited deletion."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from secretariat.audit import audit, snapshot
from secretariat.permissions import check_can


def assign_fields(instance, data: dict, allowed: list[str]) -> None:
    """Set the given fields; a field a service does not accept is refused by name, nothing set."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    for name, value in data.items():
        setattr(instance, name, value)


def audited_delete(actor, permission: str, action: str, instance, *, protected_message: str | None = None) -> None:
    """Delete after the permission check, with an audit entry; a record others still refer to is refused."""
    check_can(actor, permission, instance)
    audit(actor, action, instance, snapshot(instance))
    try:
        # A savepoint, so a refused delete leaves the caller's transaction usable.
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise ValidationError(protected_message or _("Other records refer to this one; remove them first.")) from None
