"""Final report of the demo Beirut meeting: build from the database vs WeasyPrint alone, and serving from cache.

Prints, for Arabic and English:
- build: gather the records, render the template, WeasyPrint, store (cache cleared before each run);
- weasyprint: WeasyPrint alone on the same HTML (the baseline);
- ratio build / weasyprint (the portal's overhead; target <= 1.15);
- cached: serving the unchanged report (records, template, cache read; target <= 0.05 x build);
- pages.
Run by hand: .venv/bin/python benchmarks/final_report.py
"""

import io

from _setup import django_setup, timed
from pypdf import PdfReader

django_setup()


from meetings.demo import load_meetings_demo  # noqa: E402
from meetings.documents import FinalReport  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from secretariat import pdf  # noqa: E402


def meeting() -> Meeting:
    return Meeting.objects.select_related("convention").get(symbol_prefix="CCM/MSP/2011")


def main() -> None:
    load_meetings_demo(files=False)
    pdf.render_pdf("<p>warm-up</p>", language="en")  # font loading is once per process, not per document
    print(
        f"{'language':<9}{'build s':>9}{'weasy s':>9}{'ratio':>7}{'cached s':>10}{'cached/build':>14}{'pages':>7}"
    )
    for language in ("ar", "en"):
        measure(language)


def measure(language: str) -> None:
    def build():
        pdf.clear_cache()
        return FinalReport(meeting()).render(language=language)

    html = FinalReport(meeting()).pdf_html(language=language)
    build_time, _ = timed(build, repeat=3)
    weasy_time, _ = timed(lambda: pdf.render_pdf(html, language=language), repeat=3)
    content = FinalReport(meeting()).render(language=language).content
    cached_time, _ = timed(lambda: FinalReport(meeting()).render(language=language), repeat=5)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    print(
        f"{language:<9}{build_time:>9.3f}{weasy_time:>9.3f}{build_time / weasy_time:>7.2f}"
        f"{cached_time:>10.4f}{cached_time / build_time:>14.3f}{pages:>7}"
    )


if __name__ == "__main__":
    main()
