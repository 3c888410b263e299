"""Meetings fixtures: a small CCM meeting built through the services, and personas around it."""

import datetime

import pytest

from meetings import services
from tests.factories import DelegateFactory, StateFactory, TreatyEventFactory
from tests.meetings.helpers import publish


@pytest.fixture
def draft_meeting(ccm, ccm_staff, lebanon):
    return services.meeting_create(
        actor=ccm_staff, convention=ccm, kind="msp", ordinal=2, title_en="Second Meeting of States Parties",
        title_ar="الاجتماع الثاني للدول الأطراف", city_en="Beirut", city_ar="بيروت", host_state=lebanon,
        start_date=datetime.date(2011, 9, 13), end_date=datetime.date(2011, 9, 16),
        announced_start_date=datetime.date(2011, 9, 12), announced_end_date=datetime.date(2011, 9, 16),
        symbol_prefix="CCM/MSP/2011", final_report_symbol="CCM/MSP/2011/5",
    )  # fmt: skip


@pytest.fixture
def published_meeting(draft_meeting, ccm_staff):
    return publish(draft_meeting, ccm_staff)


@pytest.fixture
def documents(published_meeting, ccm_staff):
    """A general, a limited and a restricted document of the published meeting."""
    register = services.document_register
    return {
        "general": register(actor=ccm_staff, meeting=published_meeting, symbol="CCM/MSP/2011/1", title_en="Provisional agenda"),
        "limited": register(
            actor=ccm_staff, meeting=published_meeting, symbol="CCM/MSP/2011/CRP.1", title_en="Draft final document", distribution="limited"
        ),
        "restricted": register(
            actor=ccm_staff, meeting=published_meeting, symbol="CCM/MSP/2011/MISC.1", title_en="Note to the coordinators",
            distribution="restricted",
        ),
    }  # fmt: skip


@pytest.fixture
def lebanon_coordinator(lebanon, ccm, ccm_staff, published_meeting, lebanon_delegate):
    """The Lebanon delegate, whose State holds the Presidency of the published meeting."""
    services.mandate_add(
        actor=ccm_staff, convention=ccm, role="president", state=lebanon, meeting=published_meeting,
        start_date=datetime.date(2010, 11, 13), ends_with_end_of=published_meeting,
    )  # fmt: skip
    return lebanon_delegate


@pytest.fixture
def ratified_state(ccm):
    state = StateFactory(iso3="QRA", iso2="RA", short_name_en="Ratifia", short_name_ar="راتيفيا")
    TreatyEventFactory(state=state, convention=ccm, kind="signature", date=datetime.date(2008, 12, 3))
    TreatyEventFactory(state=state, convention=ccm, kind="ratification", date=datetime.date(2010, 3, 1))
    return state


@pytest.fixture
def other_coordinator(norway, ccm):
    return DelegateFactory(username="norway-coordinator", assignment=(norway, ccm))
