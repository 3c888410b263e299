"""Fixtures and helpers of the reporting tests (imported by each test module)."""

import datetime

import pytest

from reporting import services
from reporting.forms_data import load_report_forms
from reporting.models import FormSet
from tests.factories import TreatyEventFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


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


def form_of(report, letter):
    from reporting import selectors

    return next(f for f in selectors.report_forms(report) if f.template.letter == letter)


def mark_all_not_applicable(actor, report):
    from reporting import selectors

    for form in selectors.report_forms(report):
        services.form_mark_not_applicable(actor=actor, report_form=form, expected_revision=form.revision)


def submit_simple(actor, report, comment=""):
    mark_all_not_applicable(actor, report)
    return services.report_submit(actor=actor, report=report, comment=comment)
