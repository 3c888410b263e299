from secretariat.models.audit import AuditEntry
from secretariat.models.conventions import Convention
from secretariat.models.organisations import Organisation, Person
from secretariat.models.revisions import ContentRevision
from secretariat.models.roles import DelegateAssignment, IsuMembership
from secretariat.models.states import Obligation, State, StateName, TreatyEvent

__all__ = [
    "AuditEntry",
    "ContentRevision",
    "Convention",
    "DelegateAssignment",
    "IsuMembership",
    "Obligation",
    "Organisation",
    "Person",
    "State",
    "StateName",
    "TreatyEvent",
]
