"""Final report of the demo Beirut meeting: build from the database vs WeasyPrint alone, and serving from cache.

Prints, for Arabic and English:
- build: gather the records, render the template, WeasyPrint, store (cache cleared before each run);
- weasyprint: WeasyPrint alone on the same HTML (the baseline);
- ratio build / weasyprint (the portal's overhead; target <= 1.15);
- cached: serving the unchanged report (target <= 0.05 x build): the same on every database, two
  queries (the previous meeting's id and the content revisions the services bump, secretariat/revisions.py)
  and the storage read; no record gathered;
- pages.

The process is frozen first (``secretariat.tasks.freeze_process``), as a background worker is
before its first build: ``render_pdf`` itself never touches the garbage collector.

These machines are noisy (the same WeasyPrint run takes 0.7 s or 1.1 s minutes apart), so a build and
a WeasyPrint-alone run are taken in turn, ``--rounds`` times, and the ratio is read two ways: the
median of the rounds' ratios (each round's two runs saw the same machine) and the ratio of the
fastest runs (the cost with the least interference). Likewise the cached serve is timed between builds.

Run by hand: .venv/bin/python benchmarks/final_report.py [--rounds 7]
(on SQLite by default; BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_report for PostgreSQL).
"""

import argparse
import io
import logging
import statistics
import time

from _setup import django_setup
from pypdf import PdfReader

django_setup()


from django.db import connection  # noqa: E402

from meetings.demo import load_meetings_demo  # noqa: E402
from meetings.documents import FinalReport  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from secretariat import pdf  # noqa: E402
from secretariat.tasks import freeze_process  # noqa: E402


def meeting() -> Meeting:
    return Meeting.objects.select_related("convention").get(symbol_prefix="CCM/MSP/2011")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    load_meetings_demo(files=False)
    logging.getLogger("secretariat.pdf").setLevel(logging.WARNING)
    pdf.render_pdf("<p>warm-up</p>", language="en")  # font loading is once per process, not per document
    freeze_process()  # as a worker does at start
    print(
        f"database: {connection.vendor}; {args.rounds} rounds of (build, WeasyPrint alone, cached serve x3)"
    )
    print(
        f"{'language':<9}{'build s':>9}{'weasy s':>9}{'ratio':>7}{'ratio min':>10}"
        f"{'cached s':>10}{'cached/build':>14}{'pages':>7}"
    )
    for language in ("ar", "en"):
        measure(language, max(3, args.rounds))


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(language: str, rounds: int) -> None:
    def build():
        pdf.clear_cache()
        return FinalReport(meeting()).render(language=language)

    def serve():
        return FinalReport(meeting()).render(language=language)

    html = FinalReport(meeting()).pdf_html(language=language)
    build()  # warm: the first render of a language loads its glyphs
    builds, weasys, cached = [], [], []
    for _ in range(rounds):
        builds.append(_seconds(build))
        weasys.append(_seconds(lambda: pdf.render_pdf(html, language=language)))
        cached.extend(_seconds(serve) for _ in range(3))
    content = serve().content
    pages = len(PdfReader(io.BytesIO(content)).pages)
    build_time, weasy_time = statistics.median(builds), statistics.median(weasys)
    ratio = statistics.median(b / w for b, w in zip(builds, weasys, strict=True))
    cached_time = statistics.median(cached)
    print(
        f"{language:<9}{build_time:>9.3f}{weasy_time:>9.3f}{ratio:>7.2f}{min(builds) / min(weasys):>10.2f}"
        f"{cached_time:>10.4f}{cached_time / build_time:>14.3f}{pages:>7}"
    )


if __name__ == "__main__":
    main()
