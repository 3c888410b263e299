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


# --- Meetings: ISU staff of the meeting's convention; coordinators (meetings app) ------------------
# A coordinator of a meeting is a user whose DelegateAssignment binds them, under the meeting's
# convention, to a State that holds a Mandate current at that meeting (an office of the meeting, or
# a term "from the end of one meeting until the end of another" that covers its dates).


def meeting_convention_id(obj) -> int | None:
    """The convention of a meeting or of a record of a meeting (session, document, decision item ...)."""
    if obj is None:
        return None
    for path in ("meeting", "document.meeting", "decision.meeting"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None) if target is not None and hasattr(target, name + "_id") else None
        if target is not None:
            return target.convention_id
    return _convention_id(obj)


def coordinated_meeting_ids(user) -> set[int]:
    """The meetings at which one of the user's States holds a current mandate (cached on the user)."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_coordinated_meeting_ids", None)
    if cached is None:
        from django.db.models import Exists, Q

        from meetings.models import Mandate, Meeting

        pairs = delegate_pairs(user)
        cached = set()
        if pairs:
            held = Q()
            for state_id, convention_id in pairs:
                held |= Q(state_id=state_id, convention_id=convention_id)
            mandates = Mandate.objects.filter(held).current_at(None, outer=True)
            cached = set(Meeting.objects.filter(Exists(mandates)).values_list("pk", flat=True))
        user._coordinated_meeting_ids = cached
    return cached


def _meeting_id(obj) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Meeting":
        return obj.pk
    if hasattr(obj, "meeting_id"):
        return obj.meeting_id
    document = getattr(obj, "document", None)
    return document.meeting_id if document is not None else None


@rules.predicate
def is_isu_staff_of_meeting(user, obj) -> bool:
    """Staff of the ISU of the convention of a meeting (or of a record of one). No object: any ISU."""
    if user and user.is_active and user.is_superuser:
        return True
    if obj is None:
        return bool(isu_convention_ids(user))
    return meeting_convention_id(obj) in isu_convention_ids(user)


@rules.predicate
def is_coordinator_of(user, obj) -> bool:
    """A coordinator of the meeting of the object (a meeting, a document, a file)."""
    meeting_id = _meeting_id(obj)
    return meeting_id is not None and meeting_id in coordinated_meeting_ids(user)


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(coordinated_meeting_ids(user))


@rules.predicate
def is_public_document(user, obj) -> bool:
    """A general-distribution document (or its file) of a published meeting."""
    document = getattr(obj, "document", obj)
    if document is None or not hasattr(document, "distribution"):
        return False
    return document.distribution == "general" and document.meeting.status == "published"


@rules.predicate
def is_published_meeting(user, obj) -> bool:
    meeting = obj if obj.__class__.__name__ == "Meeting" else getattr(obj, "meeting", None)
    return meeting is not None and meeting.status == "published"


for model in ("meeting", "session", "agendaitem", "mandate", "participation", "document", "documentfile", "decision", "decisionitem"):
    rules.add_perm(f"meetings.view_{model}", is_isu_staff_of_meeting)
    rules.add_perm(f"meetings.add_{model}", is_isu_staff_of_meeting)
    rules.add_perm(f"meetings.change_{model}", is_isu_staff_of_meeting)
    rules.add_perm(f"meetings.delete_{model}", is_isu_staff_of_meeting)
rules.add_perm("meetings.publish_meeting", is_isu_staff_of_meeting)
rules.add_perm("meetings.read_meeting", is_published_meeting | is_isu_staff_of_meeting | is_coordinator_of)
rules.add_perm("meetings.download_document", is_public_document | is_isu_staff_of_meeting | is_coordinator_of)
rules.add_perm("meetings.view_coordinator_space", is_coordinator)
for model in ("participation", "document"):
    rules.add_perm(f"meetings.import_{model}", is_isu_staff)
    rules.add_perm(f"meetings.export_{model}", is_isu_staff)
