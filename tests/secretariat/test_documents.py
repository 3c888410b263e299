"""Status of the Convention: the PDF and web page an ISU publishes, in Arabic and English."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from unittest import mock

import pdfplumber
import pypdf
import pytest
import weasyprint
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat import documents, house_style, pdf, services
from secretariat.documents import StatusOfConvention
from secretariat.models import StateName, TreatyEvent
from tests.factories import StateFactory, TreatyEventFactory

D = datetime.date
AS_OF = D(2025, 6, 1)

# (iso3, en, ar, signature, (kind, deposit)) — dates from the UN Treaty Collection, chapter XXVI-6.
PARTIES = [
    ("PRT", "Portugal", "البرتغال", D(2008, 12, 3), ("ratification", D(2011, 3, 9))),
    ("DEU", "Germany", "ألمانيا", D(2008, 12, 3), ("ratification", D(2009, 7, 8))),
    ("ESP", "Spain", "إسبانيا", D(2008, 12, 3), ("ratification", D(2009, 6, 17))),
    ("CZE", "Czechia", "الجمهورية التشيكية", D(2008, 12, 3), ("ratification", D(2011, 9, 22))),
    ("BEL", "Belgium", "بلجيكا", D(2008, 12, 3), ("ratification", D(2009, 12, 22))),
    ("SWZ", "Eswatini", "إسواتيني", None, ("accession", D(2011, 9, 13))),
]


@pytest.fixture
def status_data(ccm, clean_pdf_cache):
    """Six States Parties, one signatory, one withdrawal (Lithuania, in effect 6 March 2025)."""
    for iso3, en, ar, signed, (kind, deposited) in PARTIES:
        state = StateFactory(iso3=iso3, iso2=iso3[:2], short_name_en=en, short_name_ar=ar)
        if signed:
            TreatyEventFactory(state=state, convention=ccm, kind="signature", date=signed)
        TreatyEventFactory(state=state, convention=ccm, kind=kind, date=deposited)
    swaziland = state
    StateName.objects.create(
        state=swaziland, valid_to=D(2018, 4, 18), short_name_en="Swaziland", short_name_ar="سوازيلند"
    )
    indonesia = StateFactory(iso3="IDN", iso2="ID", short_name_en="Indonesia", short_name_ar="إندونيسيا")
    TreatyEventFactory(state=indonesia, convention=ccm, kind="signature", date=D(2008, 12, 3))
    lithuania = StateFactory(iso3="LTU", iso2="LT", short_name_en="Lithuania", short_name_ar="ليتوانيا")
    TreatyEventFactory(state=lithuania, convention=ccm, kind="ratification", date=D(2011, 3, 24))
    TreatyEventFactory(
        state=lithuania, convention=ccm, kind="withdrawal", date=D(2024, 9, 6), effective_date=D(2025, 3, 6)
    )
    return ccm


def normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def pypdf_text(content: bytes) -> str:
    return normalized("\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages))


def squashed_poppler_text(content: bytes) -> str:
    """pdftotext output without bidi controls and whitespace: dates inside Arabic lines survive intact."""
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(  # noqa: S603 - poppler found by which(), our own PDF on stdin
        [executable, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", normalized(text))


def positions(text: str, names: list[str]) -> list[int]:
    found = [text.find(name) for name in names]
    assert -1 not in found, dict(zip(names, found, strict=True))
    return found


@pytest.fixture
def arabic_pdf(status_data):
    return StatusOfConvention(status_data, AS_OF).render(language="ar")


@pytest.fixture
def english_pdf(status_data):
    return StatusOfConvention(status_data, AS_OF).render(language="en")


def test_arabic_pdf_lists_states_parties_in_un_arabic_order(arabic_pdf):
    text = pypdf_text(arabic_pdf.content)
    expected = house_style.sorted_names([ar for _, _, ar, _, _ in PARTIES], "ar")
    found = positions(text, expected)
    assert found == sorted(found), expected
    # The definite article is ignored and the alifs folded: Spain and Eswatini before Germany,
    # Portugal under ب before Belgium, the Czech Republic under ج last.
    assert expected[-1] == "الجمهورية التشيكية"


def test_arabic_pdf_has_title_dates_and_counts_in_house_style(arabic_pdf):
    assert arabic_pdf.filename == "ccm-status-2025-06-01-ar.pdf"
    assert arabic_pdf.mimetype == "application/pdf"
    text = pypdf_text(arabic_pdf.content)
    assert "حالة اتفاقية الذخائر العنقودية" in text
    assert "الدول الأطراف" in text
    squashed = squashed_poppler_text(arabic_pdf.content)
    assert "1آب/أغسطس2010" in squashed  # Germany, Spain, Belgium: the Convention's own date
    assert "17حزيران/يونيه2009" in squashed  # Spain's deposit: يونيه, not يونيو
    assert "1حزيران/يونيه2025" in squashed  # as of
    assert "CCM/STATUS/2025" in squashed
    lines = text.splitlines()

    def count_line(label):
        return next(line for line in lines if label in line)

    assert re.search(r"(?<!\d)6(?!\d)", count_line("عدد الدول الأطراف"))
    assert re.search(r"(?<!\d)1(?!\d)", count_line("عدد الدول الموقعة التي لم تصدق"))
    assert re.search(r"(?<!\d)1(?!\d)", count_line("عدد الدول التي أصبح انسحابها نافذاً"))
    assert "ليتوانيا" in text and "إندونيسيا" in text


def test_arabic_pdf_has_no_untranslated_label(arabic_pdf):
    text = pypdf_text(arabic_pdf.content)
    latin_words = set(re.findall(r"[A-Za-z]{2,}", text))
    assert latin_words <= {"CCM", "STATUS"}, latin_words


def words_on_first_page(content: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(content)) as document:
        return document.pages[0].extract_words()


def find_word(words, text):
    for word in words:
        value = normalized(word["text"])
        # pdfplumber returns Arabic in visual order: compare both ways.
        if text in (value, value[::-1]):
            return word
    raise AssertionError(f"{text!r} not on the page")


def test_arabic_table_runs_right_to_left(arabic_pdf):
    words = words_on_first_page(arabic_pdf.content)
    belgium = find_word(words, "بلجيكا")
    same_row = [
        w for w in words if abs(w["top"] - belgium["top"]) < 6 and w["text"] in {"2008", "2009", "2010"}
    ]
    assert len(same_row) == 3  # signature, deposit, entry into force
    assert all(belgium["x0"] > date["x1"] for date in same_row)
    # Signature, deposit and entry into force follow each other leftwards.
    assert [w["text"] for w in sorted(same_row, key=lambda w: -w["x0"])] == ["2008", "2009", "2010"]


def test_english_pdf_has_dates_order_and_counts(english_pdf):
    text = pypdf_text(english_pdf.content)
    assert "Status of the Convention on Cluster Munitions" in text
    assert "1 August 2010" in text
    assert "as of 1 June 2025" in text
    assert "Number of States Parties: 6" in text
    assert "Number of signatories that have not ratified: 1" in text
    assert "Number of States whose withdrawal has taken effect: 1" in text
    assert "6 September 2024" in text and "6 March 2025" in text
    names = ["Belgium", "Czechia", "Eswatini", "Germany", "Portugal", "Spain"]
    found = positions(text, names)
    assert found == sorted(found)
    words = words_on_first_page(english_pdf.content)
    belgium = find_word(words, "Belgium")
    dates = [w for w in words if abs(w["top"] - belgium["top"]) < 4 and w["text"] in {"2008", "2009", "2010"}]
    assert len(dates) == 3 and all(belgium["x1"] < date["x0"] for date in dates)


def test_an_unchanged_document_is_not_rendered_twice(status_data):
    with mock.patch.object(weasyprint, "HTML", wraps=weasyprint.HTML) as spy:
        first = StatusOfConvention(status_data, AS_OF).render(language="ar")
        second = StatusOfConvention(status_data, AS_OF).render(language="ar")
    assert spy.call_count == 1
    assert first.content == second.content


def test_a_changed_document_is_rendered_again(status_data, admin_user):
    first = StatusOfConvention(status_data, AS_OF).render(language="en")
    chile = StateFactory(iso3="CHL", iso2="CL", short_name_en="Chile", short_name_ar="شيلي")
    # Recorded through the service, as the admin, the API and the importer do: it bumps the revision.
    services.treaty_event_create(
        actor=admin_user, state=chile, convention=status_data, kind="ratification", date=D(2010, 12, 16)
    )
    with mock.patch.object(weasyprint, "HTML", wraps=weasyprint.HTML) as spy:
        second = StatusOfConvention(status_data, AS_OF).render(language="en")
    assert spy.call_count == 1
    assert "Chile" in pypdf_text(second.content) and "Chile" not in pypdf_text(first.content)
    # Each language is its own document.
    with mock.patch.object(weasyprint, "HTML", wraps=weasyprint.HTML) as spy:
        StatusOfConvention(status_data, AS_OF).render(language="ar")
    assert spy.call_count == 1


def test_a_cache_hit_renders_no_template_and_runs_no_weasyprint(status_data):
    StatusOfConvention(status_data, AS_OF).render(language="ar")
    with (
        mock.patch.object(documents, "render_to_string", wraps=documents.render_to_string) as templates,
        mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renders,
    ):
        again = StatusOfConvention(status_data, AS_OF).cached_pdf(language="ar")
    assert again.from_cache
    assert templates.call_count == 0 and renders.call_count == 0


def test_the_key_changes_with_data_language_and_presentation(status_data, monkeypatch):
    document = StatusOfConvention(status_data, AS_OF)
    key = pdf.cache_key(document.key_parts("en"))
    assert pdf.cache_key(StatusOfConvention(status_data, AS_OF).key_parts("en")) == key
    assert pdf.cache_key(document.key_parts("ar")) != key
    assert pdf.cache_key(StatusOfConvention(status_data, D(2025, 6, 2)).key_parts("en")) != key
    monkeypatch.setattr(documents, "presentation_fingerprint", lambda: "another template text")
    assert pdf.cache_key(StatusOfConvention(status_data, AS_OF).key_parts("en")) != key


def test_a_changed_template_file_is_rendered_again(status_data, monkeypatch):
    first = StatusOfConvention(status_data, AS_OF).cached_pdf(language="en")
    # As after a deploy of an edited template (or catalogue, stylesheet, font): a new fingerprint.
    monkeypatch.setattr(documents, "presentation_fingerprint", lambda: "edited")
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renders:
        second = StatusOfConvention(status_data, AS_OF).cached_pdf(language="en")
    assert renders.call_count == 1 and not second.from_cache and second.key != first.key


def test_a_renamed_convention_is_rendered_again(status_data, admin_user):
    first = StatusOfConvention(status_data, AS_OF).render(language="en")
    services.convention_update(
        actor=admin_user, convention=status_data, name_en="Convention on Cluster Munitions (2008)"
    )
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renders:
        second = StatusOfConvention(status_data, AS_OF).render(language="en")
    assert renders.call_count == 1
    assert "(2008)" in pypdf_text(second.content) and "(2008)" not in pypdf_text(first.content)


def test_the_presentation_fingerprint_covers_templates_catalogues_stylesheet_and_fonts(tmp_path):
    labels = {label for label, _path in documents.presentation_files()}
    assert "template:secretariat/pdf/status_of_convention.html" in labels
    assert "template:meetings/pdf/final_report.html" in labels
    assert "template:reporting/pdf/receipt.html" in labels
    assert "catalogue:ar/LC_MESSAGES/django.mo" in labels
    assert "static:secretariat/css/pdf.css" in labels
    assert "font:Amiri-Regular.ttf" in labels
    assert not any(label.startswith("template:") and "/pdf/" not in label for label in labels)
    # Any byte of any of those files changes it.
    template = tmp_path / "status.html"
    template.write_text("<p>{{ title }}</p>", encoding="utf-8")
    files = [("template:secretariat/pdf/status.html", template)]
    before = documents.fingerprint_of(files)
    template.write_text("<p>{{ title }}.</p>", encoding="utf-8")
    assert documents.fingerprint_of(files) != before
    assert documents.presentation_fingerprint() == documents.presentation_fingerprint()  # once per process


def test_the_key_is_found_with_one_query_whatever_the_records(status_data, django_assert_num_queries):
    """The key holds the revisions of what the document reads, not the records: one query."""
    make_states(status_data, 30)
    document = StatusOfConvention(status_data, AS_OF)
    with django_assert_num_queries(1):
        key = document.cache_key("ar")
    assert "states" not in document.__dict__  # no record read
    assert StatusOfConvention(status_data, AS_OF).cache_key("ar") == key


def make_states(convention, count, start=0):
    # Explicit codes (Z..): the factory's shared sequence is left alone for other tests.
    for n in range(start, start + count):
        code = chr(65 + n // 26) + chr(65 + n % 26)
        state = StateFactory(
            iso3=f"Z{code}", iso2=code, short_name_en=f"State {n}", short_name_ar=f"دولة {n}"
        )
        TreatyEventFactory(state=state, convention=convention, kind="signature", date=D(2008, 12, 3))
        if n % 3:
            TreatyEventFactory(
                state=state,
                convention=convention,
                kind="ratification",
                date=D(2010, 1, 1) + datetime.timedelta(days=n),
            )
        if n % 7 == 0:
            StateName.objects.create(
                state=state, valid_to=D(2012, 1, 1), short_name_en=f"Old {n}", short_name_ar=f"قديم {n}"
            )


@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_states(ccm, count, django_assert_max_num_queries):
    make_states(ccm, count)
    document = StatusOfConvention(ccm, AS_OF)
    with django_assert_max_num_queries(3):
        document.html(language="ar")
    with mock.patch.object(pdf, "render_pdf", return_value=b"%PDF-1.7 stub\n%%EOF\n"):
        # A miss: the revisions, then the records afresh (the convention, then three queries).
        with django_assert_max_num_queries(5):
            document.render(language="ar")
        # A hit: the revisions only.
        with django_assert_max_num_queries(1):
            document.render(language="ar")


def test_query_count_is_the_same_for_10_and_200_states(ccm):
    counts = []
    for start, count in ((0, 10), (10, 190)):
        make_states(ccm, count, start)
        with CaptureQueriesContext(connection) as queries:
            StatusOfConvention(ccm, AS_OF).html(language="en")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_states_carry_the_name_they_used_on_the_as_of_date(status_data):
    old = StatusOfConvention(status_data, D(2011, 12, 31))
    assert "Swaziland" in old.html(language="en") and "Eswatini" not in old.html(language="en")
    assert "سوازيلند" in old.html(language="ar")
    # On 31 December 2011 Swaziland (and Czechia) had deposited, but the Convention was not yet in force for them.
    assert "Number of States for which the Convention has not yet entered into force: 2" in old.html(
        language="en"
    )
    current = StatusOfConvention(status_data, AS_OF)
    assert "Eswatini" in current.html(language="en") and "Swaziland" not in current.html(language="en")
    assert "إسواتيني" in current.html(language="ar")


def test_events_after_the_as_of_date_are_ignored(status_data):
    html = StatusOfConvention(status_data, D(2009, 1, 1)).html(language="en")
    assert "Number of States Parties: 0" in html
    assert "Number of signatories that have not ratified: 6" in html
    assert "Withdrawals" not in html


def test_web_body_is_the_same_template_with_direction(status_data):
    html = StatusOfConvention(status_data, AS_OF).html(language="ar")
    assert 'dir="rtl"' in html and "<html" not in html
    assert "1 آب/أغسطس 2010" in html


@pytest.mark.parametrize(("language", "date"), [("fr", "1er août 2010"), ("es", "1 de agosto de 2010")])
def test_french_and_spanish_documents_render(status_data, language, date):
    document = StatusOfConvention(status_data, AS_OF)
    assert date in document.html(language=language)
    assert 'dir="ltr"' in document.html(language=language)


def test_arabic_indic_digits_on_request(status_data):
    html = StatusOfConvention(status_data, AS_OF, arabic_indic_digits=True).pdf_html(language="ar")
    assert "١ آب/أغسطس ٢٠١٠" in html and 'class="digits-arabic-indic"' in html
    assert "1 August 2010" in StatusOfConvention(status_data, AS_OF, arabic_indic_digits=True).html(
        language="en"
    )


def test_render_document_command_writes_pdf_and_html(status_data, tmp_path):
    target = tmp_path / "status-ar.pdf"
    call_command(
        "render_document", "status", "CCM", "--language", "ar", "--date", "2025-06-01", "-o", str(target)
    )
    assert target.read_bytes().startswith(b"%PDF")
    page = tmp_path / "status-ar.html"
    call_command(
        "render_document",
        "status",
        str(status_data.pk),
        "--language",
        "ar",
        "--date",
        "2025-06-01",
        "--html",
        "-o",
        str(page),
    )
    assert '<html lang="ar" dir="rtl"' in page.read_text(encoding="utf-8")


def test_render_document_command_names_an_unknown_convention(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No convention"):
        call_command("render_document", "status", "XYZ")


def test_withdrawal_rows_keep_notification_and_effective_dates(status_data):
    html = StatusOfConvention(status_data, AS_OF).html(language="ar")
    assert "6 أيلول/سبتمبر 2024" in html and "6 آذار/مارس 2025" in html
    assert TreatyEvent.objects.filter(kind="withdrawal").count() == 1
