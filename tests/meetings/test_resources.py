"""Import and export of participants and of the documents register: all or nothing, rows named."""

import tablib

from meetings.models import Document, Participation
from meetings.resources import DocumentResource, ParticipationResource
from tests.factories import OrganisationFactory


def test_a_participants_file_with_one_bad_row_writes_nothing(published_meeting, ccm_staff, lebanon, norway):
    data = tablib.Dataset(headers=["meeting", "iso3", "organisation", "delegates_count"])
    data.append(["CCM/MSP/2011", "LBN", "", 3])
    data.append(["CCM/MSP/2011", "ZZZ", "", 1])
    data.append(["CCM/MSP/2011", "LBN", "", 2])
    result = ParticipationResource().import_data(data, dry_run=False, user=ccm_staff)
    assert result.has_validation_errors()
    errors = {invalid.number: invalid.error_dict for invalid in result.invalid_rows}
    assert "state" in errors[2] and "unknown ISO code ZZZ" in str(errors[2]["state"])
    assert not Participation.objects.exists()


def test_participants_import_and_export_with_the_computed_category(
    published_meeting, ccm_staff, ratified_state
):
    OrganisationFactory(acronym="ICRC", rule="1(2)")
    data = tablib.Dataset(headers=["meeting", "iso3", "organisation", "delegates_count"])
    data.append(["CCM/MSP/2011", "QRA", "", 3])
    data.append(["CCM/MSP/2011", "", "ICRC", ""])
    result = ParticipationResource().import_data(data, dry_run=False, user=ccm_staff)
    assert not result.has_errors() and not result.has_validation_errors()
    exported = ParticipationResource().export()
    assert [row[-1] for row in exported] == ["state_party", "organisation_1_2"]


def test_the_other_isu_cannot_import_into_a_meeting(published_meeting, apmbc_staff):
    data = tablib.Dataset(headers=["meeting", "symbol", "title_en"])
    data.append(["CCM/MSP/2011", "CCM/MSP/2011/1", "Agenda"])
    result = DocumentResource().import_data(data, dry_run=False, user=apmbc_staff)
    assert result.has_validation_errors() and not Document.objects.exists()


def test_documents_import_refuses_a_revision_without_parent_and_names_the_column(
    published_meeting, ccm_staff
):
    data = tablib.Dataset(headers=["meeting", "symbol", "title_en", "distribution"])
    data.append(["CCM/MSP/2011", "CCM/MSP/2011/1", "Agenda", "general"])
    data.append(["CCM/MSP/2011", "CCM/MSP/2011/2/Rev.1", "Revised", "general"])
    result = DocumentResource().import_data(data, dry_run=False, user=ccm_staff)
    invalid = result.invalid_rows[0]
    assert invalid.number == 2 and "CCM/MSP/2011/2, which is not registered" in str(
        invalid.error_dict["symbol"]
    )
    assert not Document.objects.exists()


def test_export_escapes_formulas(published_meeting, ccm_staff):
    from meetings import services

    services.document_register(
        actor=ccm_staff, meeting=published_meeting, symbol="CCM/MSP/2011/1", title_en="=HYPERLINK(1)"
    )
    exported = DocumentResource().export()
    assert exported.dict[0]["title_en"] == "'=HYPERLINK(1)"
