"""Import and export of participants and of the documents register: all or nothing, rows named."""

import pytest
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


# --- messages (issue 9, defect 16) ---------------------------------------------------------------


def _messages(resource, data, user):
    from secretariat.resources import import_error_messages

    result = resource.import_data(data, dry_run=True, user=user)
    return import_error_messages(result, resource)


def test_a_count_that_is_not_a_number_is_named_with_row_column_and_value(
    published_meeting, ccm_staff, lebanon
):
    data = tablib.Dataset(headers=["meeting", "iso3", "organisation", "delegates_count"])
    data.append(["CCM/MSP/2011", "LBN", "", "12a"])
    assert _messages(ParticipationResource(), data, ccm_staff) == [
        "Row 2, column “delegates_count”: “12a” is not a whole number."
    ]


def test_messages_are_in_the_order_of_the_rows_and_one_per_row_without_participant(
    published_meeting, ccm_staff, lebanon, norway
):
    data = tablib.Dataset(headers=["meeting", "iso3", "organisation", "delegates_count"])
    data.append(["CCM/MSP/2011", "LBN", "", "x"])  # a cell that cannot be read
    data.append(["CCM/MSP/2011", "", "", 2])  # neither a State nor an organisation
    data.append(["CCM/MSP/2011", "ZZZ", "", 1])
    assert _messages(ParticipationResource(), data, ccm_staff) == [
        "Row 2, column “delegates_count”: “x” is not a whole number.",
        "Row 3, column “iso3” (empty): give an ISO code (iso3) or an organisation acronym.",
        "Row 4, column “iso3”: unknown ISO code ZZZ.",
    ]


# --- the other convention's records are absent (issue 9, defect 17) --------------------------------


@pytest.fixture
def apmbc_meeting(apmbc, apmbc_staff, lebanon):
    import datetime

    from meetings import services

    return services.meeting_create(
        actor=apmbc_staff, convention=apmbc, kind="msp", ordinal=19, title_en="Nineteenth Meeting of the States Parties",
        city_en="The Hague", host_state=lebanon, start_date=datetime.date(2021, 11, 15), end_date=datetime.date(2021, 11, 19),
        symbol_prefix="APLC/MSP.19/2021",
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["apmbc_staff"])
def test_a_restricted_symbol_of_the_other_convention_reads_as_absent(
    documents, apmbc_meeting, personas, persona
):
    """APMBC staff import a row with the symbol of a restricted CCM document: the answer is the one for
    a symbol that does not exist, and nothing of the CCM document shows."""

    def answer(symbol):
        data = tablib.Dataset(headers=["meeting", "symbol", "title_en"])
        data.append(["APLC/MSP.19/2021", symbol, "Probe"])
        lines = _messages(DocumentResource(), data, personas[persona])
        return [line.replace(symbol, "<symbol>") for line in lines]

    restricted = answer("CCM/MSP/2011/MISC.1")
    assert restricted == answer("CCM/MSP/2011/MISC.9")  # no such document
    assert not any("another meeting" in line or "Note to the coordinators" in line for line in restricted)
    assert Document.objects.get(symbol="CCM/MSP/2011/MISC.1").title_en == "Note to the coordinators"


@pytest.mark.parametrize("persona", ["apmbc_staff"])
def test_a_meeting_of_the_other_convention_reads_as_unknown(
    published_meeting, apmbc_meeting, personas, persona
):
    data = tablib.Dataset(headers=["meeting", "symbol", "title_en"])
    data.append(["CCM/MSP/2011", "CCM/MSP/2011/9", "Probe"])
    data.append(["CCM/MSP/2099", "CCM/MSP/2099/1", "Probe"])
    lines = _messages(DocumentResource(), data, personas[persona])
    assert lines == [
        "Row 2, column “meeting”: unknown meeting CCM/MSP/2011.",
        "Row 3, column “meeting”: unknown meeting CCM/MSP/2099.",
    ]


def test_the_conventions_own_staff_still_update_by_symbol(documents, ccm_staff):
    data = tablib.Dataset(headers=["meeting", "symbol", "title_en", "distribution"])
    data.append(["CCM/MSP/2011", "CCM/MSP/2011/MISC.1", "Note to the coordinators (revised)", "restricted"])
    result = DocumentResource().import_data(data, dry_run=False, user=ccm_staff)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Document.objects.get(symbol="CCM/MSP/2011/MISC.1").title_en == "Note to the coordinators (revised)"


# --- the real size of a participants workbook (issue 9, defect 13) -----------------------------------


def test_a_participants_workbook_declaring_16384_columns_previews_at_its_real_size(
    published_meeting, ccm_staff, client_for, lebanon
):
    """A small xlsx whose sheet declares A1:XFD…: read-only openpyxl padded every row to 16,384 cells
    (the 197 KB file of the report took 41.5 s); the preview now reads the cells that are there."""
    import io
    import re
    import zipfile

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    book = openpyxl.Workbook()
    book.active.append(["meeting", "iso3", "organisation", "delegates_count"])
    for _n in range(300):
        book.active.append(["CCM/MSP/2011", "LBN", "", 2])
    plain, bloated = io.BytesIO(), io.BytesIO()
    book.save(plain)
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(bloated, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1:XFD301"/>', data)
            target.writestr(item, data)
    response = client_for(ccm_staff).post(
        reverse("admin:meetings_participation_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("p.xlsx", bloated.getvalue())},
    )
    lines = response.context["import_messages"]
    assert (
        lines[0] == "Row 3: LBN appears twice in the file (row 2)." and len(lines) == 299
    )  # the real rows, no "unknown column"
