"""Status of the Convention: build from the database vs WeasyPrint alone, and serving from cache.

Prints, for the APMBC (160 States Parties) in Arabic and English:
- build: gather the data, render the template, WeasyPrint, store (cache cleared before each run);
- weasyprint: WeasyPrint alone on the same HTML (the baseline);
- ratio build / weasyprint (the portal's overhead; target <= 1.15);
- cached: serving the unchanged document (target <= 0.05 x build).
"""

import io

from _setup import django_setup, timed
from pypdf import PdfReader

django_setup()


from secretariat import pdf  # noqa: E402
from secretariat.documents import StatusOfConvention  # noqa: E402
from secretariat.models import Convention  # noqa: E402


def main() -> None:
    convention = Convention.objects.get(code="APMBC")
    pdf.render_pdf("<p>warm-up</p>", language="en")  # font loading is once per process, not per document
    print(
        f"{'language':<9}{'build s':>9}{'weasy s':>9}{'ratio':>7}{'cached s':>10}{'cached/build':>14}{'pages':>7}"
    )
    for language in ("ar", "en"):
        document = StatusOfConvention(convention)

        def build(document=document, language=language):
            pdf.clear_cache()
            return document.render(language=language)

        html = document.pdf_html(language=language)
        build_time, _ = timed(build, repeat=3)
        weasy_time, _ = timed(
            lambda html=html, language=language: pdf.render_pdf(html, language=language), repeat=3
        )
        document.render(language=language)
        cached_time, _ = timed(
            lambda language=language: StatusOfConvention(convention).render(language=language), repeat=5
        )
        pages = len(PdfReader(io.BytesIO(document.render(language=language).content)).pages)
        print(
            f"{language:<9}{build_time:>9.3f}{weasy_time:>9.3f}{build_time / weasy_time:>7.2f}"
            f"{cached_time:>10.4f}{cached_time / build_time:>14.3f}{pages:>7}"
        )


if __name__ == "__main__":
    main()
