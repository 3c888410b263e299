"""The generated final report of the demo Beirut meeting, compared with the real one (seeds/003).

Text is read from the PDF with poppler's pdftotext (logical order for Arabic, where pypdf returns
justified Arabic lines word-reversed) and flattened: NFKC, bidi marks and all white space removed, so
a phrase that wraps across lines still matches. The text is compared as extracted: nothing is undone
(pdf.css switches off Amiri's required ligatures, whose glyphs read "لك" back as "للك" and "(هـ)" as "(هل)").
Geometry comes from pdfplumber.
"""

import io
import re
import shutil
import string
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from unittest import mock

import pdfplumber
import pytest
from django.utils import translation
from pypdf import PdfReader

from meetings.demo import beirut_state_names, load_meetings_demo
from meetings.documents import FinalReport, ListOfDocuments, ListOfParticipants, ProvisionalAgenda
from meetings.models import Decision, Document, Mandate, Meeting, Participation
from secretariat import documents, pdf
from secretariat.house_style import sorted_names
from secretariat.models import AuditEntry, Convention, Organisation, Person, State, StateName, TreatyEvent
from secretariat.reference_data import load_reference_data

# Paragraphs 8-11 and the chapter headings of CCM/MSP/2011/5 (Arabic): see tests/fixtures/README.md.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "ccm_msp_2011_5_ar_excerpt.txt"
# django_db: the module data must go to the test database even when no selected test asks for `db`.
pytestmark = [
    pytest.mark.xdist_group("reference_data"),
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
    ),
]


@pytest.fixture(scope="module")
def beirut(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()
        load_meetings_demo(files=False)
        meeting = Meeting.objects.select_related("convention").get(symbol_prefix="CCM/MSP/2011")
        pdfs = {language: FinalReport(meeting).render(language=language).content for language in ("ar", "en")}
        yield meeting, pdfs
        Decision.objects.all().delete()
        Mandate.objects.all().delete()
        Document.objects.filter(parent__isnull=False).delete()
        Meeting.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        TreatyEvent.objects.all().delete()
        StateName.objects.all().delete()
        State.objects.all().delete()
        Convention.objects.all().delete()
        AuditEntry.objects.all().delete()


def flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\s]", "", text)


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        raw = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
            [shutil.which("pdftotext"), "-layout", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return flat(raw)


@pytest.fixture(scope="module")
def arabic(beirut):
    return pdf_text(beirut[1]["ar"])


@pytest.fixture(scope="module")
def english(beirut):
    return pdf_text(beirut[1]["en"])


def positions(text: str, phrases: list[str]) -> list[int]:
    """Where each phrase is found, searching each after the previous one: -1 fails (missing or out of order)."""
    found, cursor = [], 0
    for phrase in phrases:
        at = text.find(flat(phrase), cursor)
        assert at != -1, f"{phrase!r} missing or out of order"
        found.append(at)
        cursor = at + len(flat(phrase))
    return found


def test_arabic_cover_has_the_meeting_place_announced_week_symbol_and_distribution(arabic, beirut):
    for phrase in [
        "الاجتماع الثاني للدول الأطراف",
        "بيروت",
        "الوثيقة الختامية",
        "CCM/MSP/2011/5",
        "التوزيع: عام",
        "الأصل: بالإنكليزية",
    ]:
        assert flat(phrase) in arabic[:400], phrase
    # Digits and punctuation move in extracted RTL lines (PITFALLS.md): the exact line is checked in the HTML.
    assert "بيروت، 12-16 أيلول/سبتمبر 2011" in FinalReport(beirut[0]).html(language="ar")


def test_arabic_chapters_come_in_the_seeds_order_with_its_titles(arabic):
    chapters = [
        "أولاً - مقدمة",
        "ثانياً - تنظيم الاجتماع الثاني",
        "ثالثاً - أعمال الاجتماع الثاني",
        "رابعاً - المقررات والتوصيات",
        "المرفق الأول",
        "المرفق الثاني",
    ]
    positions(arabic, chapters)
    seed = flat(SEED.read_text(encoding="utf-8"))
    for title in chapters[:4]:
        assert flat(title) in seed, title  # the very headings of CCM/MSP/2011/5


def test_arabic_participant_lists_are_introduced_with_their_size_in_words(arabic):
    intros = [
        "وشاركت في أعمال الاجتماع الدول الست والأربعون التالية الأطراف في الاتفاقية:",
        "الدول الست التالية التي صدّقت على الاتفاقية أو انضمت إليها، ولكن لم يبدأ فيها سريان الاتفاقية بعد:",
        "بصفة مراقب، الدول الثماني والثلاثون التالية الموقّعة على الاتفاقية:",
        "وشارك أيضاً في أعمال الاجتماع، بصفة مراقب، كل من",
    ]
    positions(arabic, intros)
    seed = flat(SEED.read_text(encoding="utf-8"))
    for intro in intros:
        assert flat(intro) in seed, intro  # worded as the seed words them


def test_every_state_of_paragraphs_8_to_11_is_in_its_list_in_un_order(arabic):
    starts = positions(
        arabic,
        [
            "الدول الست والأربعون التالية",
            "الدول الست التالية",
            "الدول الثماني والثلاثون التالية",
            "بصفة مراقب، كل من",
            "النظام الداخلي",
        ],
    )
    for index, (paragraph, names) in enumerate(beirut_state_names().items()):
        section = arabic[starts[index] : starts[index + 1]]
        cursor = 0
        # The seed prints ليسوتو before ليتوانيا in paragraph 8; the report follows UN collation.
        for name in sorted_names(names, "ar"):
            at = section.find(flat(name), cursor)
            assert at != -1, f"paragraph {paragraph}: {name} missing or out of order"
            cursor = at + len(flat(name))
    assert arabic.find(flat("وليتوانيا")) < arabic.find(flat("وليسوتو"))


def test_arabic_dates_are_in_house_style(arabic):
    positions(arabic, ["في الفترة من 13 إلى 16 أيلول/سبتمبر", "13 أيلول/سبتمبر", "ثماني جلسات عامة"])
    assert re.search(r"13أيلول/سبتمبر[.،]?2011", arabic)
    assert "سبتمبر/أيلول" not in arabic and "13/09/2011" not in arabic


def test_arabic_decisions_carry_abjad_sub_items(arabic, beirut):
    decisions = arabic[arabic.find(flat("المقررات والتوصيات")) :]
    labels = ["(أ)", "(ب)", "(ج)", "(د)", "(هـ)"]
    positions(decisions, labels)
    positions(decisions, ["’", "الحالة العامة للاتفاقية وسيرها", "تحقيق عالمية الاتفاقية"])
    html = FinalReport(beirut[0]).html(language="ar")
    assert "(هـ)" in html and "’1‘" in html and "’6‘" in html


def test_arabic_report_has_no_english_sentence_left(arabic):
    assert not re.search(r"(Meeting|States|Parties|Convention|Distr)", arabic)


def test_english_report_reads_like_a_un_final_report(english):
    positions(
        english,
        [
            "Second Meeting of States Parties",
            "Beirut, 12–16 September 2011",
            "Final report",
            "I. Introduction",
            "II. Organization of the Second Meeting",
            "III. Work of the Second Meeting",
            "IV. Decisions and recommendations",
            "Annex I",
            "Annex II",
        ],
    )
    lowered = english.lower()
    assert flat("the following 46 States Parties").lower() in lowered
    assert flat("The following six States that have ratified").lower() in lowered
    assert flat("The following 38 signatory States").lower() in lowered
    for phrase in [
        "13 September 2011",
        "13–16 September 2011",
        "eight plenary meetings",
        "(a)",
        "(e)",
        "(i)",
        "Swaziland",
    ]:
        assert flat(phrase) in english, phrase
    assert flat("Lithuania, Luxembourg") in english


BEIRUT_COUNT_SENTENCES = {
    # 46 States Parties, 6 not yet in force, 38 signatories, 41 observer States, 8 plenaries, 4 Vice-Presidents.
    "ar": [
        "وشاركت في أعمال الاجتماع الدول الست والأربعون التالية الأطراف في الاتفاقية: إسبانيا، وإكوادور، ",
        "وشاركت في أعمال الاجتماع الدول الست التالية التي صدّقت على الاتفاقية أو انضمت إليها، ولكن لم يبدأ فيها "
        "سريان الاتفاقية بعد: أفغانستان، وبلغاريا، ",
        "وشاركت في أعمال الاجتماع، بصفة مراقب، الدول الثماني والثلاثون التالية الموقّعة على الاتفاقية: أستراليا، ",
        "وشارك أيضاً في أعمال الاجتماع، بصفة مراقب، كل من الأرجنتين، والأردن، ",
        "وعقد الاجتماع ثماني جلسات عامة. ",
        "وفي الجلسة العامة نفسها، انتُخب ممثلو جمهورية لاو الديمقراطية الشعبية، وغانا، وغواتيمالا، وفرنسا نواباً "
        "لرئيس الاجتماع بالتزكية.",
    ],
    "en": [
        "The following 46 States Parties to the Convention participated in the work of the Meeting: Albania, Austria, ",
        "The following six States that have ratified or acceded to the Convention, but for which the Convention has "
        "not yet entered into force, participated in the work of the Meeting: Afghanistan, Bulgaria, ",
        "The following 38 signatory States participated in the work of the Meeting as observers: Angola, ",
        "The following States also participated in the work of the Meeting as observers: Argentina, Armenia, ",
        "The following United Nations bodies also participated in the work of the Meeting as observers, ",
        "In accordance with rule 1(2) of the rules of procedure, representatives of the following organizations ",
        "The Meeting held eight plenary meetings. ",
        "At the same plenary meeting, the representatives of France, Ghana, Guatemala and Lao People&#x27;s "
        "Democratic Republic were elected by acclamation as Vice-Presidents of the Meeting.",
    ],
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_beirut_count_sentences_keep_the_plural_of_the_seed(beirut, db, language):
    """The real counts of CCM/MSP/2011/5 read as the report prints them (the singular and dual forms
    for one and two States must not touch them)."""
    with translation.override(language):
        chapters = FinalReport(beirut[0]).context(language=language)["chapters"]
    printed = [str(paragraph["text"]) for chapter in chapters[1:3] for paragraph in chapter["paragraphs"]]
    for sentence in BEIRUT_COUNT_SENTENCES[language]:
        assert any(paragraph.startswith(sentence) for paragraph in printed), sentence


def test_fonts_are_embedded(beirut, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed")
    for language, content in beirut[1].items():
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(content)
        command = [shutil.which("pdffonts"), str(path)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        lines = result.stdout.splitlines()[2:]
        assert lines, language
        assert all(line.split()[-5] == "yes" for line in lines), lines  # the "emb" column


def _paragraph_numbers(content: bytes, page_number: int = 0):
    with pdfplumber.open(io.BytesIO(content)) as document:
        page = document.pages[page_number]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        numbers = [w for w in words if re.fullmatch(r"\d{1,2}\.?", w["text"]) and float(w["top"]) > 200]
        return page.width, numbers


def test_arabic_paragraph_numbers_sit_at_the_right_english_at_the_left(beirut):
    width, numbers = _paragraph_numbers(beirut[1]["ar"])
    at_the_right = [w for w in numbers if w["x1"] > width - 70]
    assert len(at_the_right) >= 5  # "1 -" … "8 -" of the first page start their lines at the right margin
    width, numbers = _paragraph_numbers(beirut[1]["en"])
    at_the_left = [w for w in numbers if w["x0"] < 70 and w["text"].endswith(".")]
    assert len(at_the_left) >= 5


def test_page_counts(beirut):
    for language, content in beirut[1].items():
        assert 4 <= len(PdfReader(io.BytesIO(content)).pages) <= 12, language


def test_an_unchanged_report_is_served_from_the_cache_and_a_changed_one_rebuilt(beirut, db):
    meeting = beirut[0]
    first = FinalReport(meeting).build(language="en")
    with (
        mock.patch.object(documents, "render_to_string", wraps=documents.render_to_string) as templates,
        mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renders,
    ):
        again = FinalReport(meeting).build(language="en")
    assert again.from_cache and again.content_hash == first.content_hash
    assert templates.call_count == 0 and renders.call_count == 0  # a hit renders no template
    assert again.storage_name == pdf.cache_path(again.content_hash)
    assert again.rendered.content == first.rendered.content
    from meetings import services
    from tests.factories import IsuStaffFactory

    staff = IsuStaffFactory(username="beirut-staff", convention=meeting.convention)
    services.meeting_update(actor=staff, meeting=Meeting.objects.get(pk=meeting.pk), city_en="Beyrouth")
    changed = FinalReport(Meeting.objects.select_related("convention").get(pk=meeting.pk)).build(
        language="en"
    )
    assert not changed.from_cache and changed.content_hash != first.content_hash
    assert "Beyrouth" in pdf_text(changed.rendered.content)


@pytest.mark.parametrize("cls", [ProvisionalAgenda, ListOfParticipants, ListOfDocuments])
def test_the_other_meeting_documents_render_in_both_languages(beirut, db, cls):
    for language in ("ar", "en"):
        text = pdf_text(cls(beirut[0]).render(language=language).content)
        assert "CCM/MSP/2011" in text
    html = cls(beirut[0]).html(language="ar")
    assert 'dir="rtl"' in html


def test_list_of_documents_is_in_natural_symbol_order_with_lettered_sections(beirut, db):
    text = pdf_text(ListOfDocuments(beirut[0]).render(language="ar").content)
    positions(
        text,
        [
            "ألف",
            "CCM/MSP/2011/1",
            "CCM/MSP/2011/4",
            "باء",
            "CCM/MSP/2011/WP.1",
            "CCM/MSP/2011/WP.9",
            "جيم",
            "CCM/MSP/2011/CRP.1",
        ],
    )


def _meeting_with_participants(ccm_staff, count: int) -> Meeting:
    import datetime

    from meetings import services
    from tests.factories import StateFactory

    meeting = services.meeting_create(
        actor=ccm_staff, convention=Convention.objects.get(code="CCM"), kind="msp", ordinal=90 + count % 7,
        title_en=f"Meeting {count}", city_en="Geneva", start_date=datetime.date(2030, 9, 1),
        end_date=datetime.date(2030, 9, 3), symbol_prefix=f"CCM/MSP/{2030 + count % 50}",
    )  # fmt: skip
    for index in range(count):
        state = StateFactory(
            iso3="X" + string.ascii_uppercase[index // 26] + string.ascii_uppercase[index % 26]
        )
        services.participation_add(actor=ccm_staff, meeting=meeting, state=state)
    return meeting


@pytest.mark.parametrize("count", [10, 200])
def test_gathering_the_report_data_runs_a_constant_number_of_queries(
    beirut, db, count, django_assert_max_num_queries
):
    from tests.factories import IsuStaffFactory

    staff = IsuStaffFactory(username=f"staff-{count}", convention=Convention.objects.get(code="CCM"))
    meeting = Meeting.objects.select_related("convention").get(pk=_meeting_with_participants(staff, count).pk)
    report = FinalReport(meeting)
    with django_assert_max_num_queries(17):
        report.records.gather("en")
        report.context(language="en")
    assert sum(len(p["text"]) for c in report.context(language="en")["chapters"] for p in c["paragraphs"]) > 0
    assert Participation.objects.filter(meeting=meeting).count() == count
