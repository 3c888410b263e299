"""Demo logins for every persona, and a few obligation records, for `make run`.

Only for development and demonstrations: the password is printed on the console. The command refuses
to run when DEBUG is off, so a production database never receives these accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat import revisions
from secretariat.models import Convention, DelegateAssignment, IsuMembership, Obligation, State

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - printed to the developer on purpose


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


# Obligations known from the reference documents (seeds): held, not yet completed.
DEMO_OBLIGATIONS = [
    ("LBN", "CCM", Obligation.Kind.CLEARANCE),
    ("LAO", "CCM", Obligation.Kind.CLEARANCE),
    ("BIH", "CCM", Obligation.Kind.CLEARANCE),
    ("AFG", "APMBC", Obligation.Kind.CLEARANCE),
    ("KHM", "APMBC", Obligation.Kind.CLEARANCE),
    ("BIH", "APMBC", Obligation.Kind.CLEARANCE),
    ("UKR", "APMBC", Obligation.Kind.STOCKPILE_DESTRUCTION),
    ("GRC", "APMBC", Obligation.Kind.STOCKPILE_DESTRUCTION),
]


@transaction.atomic
def load_demo_data() -> list[DemoLogin]:
    User = get_user_model()
    apmbc = Convention.objects.get(code="APMBC")
    ccm = Convention.objects.get(code="CCM")
    states = {s.iso3: s for s in State.objects.filter(iso3__in={"LBN", "NOR", "AFG", "KHM", "BIH", "LAO", "UKR", "GRC"})}
    logins: list[DemoLogin] = []

    def user(username: str, role: str, **flags):
        account, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org", **flags})
        for name, value in flags.items():
            setattr(account, name, value)
        account.set_password(DEMO_PASSWORD)
        account.save()
        logins.append(DemoLogin(username, role))
        return account

    user("admin", "superuser (everything)", is_staff=True, is_superuser=True)
    for convention, name in ((apmbc, "apmbc-staff"), (ccm, "ccm-staff")):
        staff = user(name, f"ISU staff of the {convention.code}", is_staff=True)
        IsuMembership.objects.get_or_create(user=staff, convention=convention)
    for iso3, convention in (("LBN", ccm), ("NOR", ccm), ("AFG", apmbc)):
        if iso3 not in states:
            continue
        delegate = user(f"delegate-{iso3.lower()}-{convention.code.lower()}", f"delegate of {states[iso3].short_name_en} ({convention.code})")
        DelegateAssignment.objects.get_or_create(user=delegate, convention=convention, defaults={"state": states[iso3]})

    for iso3, code, kind in DEMO_OBLIGATIONS:
        if iso3 in states:
            Obligation.objects.get_or_create(
                state=states[iso3], convention=apmbc if code == "APMBC" else ccm, kind=kind,
                defaults={"source": "Demo data: obligation reported in Article 7 reports"},
            )  # fmt: skip
    revisions.bump_revision(revisions.REFERENCE)  # the obligations above are written without a service

    from meetings.demo import load_meetings_demo  # Beirut 2011 (CCM) and The Hague 2021 (APMBC)
    from reporting.demo import load_reporting_demo

    load_meetings_demo()
    load_reporting_demo()
    return logins
