"""Writes: each bad input is refused with a message naming the field, and nothing is written."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from meetings import services
from meetings.demo import placeholder_pdf
from meetings.models import AgendaItem, Decision, Document, DocumentFile, Meeting, Participation, Session
from secretariat.models import AuditEntry
from tests.factories import OrganisationFactory

T = datetime.time


def refused(call, field: str, fragment: str, **kwargs):
    """Run a service, expect it to refuse on ``field`` with a message containing ``fragment``."""
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    messages = caught.value.message_dict
    assert field in messages, messages
    assert fragment in " ".join(messages[field]), messages
    return messages


def test_staff_create_a_meeting_and_the_creation_is_audited(draft_meeting):
    assert draft_meeting.status == Meeting.Status.PLANNED
    assert AuditEntry.objects.filter(
        action="meetings.meeting.created", object_id=str(draft_meeting.pk)
    ).exists()


def test_a_symbol_prefix_of_the_other_convention_is_refused(ccm, ccm_staff):
    refused(
        services.meeting_create, "symbol_prefix", "start with “CCM/”", actor=ccm_staff, convention=ccm, title_en="X",
        city_en="Geneva", start_date=datetime.date(2012, 1, 1), end_date=datetime.date(2012, 1, 2), symbol_prefix="APLC/MSP.1/2012",
    )  # fmt: skip
    assert not Meeting.objects.exists()


def test_delegates_and_the_other_isu_cannot_create_or_edit_meetings(
    draft_meeting, apmbc_staff, lebanon_delegate, ccm
):
    for actor in (apmbc_staff, lebanon_delegate):
        with pytest.raises(PermissionDenied):
            services.meeting_update(actor=actor, meeting=draft_meeting, title_en="Hijacked")
        with pytest.raises(PermissionDenied):
            services.session_add(
                actor=actor, meeting=draft_meeting, number=1, date=datetime.date(2011, 9, 13)
            )
    draft_meeting.refresh_from_db()
    assert draft_meeting.title_en == "Second Meeting of States Parties"


def test_status_follows_the_workflow(draft_meeting, ccm_staff):
    refused(
        services.meeting_set_status,
        "status",
        "cannot go from",
        actor=ccm_staff,
        meeting=draft_meeting,
        status="published",
    )
    meeting = services.meeting_set_status(actor=ccm_staff, meeting=draft_meeting, status="open")
    assert meeting.status == "open" and meeting.published_at is None


def test_publishing_sets_published_at(published_meeting):
    assert published_meeting.published_at is not None
    assert Meeting.objects.published().get() == published_meeting


def test_overlapping_sessions_are_refused(draft_meeting, ccm_staff):
    services.session_add(
        actor=ccm_staff,
        meeting=draft_meeting,
        number=1,
        date=datetime.date(2011, 9, 13),
        start_time=T(10),
        end_time=T(13),
    )
    refused(
        services.session_add, "start_time", "overlaps session 1", actor=ccm_staff, meeting=draft_meeting, number=2,
        date=datetime.date(2011, 9, 13), start_time=T(12), end_time=T(15),
    )  # fmt: skip
    services.session_add(
        actor=ccm_staff,
        meeting=draft_meeting,
        number=2,
        date=datetime.date(2011, 9, 13),
        start_time=T(13),
        end_time=T(16),
    )
    assert Session.objects.count() == 2


def test_a_session_outside_the_meeting_or_numbered_twice_is_refused(draft_meeting, ccm_staff):
    refused(
        services.session_add,
        "date",
        "outside",
        actor=ccm_staff,
        meeting=draft_meeting,
        number=1,
        date=datetime.date(2011, 9, 20),
    )
    services.session_add(actor=ccm_staff, meeting=draft_meeting, number=1, date=datetime.date(2011, 9, 13))
    refused(
        services.session_add,
        "number",
        "number 1",
        actor=ccm_staff,
        meeting=draft_meeting,
        number=1,
        date=datetime.date(2011, 9, 14),
    )
    assert Session.objects.count() == 1


def test_a_participant_twice_is_refused(draft_meeting, ccm_staff, lebanon):
    services.participation_add(actor=ccm_staff, meeting=draft_meeting, state=lebanon)
    refused(
        services.participation_add,
        "state",
        "already a participant",
        actor=ccm_staff,
        meeting=draft_meeting,
        state=lebanon,
    )
    organisation = OrganisationFactory()
    services.participation_add(actor=ccm_staff, meeting=draft_meeting, organisation=organisation)
    refused(
        services.participation_add,
        "organisation",
        "already a participant",
        actor=ccm_staff,
        meeting=draft_meeting,
        organisation=organisation,
    )
    refused(
        services.participation_add,
        "state",
        "either a State or an organisation",
        actor=ccm_staff,
        meeting=draft_meeting,
    )
    assert Participation.objects.count() == 2


@pytest.mark.parametrize(
    ("symbol", "fragment"),
    [
        ("CCM/MSP/2012/1", "must start with the meeting's prefix"),
        ("CCM/MSP/2011/XX.1", "is not a document number"),
        ("CCM/MSP/2011/1/Rev", "is not a revision"),
        ("CCM/MSP/2011/", "is not a document number"),
        ("", "is empty"),
    ],
)
def test_a_symbol_that_does_not_parse_is_refused(draft_meeting, ccm_staff, symbol, fragment):
    refused(
        services.document_register,
        "symbol",
        fragment,
        actor=ccm_staff,
        meeting=draft_meeting,
        symbol=symbol,
        title_en="T",
    )
    assert not Document.objects.exists()


def test_a_revision_without_its_parent_is_refused(draft_meeting, ccm_staff):
    refused(
        services.document_register, "symbol", "CCM/MSP/2011/1, which is not registered", actor=ccm_staff,
        meeting=draft_meeting, symbol="CCM/MSP/2011/1/Rev.1", title_en="Revised agenda",
    )  # fmt: skip
    assert not Document.objects.exists()


def test_series_and_lineage_come_from_the_symbol(draft_meeting, ccm_staff):
    original = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )
    revision = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol=" CCM/MSP/2011/1/Rev.1 ", title_en="Agenda"
    )
    addendum = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1/Rev.1/Add.2", title_en="A"
    )
    paper = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/WP.3", title_en="Paper"
    )
    assert (original.series, original.parent, original.relation) == ("main", None, "")
    assert (revision.symbol, revision.parent, revision.relation, revision.relation_number) == (
        "CCM/MSP/2011/1/Rev.1",
        original,
        "rev",
        1,
    )
    assert (addendum.parent, addendum.relation, addendum.relation_number) == (revision, "add", 2)
    assert paper.series == "wp"


def test_a_symbol_taken_is_refused(draft_meeting, ccm_staff):
    services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )
    refused(
        services.document_register,
        "symbol",
        "already registered",
        actor=ccm_staff,
        meeting=draft_meeting,
        symbol="CCM/MSP/2011/1",
        title_en="X",
    )
    assert Document.objects.count() == 1


def test_a_document_with_revisions_cannot_be_deleted(draft_meeting, ccm_staff):
    original = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )
    services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1/Rev.1", title_en="Agenda"
    )
    with pytest.raises(ValidationError, match="derive from CCM/MSP/2011/1"):
        services.document_delete(actor=ccm_staff, document=original)
    assert Document.objects.count() == 2


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_files_are_accepted_by_content_not_by_name(draft_meeting, ccm_staff):
    document = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )
    pdf = services.document_file_attach(
        actor=ccm_staff,
        document=document,
        language="ar",
        upload=ContentFile(placeholder_pdf("x"), name="agenda.docx"),
    )
    docx = services.document_file_attach(
        actor=ccm_staff, document=document, language="en", upload=ContentFile(_docx(), name="a.pdf")
    )
    assert (pdf.file_format, docx.file_format) == ("pdf", "docx")
    assert len(pdf.sha256) == 64 and pdf.size == len(placeholder_pdf("x"))
    refused(
        services.document_file_attach, "file", "Only PDF and Word", actor=ccm_staff, document=document, language="fr",
        upload=ContentFile(b"MZ\x90\x00 not a pdf", name="evil.pdf"),
    )  # fmt: skip
    assert DocumentFile.objects.count() == 2


def test_a_file_too_large_is_refused(draft_meeting, ccm_staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_FILE_BYTES", 100)
    document = services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )
    refused(
        services.document_file_attach, "file", "largest file accepted", actor=ccm_staff, document=document, language="en",
        upload=ContentFile(placeholder_pdf("x" * 200), name="a.pdf"),
    )  # fmt: skip
    assert not DocumentFile.objects.exists()


def test_a_decision_number_twice_is_refused(draft_meeting, ccm_staff):
    services.decision_add(
        actor=ccm_staff, meeting=draft_meeting, number=22, kind="welcomed", text_en="Welcomed."
    )
    refused(
        services.decision_add,
        "number",
        "paragraph 22",
        actor=ccm_staff,
        meeting=draft_meeting,
        number=22,
        text_en="Again.",
    )
    assert Decision.objects.count() == 1


def test_decision_items_have_two_levels_labelled_in_un_style(draft_meeting, ccm_staff):
    decision = services.decision_add(actor=ccm_staff, meeting=draft_meeting, number=27, text_en="Decided:")
    services.decision_item_add(actor=ccm_staff, decision=decision, text_en="First;")
    third = services.decision_item_add(actor=ccm_staff, decision=decision, order=3, text_en="Working groups:")
    sub = services.decision_item_add(
        actor=ccm_staff, decision=decision, parent=third, text_en="Universalization;"
    )
    assert (third.label("en"), third.label("ar"), sub.label("en"), sub.label("ar")) == (
        "(c)",
        "(ج)",
        "(i)",
        "’1‘",
    )
    refused(
        services.decision_item_add,
        "parent",
        "two levels",
        actor=ccm_staff,
        decision=decision,
        parent=sub,
        text_en="Too deep",
    )
    refused(
        services.decision_item_add,
        "order",
        "position 3",
        actor=ccm_staff,
        decision=decision,
        order=3,
        text_en="Taken",
    )


def test_agenda_labels_nest_to_three_levels(draft_meeting, ccm_staff):
    ten = services.agenda_item_add(
        actor=ccm_staff, meeting=draft_meeting, number=10, title_en="Status and operation"
    )
    h = services.agenda_item_add(
        actor=ccm_staff, meeting=draft_meeting, parent=ten, number=8, title_en="Implementation support"
    )
    i = services.agenda_item_add(actor=ccm_staff, meeting=draft_meeting, parent=h, title_en="ISU work plan")
    assert (i.label("en"), i.label("ar")) == ("10(h)(i)", "10(ح)’1‘")
    refused(
        services.agenda_item_add,
        "parent",
        "three levels",
        actor=ccm_staff,
        meeting=draft_meeting,
        parent=i,
        title_en="Too deep",
    )
    refused(
        services.agenda_item_add,
        "number",
        "already has an item 10",
        actor=ccm_staff,
        meeting=draft_meeting,
        number=10,
        title_en="Twice",
    )


def test_moving_an_agenda_item_renumbers_its_levels(draft_meeting, ccm_staff):
    add = services.agenda_item_add
    one, two, three = (
        add(actor=ccm_staff, meeting=draft_meeting, title_en=t) for t in ("Opening", "Agenda", "Closure")
    )
    services.agenda_item_move(actor=ccm_staff, item=three, parent=None, number=1)
    assert list(
        AgendaItem.objects.filter(parent=None).order_by("number").values_list("title_en", flat=True)
    ) == ["Closure", "Opening", "Agenda"]
    services.agenda_item_move(actor=ccm_staff, item=two, parent=three, number=1)
    two.refresh_from_db()
    assert two.label("en") == "1(a)"
    assert list(
        AgendaItem.objects.filter(parent=None).order_by("number").values_list("number", "title_en")
    ) == [(1, "Closure"), (2, "Opening")]
    refused(
        services.agenda_item_move, "parent", "under itself", actor=ccm_staff, item=three, parent=two, number=1
    )


def test_a_mandate_spans_meetings(ccm, ccm_staff, draft_meeting, norway):
    third = services.meeting_create(
        actor=ccm_staff, convention=ccm, kind="msp", ordinal=3, title_en="Third Meeting", city_en="Oslo",
        start_date=datetime.date(2012, 9, 11), end_date=datetime.date(2012, 9, 14), symbol_prefix="CCM/MSP/2012",
    )  # fmt: skip
    mandate = services.mandate_add(
        actor=ccm_staff, convention=ccm, role="president", state=norway, meeting=third,
        starts_with_end_of=draft_meeting, ends_with_end_of=third,
    )  # fmt: skip
    assert (mandate.term_start, mandate.term_end) == (datetime.date(2011, 9, 17), datetime.date(2012, 9, 14))
    refused(
        services.mandate_add, "ends_with_end_of", "before it starts", actor=ccm_staff, convention=ccm, role="president",
        state=norway, starts_with_end_of=third, ends_with_end_of=draft_meeting,
    )  # fmt: skip
    refused(
        services.mandate_add,
        "meeting",
        "or the term",
        actor=ccm_staff,
        convention=ccm,
        role="vice_president",
        state=norway,
    )
    refused(
        services.mandate_add,
        "state",
        "State, a person",
        actor=ccm_staff,
        convention=ccm,
        role="vice_president",
        meeting=third,
    )


# --- meeting files are sniffed, archives checked (issue 9, defects 16 and 18) ------------------------


@pytest.fixture
def agenda_document(draft_meeting, ccm_staff):
    return services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Agenda"
    )


def _zip_bomb_docx(unpacked: int = 30 * 1024 * 1024) -> bytes:
    """A docx with the parts Word needs and one part of zeros: a few tens of kB that inflate to ``unpacked``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.png", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _n in range(unpacked // len(block)):
                part.write(block)
    return buffer.getvalue()


def test_a_zip_bomb_docx_is_refused_naming_the_file_field(agenda_document, ccm_staff):
    bomb = _zip_bomb_docx()
    assert len(bomb) < 100_000
    refused(
        services.document_file_attach, "file", "compressed", actor=ccm_staff, document=agenda_document,
        language="en", upload=ContentFile(bomb, name="agenda.docx"),
    )  # fmt: skip
    assert not DocumentFile.objects.exists()


def test_a_docx_unpacking_past_the_cap_is_refused(agenda_document, ccm_staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # no compression: only the size counts
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "text " * 400 + "</w:document>")
    refused(
        services.document_file_attach, "file", "unpacks to", actor=ccm_staff, document=agenda_document,
        language="en", upload=ContentFile(buffer.getvalue(), name="agenda.docx"),
    )  # fmt: skip


def test_a_zip_that_lies_about_its_sizes_is_refused(agenda_document, ccm_staff):
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "x" * 5000 + "</w:document>")
    data = bytearray(good.getvalue())
    # Declare 100 bytes for word/document.xml in the central directory: it inflates to more.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    refused(
        services.document_file_attach, "file", "not a valid Word", actor=ccm_staff, document=agenda_document,
        language="en", upload=ContentFile(bytes(data), name="agenda.docx"),
    )  # fmt: skip


@pytest.mark.parametrize(
    "polyglot",
    [
        placeholder_pdf("x").replace(
            b"%PDF-1.4\n", b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>\n", 1
        ),
        placeholder_pdf("x") + b"\n<!DOCTYPE html><html><script>fetch('/admin/')</script></html>\n",
        b"<html><script>alert(1)</script></html>\n" + placeholder_pdf("x"),
    ],
    ids=["html-after-header", "html-at-the-end", "html-before-header"],
)
def test_an_html_pdf_polyglot_is_refused(agenda_document, ccm_staff, polyglot):
    with pytest.raises(ValidationError) as caught:
        services.document_file_attach(
            actor=ccm_staff,
            document=agenda_document,
            language="en",
            upload=ContentFile(polyglot, name="a.pdf"),
        )
    assert "file" in caught.value.message_dict
    assert not DocumentFile.objects.exists()


def test_a_docx_without_the_parts_of_a_word_file_is_refused(agenda_document, ccm_staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    refused(
        services.document_file_attach, "file", "Word", actor=ccm_staff, document=agenda_document,
        language="en", upload=ContentFile(buffer.getvalue(), name="a.docx"),
    )  # fmt: skip


def test_a_file_just_over_the_limit_gives_two_different_figures(agenda_document, ccm_staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_FILE_BYTES", 50 * 1024 * 1024)
    big = ContentFile(b"%PDF-1.4\n", name="a.pdf")
    big.size = 50 * 1024 * 1024 + 1  # the size is checked before anything is read
    messages = refused(
        services.document_file_attach, "file", "largest file accepted", actor=ccm_staff, document=agenda_document,
        language="en", upload=big,
    )  # fmt: skip
    assert messages["file"] == [
        "The file is 52,428,801 bytes; the largest file accepted is 52,428,800 bytes."
    ]
