"""Helpers of the reporting tests (the fixtures are in tests/reporting/conftest.py)."""

from reporting import services

# Transitional: the two autosave test modules (being rewritten with the autosave path, issue 10) still
# import these fixtures from here. Delete this line when they no longer do.
from tests.reporting.conftest import draft, forms_loaded, lebanon_party, norway_party  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


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
