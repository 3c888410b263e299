"""The audit trail: one entry per change, written inside the service's transaction.

Every service audits its writes, so ``audit`` is also where a write raises the content revision of
what its record belongs to (``secretariat.revisions``): generated documents that read it are rebuilt.
"""

from django.apps import apps
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

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


# --- Who may read the trail: the staff-side scope of each record, written once -------------------
#
# The audit admin (list, filters, search, change view) and the simple-history pages of every admin
# show a record's trail only to staff who may see the record itself. Each app registers, per model
# label, the records of a set of conventions that staff of those conventions may see (its
# ``AppConfig.ready()``; ``secretariat`` imports no other app). A label nobody registered is shown to
# nobody but a superuser; a label registered as ``PRIVATE`` (a State's Article 7 drafts) to nobody on
# the staff side. Shared records (States, organisations, people) are ``SHARED``: every ISU.

SHARED = "shared"
PRIVATE = "private"

# label -> SHARED, PRIVATE, or (scope(convention_ids) -> QuerySet, keep_deleted)
_scopes: dict[str, object] = {}


def register_audit_scope(label: str, scope, *, keep_deleted: bool = True) -> None:
    """Declare who on the staff side reads the trail and history of the records of ``label``.

    ``scope`` is SHARED, PRIVATE or a function of a set of convention ids returning the records
    that staff of those conventions may see. ``keep_deleted``: entries about records deleted since
    stay readable to the ISU whose members alone wrote them (the record can no longer say whose it was).
    """
    _scopes[label] = scope if scope in (SHARED, PRIVATE) else (scope, keep_deleted)


def by_convention(label: str, path: str = "convention"):
    """A scope for records that belong to the convention reached by ``path`` (``meeting__convention``)."""

    def scope(conventions: set[int]) -> models.QuerySet:
        return apps.get_model(label)._default_manager.filter(**{f"{path}__in": conventions})

    return scope


def _viewer_conventions(user) -> set[int] | None:
    """None for a superuser (every convention); the user's ISUs otherwise (empty: not staff)."""
    from secretariat.permissions import isu_convention_ids

    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return None
    return isu_convention_ids(user)


def visible_records(user, model: type[models.Model]) -> models.QuerySet:
    """The records of ``model`` whose trail and history ``user`` may read in the admin."""
    conventions = _viewer_conventions(user)
    manager = model._default_manager
    scope = _scopes.get(model._meta.label_lower)
    if conventions is None and scope is not PRIVATE:
        if scope is None or scope is SHARED:
            return manager.all()
        return scope[0](_all_conventions())
    if not conventions or scope is None or scope is PRIVATE:
        return manager.none()
    return manager.all() if scope is SHARED else scope[0](conventions)


def audit_entry_scope(user) -> Q:
    """The audit entries ``user`` may read: those about records whose trail they may read (``visible_records``)."""
    from secretariat.models import IsuMembership

    conventions = _viewer_conventions(user)
    if conventions is not None and not conventions:
        return Q(pk__in=[])
    # Entries on whole data sets (reference data loaded) and on shared records: every ISU.
    q = Q(model="") | Q(model__in=[label for label, scope in _scopes.items() if scope is SHARED])
    if conventions is None:
        q |= ~Q(model__in=list(_scopes))  # labels nobody registered: a superuser only
        by_own_isu = Q()  # and the trail of deleted records of every convention
    else:
        # Written by someone who works in the viewer's ISU(s) and no other: the deleted record was theirs.
        own = IsuMembership.objects.filter(user_id=OuterRef("actor_id"), convention_id__in=conventions)
        other = IsuMembership.objects.filter(user_id=OuterRef("actor_id")).exclude(
            convention_id__in=conventions
        )
        by_own_isu = Exists(own) & ~Exists(other)
    for label, scope in _scopes.items():
        if scope in (SHARED, PRIVATE):
            continue
        records, keep_deleted = scope
        model = apps.get_model(label)
        q |= Q(model=label, object_id__in=_keys(records(conventions or _all_conventions())))
        if keep_deleted:
            q |= Q(model=label) & ~Q(object_id__in=_keys(model._default_manager.all())) & by_own_isu
    return q


def _keys(qs: models.QuerySet) -> models.QuerySet:
    """The primary keys as the text an entry's object_id holds (served by the (model, object_id) index)."""
    return qs.annotate(audit_key=Cast("pk", CharField())).values("audit_key")


def _all_conventions() -> set[int]:
    from secretariat.models import Convention

    return set(Convention.objects.values_list("pk", flat=True))


for _label in (
    "secretariat.state",
    "secretariat.statename",
    "secretariat.organisation",
    "secretariat.person",
):
    register_audit_scope(_label, SHARED)
register_audit_scope("secretariat.convention", SHARED)  # both ISUs read both conventions' rules
register_audit_scope("secretariat.treatyevent", by_convention("secretariat.treatyevent"))
register_audit_scope("secretariat.obligation", by_convention("secretariat.obligation"))
# Roles (isumembership, delegateassignment) are a superuser's: not registered.
