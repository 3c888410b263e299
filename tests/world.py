"""A small world of both conventions built through the services, for the audit-scope and sweep tests.

For each convention: a published and an unpublished meeting, general and restricted documents (with a
file), a decision, a participation, a mandate, a treaty event, an obligation, a follow-up. For the
CCM, whose delegates are the personas: Lebanon's draft with an attachment, Norway's submitted report
(acknowledged and published, restricted) and Norway's next year's draft with an attachment. Every
record is written by a service, so each has audit entries and history rows.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services as meetings
from meetings.demo import placeholder_pdf
from reporting import services as reporting
from reporting.forms_data import load_report_forms
from reporting.models import ReminderLog
from secretariat import services as secretariat
from tests.factories import IsuStaffFactory, StateFactory, TreatyEventFactory
from tests.reporting.reporting_helpers import PDF, submit_simple

D = datetime.date


def _meetings(convention, staff, host, prefix: str, ordinal: int):
    common = dict(kind="msp", title_ar="اجتماع", city_en="Geneva", city_ar="جنيف", host_state=host)
    published = meetings.meeting_create(
        actor=staff, convention=convention, ordinal=ordinal, title_en=f"{prefix} meeting {ordinal}",
        start_date=D(2011, 9, 13), end_date=D(2011, 9, 16), symbol_prefix=f"{prefix}/MSP/2011",
        final_report_symbol=f"{prefix}/MSP/2011/5", **common,
    )  # fmt: skip
    for status in ("open", "closed", "report_adopted", "published"):
        published = meetings.meeting_set_status(actor=staff, meeting=published, status=status)
    planned = meetings.meeting_create(
        actor=staff, convention=convention, ordinal=ordinal + 1, title_en=f"{prefix} planned meeting",
        start_date=D(2030, 9, 2), end_date=D(2030, 9, 5), symbol_prefix=f"{prefix}/MSP/2030", **common,
    )  # fmt: skip
    general = meetings.document_register(
        actor=staff, meeting=published, symbol=f"{prefix}/MSP/2011/1", title_en="Provisional agenda"
    )
    restricted = meetings.document_register(
        actor=staff, meeting=published, symbol=f"{prefix}/MSP/2011/MISC.1", title_en=f"Secret note {prefix}",
        distribution="restricted",
    )  # fmt: skip
    planned_doc = meetings.document_register(
        actor=staff, meeting=planned, symbol=f"{prefix}/MSP/2030/1", title_en=f"Planned agenda {prefix}"
    )
    for document in (general, restricted, planned_doc):
        meetings.document_file_attach(
            actor=staff,
            document=document,
            language="en",
            upload=ContentFile(placeholder_pdf("x"), name="d.pdf"),
        )
    decision = meetings.decision_add(
        actor=staff, meeting=planned, number="1", text_en=f"Planned decision {prefix}"
    )
    participation = meetings.participation_add(actor=staff, meeting=planned, state=host, delegates_count=2)
    mandate = meetings.mandate_add(
        actor=staff, convention=convention, role="president", state=host, meeting=planned,
        start_date=D(2030, 9, 2), ends_with_end_of=planned,
    )  # fmt: skip
    return SimpleNamespace(
        published=published, planned=planned, general=general, restricted=restricted, planned_doc=planned_doc,
        file=restricted.files.get(), decision=decision, participation=participation, mandate=mandate,
    )  # fmt: skip


@pytest.fixture(name="world")
def world_fixture(ccm, apmbc, ccm_staff, apmbc_staff, lebanon, norway, lebanon_delegate, norway_delegate):
    load_report_forms()
    afghanistan = StateFactory(iso3="AFG", iso2="AF", short_name_en="Afghanistan", short_name_ar="أفغانستان")
    superuser = IsuStaffFactory(username="root", convention=ccm, is_superuser=True)
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    TreatyEventFactory(state=norway, convention=ccm, kind="ratification", date=D(2008, 12, 3))
    TreatyEventFactory(state=afghanistan, convention=apmbc, kind="accession", date=D(2002, 9, 11))
    ccm_event = secretariat.treaty_event_create(
        actor=ccm_staff, state=norway, convention=ccm, kind="signature", date=D(2008, 12, 3)
    )
    apmbc_event = secretariat.treaty_event_create(
        actor=apmbc_staff, state=norway, convention=apmbc, kind="signature", date=D(1997, 12, 3)
    )
    organisation = secretariat.organisation_save(
        actor=ccm_staff, name_en="Mine Action Review", kind="ngo", rule="1(2)"
    )
    person = secretariat.person_save(actor=ccm_staff, given_name="Ana", family_name="Pérez", state=norway)
    obligation = secretariat.obligation_save(actor=ccm_staff, state=lebanon, convention=ccm, kind="clearance")
    ccm_meetings = _meetings(ccm, ccm_staff, lebanon, "CCM", 2)
    apmbc_meetings = _meetings(apmbc, apmbc_staff, afghanistan, "APLC", 19)

    # Norway: a report submitted, acknowledged and published as restricted; then next year's draft.
    norway_report = reporting.report_open(actor=norway_delegate, state=norway, convention=ccm, year=2022)
    submit_simple(norway_delegate, norway_report)
    reporting.report_acknowledge(actor=ccm_staff, report=norway_report)
    reporting.report_publish(actor=ccm_staff, report=norway_report, visibility="restricted")
    norway_draft = reporting.report_open(actor=norway_delegate, state=norway, convention=ccm, year=2023)
    norway_attachment = reporting.attachment_add(
        actor=norway_delegate, report=norway_draft, file=SimpleUploadedFile("norway-secret-plan.pdf", PDF)
    )
    lebanon_draft = reporting.report_open(actor=lebanon_delegate, state=lebanon, convention=ccm, year=2023)
    lebanon_attachment = reporting.attachment_add(
        actor=lebanon_delegate, report=lebanon_draft, file=SimpleUploadedFile("lebanon-plan.pdf", PDF)
    )
    follow_up = reporting.follow_up_save(
        actor=ccm_staff, state=norway, convention=ccm, date=D(2024, 1, 10), status="contacted", note="Called"
    )
    # What send_report_reminders records (its mail and its run are the reminders tests' business).
    reminder = ReminderLog.objects.create(
        state=norway,
        convention=ccm,
        year=2024,
        kind="annual_due",
        due_date=D(2025, 4, 30),
        recipients=["n@example.org"],
    )
    norway_report.refresh_from_db()
    return SimpleNamespace(
        ccm=ccm, apmbc=apmbc, lebanon=lebanon, norway=norway, afghanistan=afghanistan, superuser=superuser,
        ccm_event=ccm_event, apmbc_event=apmbc_event, organisation=organisation, person=person,
        obligation=obligation,
        c=ccm_meetings, a=apmbc_meetings,
        norway_report=norway_report, norway_version=norway_report.versions.get(),
        norway_draft=norway_draft, norway_attachment=norway_attachment,
        lebanon_draft=lebanon_draft, lebanon_attachment=lebanon_attachment,
        norway_draft_form=norway_draft.forms.first(), lebanon_draft_form=lebanon_draft.forms.first(),
        follow_up=follow_up, reminder=reminder,
    )  # fmt: skip
