"""Status of the Convention: build from the database vs WeasyPrint alone, and serving from cache.

Prints, for the APMBC (160 States Parties) in Arabic and English:
- build: gather the data, render the template, WeasyPrint, store (cache cleared before each run);
- weasyprint: WeasyPrint alone on the same HTML (the baseline);
- ratio build / weasyprint (the portal's overhead; target <= 1.15);
- cached: serving the unchanged document (target <= 0.05 x build): one query for the content
  revisions (secretariat/revisions.py) and the storage read, on every database.

The process is frozen first (``secretariat.tasks.freeze_process``), as a background worker is
before its first build. On SQLite by default; BENCH_DATABASE_URL=postgres://... for PostgreSQL.
"""

import io

from _setup import django_setup, timed
from pypdf import PdfReader

django_setup()


from django.db import connection  # noqa: E402

from secretariat import pdf  # noqa: E402
from secretariat.documents import StatusOfConvention  # noqa: E402
from secretariat.models import Convention  # noqa: E402
from secretariat.tasks import freeze_process  # noqa: E402


def main() -> None:
    convention = Convention.objects.get(code="APMBC")
    pdf.render_pdf("<p>warm-up</p>", language="en")  # font loading is once per process, not per document
    freeze_process()  # as a worker does at start
    print(f"database: {connection.vendor}")
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
