"""Reporting fixtures: the real form sets loaded, States Parties, and a draft report of Lebanon."""

import datetime

import pytest

from reporting import services
from reporting.forms_data import load_report_forms
from reporting.models import FormSet
from tests.factories import TreatyEventFactory


@pytest.fixture
def forms_loaded(ccm, apmbc):
    load_report_forms()
    return FormSet.objects.get(convention=ccm)


@pytest.fixture
def lebanon_party(lebanon, ccm):
    """Lebanon ratified the CCM on 5 November 2010: in force for it from 1 May 2011."""
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=datetime.date(2010, 11, 5))
    return lebanon


@pytest.fixture
def norway_party(norway, ccm):
    TreatyEventFactory(state=norway, convention=ccm, kind="ratification", date=datetime.date(2008, 12, 3))
    return norway


@pytest.fixture
def draft(forms_loaded, lebanon_party, ccm, lebanon_delegate):
    return services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2023)
