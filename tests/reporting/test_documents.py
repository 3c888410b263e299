"""Generated documents of the reporting app: the submitted report, its receipt and the compliance table."""

import datetime
import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone

from reporting import services
from reporting.documents import ComplianceTable, ReportDocument, SubmissionReceipt, snapshot_digest
from secretariat import pdf
from tests.factories import ObligationFactory, StateFactory, StateNameFactory, TreatyEventFactory
from tests.reporting.factories import FollowUpFactory

D = datetime.date

F_DATA = {
    "tables": {
        "areas": [
            {
                "location": "South Lebanon, Nabatieh",
                "size": "1250000",
                "status": "confirmed",
                "remnant_quantity": "340",
            },
            {"location": "Bekaa valley", "size": "480000.5", "status": "suspected", "remnant_quantity": "12"},
        ],
    },
    "fields": {"programme": "National clearance programme 2024-2026"},
}
A_DATA = {"tables": {"measures": [{"measure": "Law 240 on cluster munitions", "date_adopted": "2011-05-01"}]}}


def normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def pdf_text(content: bytes) -> str:
    return normalized("\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages))


def page_count(content: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(content)).pages)


def squashed_poppler_text(content: bytes) -> str:
    """pdftotext without bidi controls and whitespace: digits inside Arabic lines survive in order."""
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    command = [executable, "-", "-"]
    text = subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", normalized(text))


def assert_fonts_embedded(content: bytes) -> None:
    executable = shutil.which("pdffonts")
    if executable is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out = subprocess.run([executable, "-"], input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        assert " yes " in row.split(maxsplit=1)[1][20:], row


@pytest.fixture
def submitted(draft, lebanon_delegate, lebanon_party, ccm, clean_pdf_cache):
    """Lebanon's 2022 report (form A filled), then its 2023 report: A unchanged, F filled, the rest not applicable."""
    earlier = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2022)
    for form in services.selectors.report_forms(earlier):
        if form.template.letter == "A":
            services.form_save(
                actor=lebanon_delegate, report_form=form, data=A_DATA, expected_revision=form.revision
            )
        else:
            services.form_mark_not_applicable(
                actor=lebanon_delegate, report_form=form, expected_revision=form.revision
            )
    services.report_submit(actor=lebanon_delegate, report=earlier)
    for form in services.selectors.report_forms(draft):
        if form.template.letter == "A":
            services.form_mark_unchanged(
                actor=lebanon_delegate, report_form=form, expected_revision=form.revision
            )
        elif form.template.letter == "F":
            services.form_save(
                actor=lebanon_delegate, report_form=form, data=F_DATA, expected_revision=form.revision
            )
        else:
            services.form_mark_not_applicable(
                actor=lebanon_delegate, report_form=form, expected_revision=form.revision
            )
    return services.report_submit(actor=lebanon_delegate, report=draft)


def test_report_pdf_in_english_has_cover_labels_values_and_totals(submitted):
    rendered = ReportDocument(submitted).render(language="en")
    assert rendered.filename == "ccm-article7-lbn-2023-v1-en.pdf"
    text = pdf_text(rendered.content)
    for expected in (
        "Transparency report of Lebanon under Article 7 for 2023",
        "Convention on Cluster Munitions",
        "Annual report covering the calendar year 2023",
        "Form F. Contaminated areas and clearance",
        "South Lebanon, Nabatieh",
        "1,250,000",  # house style numbers
        "480,000.5",
        "1,730,000.5",  # the computed total of the size column
        "352",  # total of the remnant quantity column
        "Unchanged since the report of 2022",
        "Law 240 on cluster munitions",
        "1 May 2011",  # dates in house style
        "Not applicable.",
        "lebanon-delegate",
    ):
        assert expected in text, expected
    submitted_on = timezone.localdate(submitted.submitted_at)
    assert f"{submitted_on.day} " in text and str(submitted_on.year) in text
    assert_fonts_embedded(rendered.content)


def test_report_pdf_in_arabic_uses_arabic_labels_and_un_numbers(submitted):
    rendered = ReportDocument(submitted).render(language="ar")
    text = pdf_text(rendered.content)
    for expected in (
        "لبنان",
        "النموذج",
        "غير منطبق",
        "1 250 000",
        "1 730 000,5",
        "نيسان/أبريل"[:0] or "المجموع",
    ):
        assert expected in text, expected
    assert_fonts_embedded(rendered.content)


def test_report_html_renders_the_same_content(submitted):
    html = ReportDocument(submitted).html(language="en")
    assert "Form F. Contaminated areas and clearance" in html and "1,730,000.5" in html
    assert "<style" not in html  # the web page takes its styles from a stylesheet (CSP)


def test_receipt_is_one_page_with_digest_time_and_submitter(submitted):
    for language in ("en", "ar"):
        rendered = SubmissionReceipt(submitted).render(language=language)
        assert page_count(rendered.content) == 1
        text = pdf_text(rendered.content).replace("\n", "")
        assert snapshot_digest(submitted.snapshot) in text.replace(" ", "")
        assert "lebanon-delegate" in text
        local = timezone.localtime(submitted.submitted_at)
        assert local.strftime("%H:%M") in text
        assert_fonts_embedded(rendered.content)
    en = pdf_text(SubmissionReceipt(submitted).render(language="en").content)
    assert "Receipt of an Article 7 report" in en and "Version" in en and "Lebanon" in en


def test_digest_is_sha256_of_canonical_snapshot(submitted):
    import hashlib
    import json

    canonical = json.dumps(submitted.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert snapshot_digest(submitted.snapshot) == hashlib.sha256(canonical.encode()).hexdigest()


def test_cache_serves_the_unchanged_document(submitted, monkeypatch):
    document = ReportDocument(submitted)
    first = document.render(language="en")
    calls = []
    original = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: calls.append(1) or original(*a, **k))
    again = ReportDocument(submitted).render(language="en")
    assert again.content == first.content and calls == []
    ReportDocument(submitted).render(language="ar")  # another language is another document
    assert calls == [1]


@pytest.fixture
def compliance_data(
    ccm, forms_loaded, lebanon_party, norway_party, lebanon_delegate, norway_delegate, clean_pdf_cache
):
    """2023 reports (due 30 April 2024) as of 1 June 2024: Lebanon on time, Norway late, Spain and Eswatini
    missing (Eswatini named Swaziland until 2018), Chile never sent its initial report and is followed up."""
    for state, delegate, on in (
        (lebanon_party, lebanon_delegate, D(2024, 4, 2)),
        (norway_party, norway_delegate, D(2024, 5, 10)),
    ):
        report = services.report_open(actor=delegate, state=state, convention=ccm, year=2023)
        if report.is_editable:
            for form in services.selectors.report_forms(report):
                services.form_mark_not_applicable(
                    actor=delegate, report_form=form, expected_revision=form.revision
                )
            services.report_submit(actor=delegate, report=report)
        at = datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC)
        type(report).objects.filter(pk=report.pk).update(submitted_at=at)
    spain = StateFactory(iso3="ESP", iso2="ES", short_name_en="Spain", short_name_ar="إسبانيا")
    TreatyEventFactory(state=spain, convention=ccm, kind="ratification", date=D(2009, 6, 17))
    eswatini = StateFactory(iso3="SWZ", iso2="SZ", short_name_en="Eswatini", short_name_ar="إسواتيني")
    TreatyEventFactory(state=eswatini, convention=ccm, kind="accession", date=D(2011, 9, 13))
    StateNameFactory(state=eswatini, valid_to=D(2018, 4, 18), short_name_en="Swaziland", short_name_ar="سوازيلند")
    chile = StateFactory(iso3="CHL", iso2="CL", short_name_en="Chile", short_name_ar="شيلي")
    TreatyEventFactory(state=chile, convention=ccm, kind="ratification", date=D(2010, 12, 16))
    ObligationFactory(state=chile, convention=ccm, kind="clearance")
    FollowUpFactory(state=chile, convention=ccm, date=D(2024, 5, 15), note="Letter from the President")
    return ccm


def test_compliance_table_in_english_gives_figures_and_names_in_un_style(compliance_data):
    rendered = ComplianceTable(compliance_data, 2023, on=D(2024, 6, 1)).render(language="en")
    text = pdf_text(rendered.content)
    for expected in (
        "Annual reports due on 30 April 2024",
        "Situation as of 1 June 2024",
        "Lebanon and Norway.",  # submitted, UN join, no serial comma
        "Chile, Eswatini and Spain.",  # missing, in English alphabetical order, today's names
        "40.0 per cent",  # 2 of 5 on time would be 40: Lebanon on time of 5 due -> 20.0
    ):
        if expected == "40.0 per cent":
            assert "20.0 per cent" in text and "40.0 per cent" in text
            continue
        assert expected in text, expected
    assert "never submitted an initial report" in text
    assert "Letter from the President" not in text  # follow-up notes stay in the staff pages
    assert_fonts_embedded(rendered.content)


def test_compliance_table_in_arabic_sorts_and_joins_names_the_un_way(compliance_data):
    rendered = ComplianceTable(compliance_data, 2023, on=D(2024, 6, 1)).render(language="ar")
    text = pdf_text(rendered.content)
    # UN Arabic order ignores "ال" and folds the alifs: إسبانيا, إسواتيني, شيلي; joined with "، و".
    assert "إسبانيا، وإسواتيني، وشيلي" in text
    assert "لبنان والنرويج" in text  # two names: no comma
    assert "30نيسان/أبريل2024" in squashed_poppler_text(rendered.content)
    assert "في المائة" in text
    assert_fonts_embedded(rendered.content)


def test_compliance_table_names_states_as_on_its_date(compliance_data):
    text = pdf_text(ComplianceTable(compliance_data, 2016, on=D(2017, 6, 1)).render(language="en").content)
    assert "Swaziland" in text and "Eswatini" not in text


def test_compliance_table_queries_are_constant(compliance_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        ComplianceTable(compliance_data, 2023, on=D(2024, 6, 1)).context(language="en")


def test_every_document_renders_in_both_languages_with_page_counts(submitted, compliance_data, tmp_path):
    """Receipt one page; each document renders in both languages. With REPORTING_PDF_PICTURES=<dir> the PDFs and
    their pages as PNG (pdftoppm -r 60) are written there for a human look."""
    pictures = os.environ.get("REPORTING_PDF_PICTURES")
    pdftoppm = shutil.which("pdftoppm")
    pages = {}
    for name, document in (
        ("report", ReportDocument(submitted)),
        ("receipt", SubmissionReceipt(submitted)),
        ("compliance", ComplianceTable(compliance_data, 2023, on=D(2024, 6, 1))),
    ):
        for language in ("en", "ar"):
            content = document.render(language=language).content
            pages[f"{name}-{language}"] = page_count(content)
            if pictures and pdftoppm:
                target = Path(pictures) / f"{name}-{language}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                command = [pdftoppm, "-r", "60", "-png", str(target), str(target.with_suffix(""))]
                subprocess.run(command, check=True)  # noqa: S603
    assert pages["receipt-en"] == pages["receipt-ar"] == 1
    assert pages["report-en"] >= 2 and pages["compliance-en"] >= 1
