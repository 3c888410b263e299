"""Chained fixtures: conventions, States and the five personas every permission test uses."""

import pytest

from tests.factories import ConventionFactory, DelegateFactory, IsuStaffFactory, StateFactory


@pytest.fixture
def ccm(db):
    return ConventionFactory(code="CCM")


@pytest.fixture
def apmbc(db):
    return ConventionFactory(code="APMBC")


@pytest.fixture
def lebanon(db):
    return StateFactory(iso3="LBN", iso2="LB", short_name_en="Lebanon", short_name_ar="لبنان", short_name_fr="Liban", short_name_es="Líbano")


@pytest.fixture
def norway(db):
    return StateFactory(iso3="NOR", iso2="NO", short_name_en="Norway", short_name_ar="النرويج", short_name_fr="Norvège", short_name_es="Noruega")


@pytest.fixture
def ccm_staff(ccm):
    """ISU staff of this convention (the CCM)."""
    return IsuStaffFactory(username="ccm-staff", convention=ccm)


@pytest.fixture
def apmbc_staff(apmbc):
    """ISU staff of the other convention."""
    return IsuStaffFactory(username="apmbc-staff", convention=apmbc)


@pytest.fixture
def lebanon_delegate(lebanon, ccm):
    """Delegate of this State."""
    return DelegateFactory(username="lebanon-delegate", assignment=(lebanon, ccm))


@pytest.fixture
def norway_delegate(norway, ccm):
    """Delegate of another State."""
    return DelegateFactory(username="norway-delegate", assignment=(norway, ccm))


@pytest.fixture
def personas(ccm_staff, apmbc_staff, lebanon_delegate, norway_delegate):
    return {
        "ccm_staff": ccm_staff,
        "apmbc_staff": apmbc_staff,
        "lebanon_delegate": lebanon_delegate,
        "norway_delegate": norway_delegate,
        "anonymous": None,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
