import csv
import datetime
import itertools
import string
from pathlib import Path

import factory
from django.contrib.auth import get_user_model

from secretariat.models import (
    Convention,
    DelegateAssignment,
    IsuMembership,
    Obligation,
    Organisation,
    Person,
    State,
    StateName,
    TreatyEvent,
)


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        django_get_or_create = ("code",)

    code = "CCM"
    short_name_en = factory.LazyAttribute(lambda o: o.code)
    short_name_ar = factory.LazyAttribute(
        lambda o: {"CCM": "اتفاقية الذخائر العنقودية"}.get(o.code, "اتفاقية حظر الألغام المضادة للأفراد")
    )
    name_en = factory.LazyAttribute(
        lambda o: {"CCM": "Convention on Cluster Munitions"}.get(o.code, "Anti-Personnel Mine Ban Convention")
    )
    name_ar = factory.LazyAttribute(lambda o: o.short_name_ar)
    symbol_prefix = factory.LazyAttribute(lambda o: {"CCM": "CCM"}.get(o.code, "APLC"))
    adopted_on = factory.LazyAttribute(
        lambda o: datetime.date(2008, 5, 30) if o.code == "CCM" else datetime.date(1997, 9, 18)
    )
    opened_for_signature_on = factory.LazyAttribute(
        lambda o: datetime.date(2008, 12, 3) if o.code == "CCM" else datetime.date(1997, 12, 3)
    )
    entry_into_force = factory.LazyAttribute(
        lambda o: datetime.date(2010, 8, 1) if o.code == "CCM" else datetime.date(1999, 3, 1)
    )
    stockpile_article = factory.LazyAttribute(lambda o: "3" if o.code == "CCM" else "4")
    stockpile_period_years = factory.LazyAttribute(lambda o: 8 if o.code == "CCM" else 4)
    stockpile_max_extension_years = factory.LazyAttribute(lambda o: 4 if o.code == "CCM" else None)
    clearance_article = factory.LazyAttribute(lambda o: "4" if o.code == "CCM" else "5")
    clearance_period_years = 10
    clearance_max_extension_years = factory.LazyAttribute(lambda o: 5 if o.code == "CCM" else 10)


def _free_codes(length: int) -> list[str]:
    """Codes no real State uses, so factory States never collide with fixtures or reference data."""
    with (Path(__file__).resolve().parents[1] / "secretariat" / "data" / "states.csv").open(
        encoding="utf-8"
    ) as handle:
        taken = {row[f"iso{length}"] for row in csv.DictReader(handle)}
    return [
        "".join(p)
        for p in itertools.product(string.ascii_uppercase, repeat=length)
        if "".join(p) not in taken
    ]


FREE_ISO3 = [code for code in _free_codes(3) if code.startswith(("Q", "X", "Z"))]
FREE_ISO2 = _free_codes(2)[::-1]  # from ZZ down, far from the codes tests name explicitly (LB, NO, GH…)


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: FREE_ISO3[n % len(FREE_ISO3)])
    iso2 = factory.Sequence(lambda n: FREE_ISO2[n % len(FREE_ISO2)])
    short_name_en = factory.LazyAttribute(lambda o: f"State {o.iso3}")
    short_name_ar = factory.LazyAttribute(lambda o: f"دولة {o.iso3}")
    short_name_fr = factory.LazyAttribute(lambda o: f"État {o.iso3}")
    short_name_es = factory.LazyAttribute(lambda o: f"Estado {o.iso3}")


def many_states(count: int) -> list[State]:
    """``count`` States with codes no real State (and no named fixture) uses, for query-count tests."""
    return StateFactory.create_batch(count)


class TreatyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyEvent

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    kind = TreatyEvent.Kind.RATIFICATION
    date = datetime.date(2010, 11, 5)


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    kind = Obligation.Kind.CLEARANCE


class StateNameFactory(factory.django.DjangoModelFactory):
    """A former name of a State, in use until ``valid_to``."""

    class Meta:
        model = StateName

    state = factory.SubFactory(StateFactory)
    valid_to = datetime.date(2018, 4, 18)
    short_name_en = factory.LazyAttribute(lambda o: f"Former {o.state.short_name_en}")
    short_name_ar = factory.LazyAttribute(lambda o: f"{o.state.short_name_ar} سابقاً")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_ar = factory.Sequence(lambda n: f"منظمة {n}")
    kind = Organisation.Kind.NGO
    rule = Organisation.Rule.RULE_1_3


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct horse battery staple")
        if create:
            self.save(update_fields=["password"])


class IsuStaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def convention(self, create, extracted, **kwargs):
        if create and extracted is not None:
            IsuMembership.objects.create(user=self, convention=extracted)


class DelegateFactory(UserFactory):
    @factory.post_generation
    def assignment(self, create, extracted, **kwargs):
        if create and extracted is not None:
            state, convention = extracted
            DelegateAssignment.objects.create(user=self, state=state, convention=convention)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Hanna"
    family_name = factory.Sequence(lambda n: f"Person{n}")
