"""Shared set-up for the benchmarks: Django on a throw-away SQLite database with the reference data.

Benchmarks are run by hand (`make bench`), never in CI. Each prints its figures and a ratio against a
baseline measured in the same run, because these machines are noisy.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup(database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    if database_url is None:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """Median and minimum wall time of ``fn`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)
