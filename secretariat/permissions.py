"""Role predicates (django-rules). One set serves the admin, the views and the API.

Roles:
- ISU staff: an active staff user with an IsuMembership for a convention; acts on that convention's records.
- delegate: a user with a DelegateAssignment binding them to one State under one convention.
- coordinator: a user of a State holding a mandate (granted through the meetings app).
- public: anyone, including anonymous users: reads what is published.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied


def _convention_id(obj) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "convention_id"):
        return obj.convention_id
    if obj.__class__.__name__ == "Convention":
        return obj.pk
    return None


def isu_convention_ids(user) -> set[int]:
    """The conventions whose ISU this user works in (cached on the user object for the request)."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return set()
    cached = getattr(user, "_isu_convention_ids", None)
    if cached is None:
        cached = set(user.isu_memberships.values_list("convention_id", flat=True))
        user._isu_convention_ids = cached
    return cached


def delegate_pairs(user) -> set[tuple[int, int]]:
    """(state_id, convention_id) pairs this user acts for as a delegate."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_delegate_pairs", None)
    if cached is None:
        cached = set(user.delegate_assignments.values_list("state_id", "convention_id"))
        user._delegate_pairs = cached
    return cached


@rules.predicate
def is_isu_staff(user) -> bool:
    return bool(isu_convention_ids(user)) or bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_isu_staff_of(user, obj) -> bool:
    """Staff of the ISU of the object's convention. With no object: staff of any ISU (list pages)."""
    if user and user.is_active and user.is_superuser:
        return True
    conventions = isu_convention_ids(user)
    if obj is None:
        return bool(conventions)
    return _convention_id(obj) in conventions


@rules.predicate
def is_delegate_of(user, obj) -> bool:
    if obj is None:
        return False
    state_id = getattr(obj, "state_id", None)
    return (state_id, _convention_id(obj)) in delegate_pairs(user)


@rules.predicate
def is_delegate(user) -> bool:
    return bool(delegate_pairs(user))


# Reference records shared by both ISUs (States, their names, organisations, people): staff of either ISU.
for model in ("state", "statename", "organisation", "person"):
    rules.add_perm(f"secretariat.view_{model}", is_isu_staff)
    rules.add_perm(f"secretariat.add_{model}", is_isu_staff)
    rules.add_perm(f"secretariat.change_{model}", is_isu_staff)
    rules.add_perm(f"secretariat.delete_{model}", rules.is_superuser)

# Records that belong to one convention: only that convention's ISU.
for model in ("treatyevent", "obligation"):
    rules.add_perm(f"secretariat.view_{model}", is_isu_staff_of)
    rules.add_perm(f"secretariat.add_{model}", is_isu_staff_of)
    rules.add_perm(f"secretariat.change_{model}", is_isu_staff_of)
    rules.add_perm(f"secretariat.delete_{model}", is_isu_staff_of)

rules.add_perm("secretariat.view_convention", is_isu_staff)
rules.add_perm("secretariat.change_convention", is_isu_staff_of)
rules.add_perm("secretariat.view_auditentry", is_isu_staff)

# Import and export are separate from "change" (django-import-export asks for these codes).
for model in ("state", "statename", "organisation", "person"):
    rules.add_perm(f"secretariat.import_{model}", is_isu_staff)
    rules.add_perm(f"secretariat.export_{model}", is_isu_staff)
rules.add_perm("secretariat.import_treatyevent", is_isu_staff)
rules.add_perm("secretariat.export_treatyevent", is_isu_staff)

rules.add_perm("secretariat.view_admin", is_isu_staff)


def check_can(actor, permission: str, obj=None) -> None:
    """Raise PermissionDenied unless the actor holds the permission (on the object)."""
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(f"{getattr(actor, 'username', 'anonymous')} may not {permission}.")
