"""The deadline-day rush: many delegates autosaving drafts at once, against gunicorn and PostgreSQL.

What it does (loopback only, bounded in clients, saves and time; it stops by itself):
1. (re)creates the database ``bench_rush`` on the local PostgreSQL and migrates it
   (benchmarks/bench_settings.py: the production settings with DEBUG off);
2. creates ``--clients`` delegates of as many CCM States Parties, each with an open 2023 report, and
   a logged-in session each (cached_db sessions in Redis and PostgreSQL, as in production);
3. starts gunicorn (``secretariat.wsgi``, preloaded by benchmarks/bench_wsgi.py) on 127.0.0.1 with
   ``--workers`` x ``--threads`` (gthread: keep-alive connections wait in the poller, not in a thread);
4. every client posts the autosave of its form J (``POST /reports/<pk>/forms/J/`` with
   ``X-Requested-With: fetch``, the endpoint of reporting/views.py) on a keep-alive connection, each
   save carrying the revision the previous one returned, until ``--seconds`` or ``--saves`` is reached;
5. prints saves per second, p50/p95/p99 latency, errors, the CPU milliseconds per save of gunicorn, of
   the PostgreSQL backends, of the client and of the whole machine (where the time goes), and checks
   that no acknowledged save was lost: each client's last acknowledged value and revision are what the
   database holds.

Runs, after a warm-up in which every client saves (sessions cached, connections opened, as on the day
the delegates are logged in with their forms open), each on a freshly vacuumed database:
- baseline: one client alone (no concurrency), so the ratios show what concurrency costs;
- the deadline-day load at the browser's cadence: every delegate typing without pause, so each
  browser saves as often as its autosave lets it: the debounce of the page's script (``DELAY`` in
  secretariat/static/secretariat/js/reporting.js, read from there) after the answer to the previous
  save, as the script schedules it; each starts at a random moment within one debounce and connects
  at its first save. The offered load is then about clients / (debounce + latency): 100 saves/s for
  300 delegates and the 3 s debounce. This run's p95 is the latency target (<= 100 ms, >= 300 delegates);
- capacity: every client saves again as soon as it is answered (closed loop; latency is then
  clients / throughput, so only its saves per second mean anything).
``--timeline`` prints each run's latency second by second.

    .venv/bin/python benchmarks/deadline_rush.py --clients 300 --seconds 20

``--database`` names another throw-away database, so two people can run it at once without dropping
each other's data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# On this 2-core machine (which also runs PostgreSQL and the client): see README "Deadline-day load".
WORKERS = 2
THREADS = 2  # per worker; 4 threads measured worse here (more time waiting for the GIL)
DATABASE = "bench_rush"
SHOW_TIMELINE = False
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
AUTOSAVE_SCRIPT = ROOT / "secretariat/static/secretariat/js/reporting.js"


def browser_debounce() -> float:
    """Seconds the page's autosave waits after a change (and after the previous save's answer)."""
    match = re.search(r"var DELAY = (\d+);", AUTOSAVE_SCRIPT.read_text())
    if match is None:
        raise SystemExit(
            f"No 'var DELAY = <ms>;' in {AUTOSAVE_SCRIPT}: the benchmark follows the page's debounce."
        )
    return int(match.group(1)) / 1000


def use_database(name: str) -> None:
    global DATABASE, DATABASE_URL
    DATABASE, DATABASE_URL = name, f"postgres://postgres@127.0.0.1:5432/{name}"


def recreate_database() -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()


def prepare(clients: int) -> list[dict]:
    """Delegates with an open report and a session each; returns what each client needs."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from reporting import selectors, services
    from secretariat.models import Convention, DelegateAssignment, State
    from secretariat.treaties import Status, status_on

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    call_command("load_report_forms", verbosity=0)
    ccm = Convention.objects.get(code="CCM")
    import datetime

    parties = [
        s for s in State.objects.with_events().order_by("iso3")
        if status_on(s.events_for(ccm), datetime.date(2024, 1, 1)) == Status.STATE_PARTY
    ]  # fmt: skip
    User = get_user_model()
    plan = []
    from django.core.exceptions import ValidationError

    # (State, year) pairs: this year's report of each State Party first, then earlier years.
    pairs = ((state, year) for year in range(2023, 2011, -1) for state in parties)
    for index in range(clients):
        # No password: the session comes from force_login, and hashing 100 passwords takes minutes here.
        user = User.objects.create_user(f"rush{index:04d}", f"rush{index:04d}@example.org")
        for state, year in pairs:
            DelegateAssignment.objects.get_or_create(user=user, state=state, convention=ccm)
            user.__dict__.pop("_delegate_pairs", None)  # permissions cache the pairs on the user
            try:
                report = services.report_open(actor=user, state=state, convention=ccm, year=year)
                break
            except ValidationError:  # the State owed no report that year
                DelegateAssignment.objects.filter(user=user, state=state, convention=ccm).delete()
        form = next(f for f in selectors.report_forms(report) if f.template.letter == "J")
        client = Client()
        client.force_login(user)
        plan.append(
            {
                "index": index, "report": report.pk, "form": form.pk, "revision": form.revision,
                "session": client.cookies["sessionid"].value,
            }
        )  # fmt: skip
    return plan


# ---- A small keep-alive HTTP/1.1 client on asyncio streams (no third-party client needed) ----------

CSRF = "b" * 32


async def post(reader, writer, path: str, body: bytes, session: str) -> tuple[int, bytes]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nX-Requested-With: fetch\r\nX-CSRFToken: {CSRF}\r\n"
        f"Cookie: sessionid={session}; csrftoken={CSRF}\r\nConnection: keep-alive\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def run_client(
    plan: dict, port: int, deadline: float, budget: list[int], results: dict, debounce: float = 0.0
) -> None:
    """Save after save on one keep-alive connection; with ``debounce``, each save ``debounce`` seconds
    after the answer to the previous one (the page's script while its delegate keeps typing),
    starting at a random moment within one debounce."""
    # A browser connects when it first saves: paced clients connect at their own first save, not all
    # in the same millisecond (a burst of 300 connections is no part of anyone's autosave).
    await asyncio.sleep(random.uniform(0, debounce))
    reader, writer = await asyncio.open_connection(HOST, port)
    path = f"/reports/{plan['report']}/forms/J/"
    revision, acknowledged, latencies, errors, sequence = plan["revision"], None, [], 0, 0
    starts: list[float] = []
    first = True
    while time.monotonic() < deadline and budget[0] > 0:
        if debounce and not first:
            await asyncio.sleep(debounce)
            if time.monotonic() >= deadline:
                break
        first = False
        budget[0] -= 1
        sequence += 1
        value = f"client {plan['index']} keystroke {sequence}"
        body = urlencode({"revision": revision, "action": "save", "f.other": value}).encode()
        started = time.perf_counter()
        try:
            status, content = await post(reader, writer, path, body, plan["session"])
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            errors += 1
            writer.close()
            reader, writer = await asyncio.open_connection(HOST, port)
            continue
        latencies.append(time.perf_counter() - started)
        starts.append(started)
        if status == 200:
            answer = json.loads(content)
            revision, acknowledged = answer["revision"], (value, answer["revision"])
        else:
            errors += 1
    writer.close()
    results[plan["index"]] = {
        "latencies": latencies, "starts": starts, "errors": errors, "acknowledged": acknowledged,
    }  # fmt: skip


async def drive(
    plans: list[dict], port: int, seconds: float, max_saves: int, debounce: float = 0.0
) -> tuple[dict, float]:
    """``debounce`` 0: closed loop (each client saves again as soon as answered); otherwise each
    client saves at the browser's cadence (``debounce`` seconds after each answer)."""
    results: dict = {}
    budget = [max_saves]
    started = time.monotonic()
    await asyncio.gather(*(run_client(p, port, started + seconds, budget, results, debounce) for p in plans))
    return results, time.monotonic() - started


# ---- Where the time goes: CPU seconds of the app server, the database and the client ---------------


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def cpu_snapshot(server_pgid: int) -> dict:
    """CPU seconds so far of gunicorn (master and workers), the PostgreSQL backends of the bench
    database, and this process (the client)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE])
        backends = [row[0] for row in cursor.fetchall()]
    return {
        "app": sum(_cpu_seconds(pid) for pid in _group_pids(server_pgid)),
        "db": {pid: _cpu_seconds(pid) for pid in backends},
        "client": time.process_time(),
    }


def cpu_per_save(before: dict, after: dict, saves: int) -> str:
    db = sum(after["db"].get(pid, 0.0) - before["db"].get(pid, 0.0) for pid in after["db"])
    parts = {"app": after["app"] - before["app"], "db": db, "client": after["client"] - before["client"]}
    shown = ", ".join(f"{name} {seconds * 1000 / max(saves, 1):.2f}" for name, seconds in parts.items())
    return f"CPU ms per save: {shown} (2 CPUs give 2000 CPU ms per second)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore::UserWarning",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": "600",  # one persistent connection per worker thread
        "PYTHONPATH": f"{ROOT}:{ROOT / 'benchmarks'}",
    }
    # No access log (gunicorn writes none unless asked); warnings only.
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench_wsgi:application", "--preload", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         "--keep-alive", "30", "--backlog", "2048", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(600):
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def verify(plans: list[dict], results: dict) -> int:
    from reporting.models import ReportForm

    stored = {
        pk: (data, revision)
        for pk, data, revision in ReportForm.objects.filter(pk__in=[p["form"] for p in plans]).values_list(
            "pk", "data", "revision"
        )
    }
    lost = 0
    for plan in plans:
        acknowledged = results[plan["index"]]["acknowledged"]
        if acknowledged is None:
            continue
        data, revision = stored[plan["form"]]
        if (data.get("fields", {}).get("other"), revision) != acknowledged:
            lost += 1
    return lost


def summary(label: str, results: dict, elapsed: float) -> dict:
    latencies = sorted(latency for r in results.values() for latency in r["latencies"])
    errors = sum(r["errors"] for r in results.values())
    saves = len(latencies) - errors

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
        )

    row = {
        "label": label,
        "saves": saves,
        "errors": errors,
        "rate": saves / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
    }
    print(
        f"{label:<22}{saves:>8}{errors:>8}{row['rate']:>11.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}"
    )
    return row


def vacuum() -> None:
    """VACUUM ANALYZE the benchmark's database between runs: what autovacuum does in production (this
    machine's PostgreSQL runs with autovacuum off, so each run would otherwise inherit the dead rows
    of the one before)."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=DATABASE)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all processes, kernel included)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait


def timeline(results: dict) -> None:
    """Latency second by second (``--timeline``): a slow start, a stall, or a steady queue."""
    pairs = sorted(pair for r in results.values() for pair in zip(r["starts"], r["latencies"], strict=True))
    if not pairs:
        return
    buckets: dict[int, list[float]] = {}
    for start, latency in pairs:
        buckets.setdefault(int(start - pairs[0][0]), []).append(latency * 1000)
    for second, latencies in sorted(buckets.items()):
        latencies.sort()
        print(
            f"{'':<22}second {second:>3}: {len(latencies):>4} saves, p50 {latencies[len(latencies) // 2]:7.1f} ms, "
            f"max {latencies[-1]:7.1f} ms"
        )


def measured(
    label: str, plans: list[dict], server, port: int, seconds: float, saves: int, debounce: float = 0.0
):
    """One measured run: revisions read afresh, the database vacuumed, CPU per save, lost saves."""
    for plan in plans:
        plan["revision"] = _current_revision(plan)
    vacuum()
    before, busy = cpu_snapshot(server.pid), machine_busy()
    results, elapsed = asyncio.run(drive(plans, port, seconds, saves, debounce=debounce))
    row = summary(label, results, elapsed)
    if SHOW_TIMELINE:
        timeline(results)
    done = row["saves"] + row["errors"]
    print(
        f"{'':<22}{cpu_per_save(before, cpu_snapshot(server.pid), done)}; "
        f"whole machine {(machine_busy() - busy) * 1000 / max(done, 1):.2f}"
    )
    row["lost"] = verify(plans, results)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--saves", type=int, default=50_000, help="stop after this many saves in all")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--database", default=DATABASE, help="throw-away database (dropped and recreated)")
    parser.add_argument("--timeline", action="store_true", help="print each run's latency second by second")
    parser.add_argument(
        "--debounce", type=float, default=None,
        help="seconds between a save's answer and the next save of one delegate (default: the page's DELAY)",
    )  # fmt: skip
    args = parser.parse_args()
    global SHOW_TIMELINE
    SHOW_TIMELINE = args.timeline
    use_database(args.database)
    args.clients = max(1, min(args.clients, 1000))
    args.seconds = max(1.0, min(args.seconds, 300.0))
    debounce = browser_debounce() if args.debounce is None else max(0.1, args.debounce)

    recreate_database()
    setup_django()
    plans = prepare(args.clients)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        print(
            f"gunicorn secretariat.wsgi (preloaded) on {HOST}:{port}: {args.workers} workers x {args.threads} threads (gthread), "
            f"PostgreSQL {DATABASE}, settings benchmarks/bench_settings.py (prod, DEBUG off); {os.cpu_count()} CPUs"
        )
        print(f"load average before the runs: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print(f"{'run':<22}{'saves':>8}{'errors':>8}{'saves/s':>11}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        # Warm-up, not measured: every delegate saves for a few seconds, as on the day they are logged
        # in with the form open (sessions in the shared cache, database connections of every worker
        # thread, each worker's cache of form definitions).
        asyncio.run(drive(plans, port, 5.0, 5_000))
        # Baseline in the same run: one delegate alone.
        baseline = measured(
            "1 client (baseline)", plans[:1], server, port, min(5.0, args.seconds), args.saves
        )
        # The deadline-day load: every delegate's browser autosaving at the page's cadence.
        paced = measured(
            f"{args.clients} every {debounce:g} s",
            plans,
            server,
            port,
            args.seconds,
            args.saves,
            debounce=debounce,
        )
        # Capacity: every delegate saving again as soon as answered (latency is then clients / rate).
        capacity = measured(f"{args.clients} closed loop", plans, server, port, args.seconds, args.saves)
        lost = baseline["lost"] + paced["lost"] + capacity["lost"]
        print(
            f"{args.clients} delegates at the browser's cadence (a save {debounce:g} s after each answer): "
            f"{paced['rate']:.1f} saves/s, p95 {paced['p95']:.1f} ms "
            f"({paced['p95'] / baseline['p95']:.1f}x one client alone); capacity {capacity['rate']:.1f} saves/s "
            f"({capacity['rate'] / baseline['rate']:.1f}x one client alone)"
        )
        print(f"load average after the runs: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print(
            f"lost saves: {lost} (each client's last acknowledged value and revision vs the database, after each run)"
        )
        met = args.clients >= 300 and paced["p95"] <= 100 and paced["errors"] == 0 and lost == 0
        print(
            "targets (>= 300 delegates at the browser's cadence with p95 <= 100 ms, no error, no lost save): "
            f"{'met' if met else 'NOT met'}"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _current_revision(plan: dict) -> int:
    from reporting.models import ReportForm

    return ReportForm.objects.get(pk=plan["form"]).revision


if __name__ == "__main__":
    main()
