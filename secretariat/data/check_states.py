#!/usr/bin/env python3
"""Check secretariat/data/states.csv and state_names_history.csv.

Run from the project root:  python3 secretariat/data/check_states.py

Checks:
  * headers exactly as specified; rows sorted by iso3;
  * iso3 / iso2 / m49 well-formed and unique; no empty name;
  * exactly 193 UN Member States (un_member=true), the rest false;
  * history rows: known iso3, ISO dates, valid_from <= valid_to, no overlapping
    periods for one State, a source on every row;
  * every State name listed in paragraphs 8, 9, 10 and 11 of the Beirut final
    report (seeds/003_*, CCM/MSP/2011, 12-16 September 2011) resolves to exactly
    one iso3 among the Arabic short names valid on 2011-09-12; the count of names
    per paragraph is printed and compared with the count stated in the report
    (46, 6, 38, 41).

Exits 1 on any failure. Standard library only.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATES = HERE / "states.csv"
HISTORY = HERE / "state_names_history.csv"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_GLOB = "003_*.txt"

STATE_COLS = [
    "iso3", "iso2", "m49", "un_member",
    "short_name_en", "short_name_fr", "short_name_es", "short_name_ar",
    "formal_name_en", "formal_name_fr", "formal_name_es", "formal_name_ar",
]
HISTORY_COLS = [
    "iso3", "valid_from", "valid_to",
    "short_name_en", "short_name_fr", "short_name_es", "short_name_ar",
    "formal_name_en", "formal_name_fr", "formal_name_es", "formal_name_ar",
    "source",
]
NAME_COLS = [c for c in STATE_COLS if "name" in c]
SEED_DATE = dt.date(2011, 9, 12)
EXPECTED_COUNTS = {8: 46, 9: 6, 10: 38, 11: 41}

errors: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)
    print(f"FAIL: {msg}")


def read_csv(path: Path, cols: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != cols:
            fail(f"{path.name}: header {reader.fieldnames} != {cols}")
        rows = list(reader)
    for i, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            fail(f"{path.name} line {i}: wrong number of fields")
    return rows


def parse_date(s: str, where: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        fail(f"{where}: not an ISO date: {s!r}")
        return None


def check_states(rows: list[dict[str, str]]) -> None:
    iso3s = [r["iso3"] for r in rows]
    if iso3s != sorted(iso3s):
        fail("states.csv is not sorted by iso3")
    for col, pattern in (("iso3", r"[A-Z]{3}"), ("iso2", r"[A-Z]{2}"), ("m49", r"[0-9]{3}")):
        seen: dict[str, str] = {}
        for r in rows:
            v = r[col]
            if not re.fullmatch(pattern, v or ""):
                fail(f"{r['iso3']}: bad {col} {v!r}")
            if v in seen:
                fail(f"duplicate {col} {v!r} ({seen[v]}, {r['iso3']})")
            seen[v] = r["iso3"]
    for r in rows:
        for c in NAME_COLS:
            v = r[c]
            if not v or v != v.strip() or "  " in v:
                fail(f"{r['iso3']}: empty or badly spaced {c} {v!r}")
        if r["un_member"] not in ("true", "false"):
            fail(f"{r['iso3']}: un_member must be true/false, got {r['un_member']!r}")
    for c in ("short_name_en", "short_name_fr", "short_name_es", "short_name_ar"):
        seen = {}
        for r in rows:
            if r[c] in seen:
                fail(f"duplicate {c} {r[c]!r} ({seen[r[c]]}, {r['iso3']})")
            seen[r[c]] = r["iso3"]
    members = sum(r["un_member"] == "true" for r in rows)
    print(f"states.csv: {len(rows)} States, {members} UN Member States, "
          f"{len(rows) - members} others ({', '.join(r['iso3'] for r in rows if r['un_member'] == 'false')})")
    if members != 193:
        fail(f"expected 193 UN Member States, found {members}")


def check_history(hist: list[dict[str, str]], states: dict[str, dict[str, str]]) -> None:
    by_iso: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for i, h in enumerate(hist, start=2):
        where = f"state_names_history.csv line {i} ({h['iso3']})"
        if h["iso3"] not in states:
            fail(f"{where}: iso3 not in states.csv")
        for c in HISTORY_COLS[3:]:
            if not h[c]:
                fail(f"{where}: empty {c}")
        if re.search(r"https?://|www\.|\.(org|com|int|net)\b", h["source"]):
            fail(f"{where}: source must be a plain citation without host names")
        start = parse_date(h["valid_from"], where) if h["valid_from"] else dt.date.min
        if not h["valid_to"]:
            fail(f"{where}: valid_to is required")
            continue
        end = parse_date(h["valid_to"], where)
        if start and end:
            if start > end:
                fail(f"{where}: valid_from after valid_to")
            by_iso[h["iso3"]].append((start, end))
    for iso, periods in by_iso.items():
        periods.sort()
        for (s1, e1), (s2, e2) in zip(periods, periods[1:], strict=False):
            if s2 <= e1:
                fail(f"history of {iso}: overlapping periods {s1}..{e1} and {s2}..{e2}")
    print(f"state_names_history.csv: {len(hist)} former names for {len(by_iso)} States")


def names_valid_on(day: dt.date, states, hist) -> dict[str, set[str]]:
    """Arabic short name -> set of iso3 whose name was in use on `day`."""
    last_change: dict[str, dt.date] = {}
    index: dict[str, set[str]] = defaultdict(set)
    for h in hist:
        try:
            start = dt.date.fromisoformat(h["valid_from"]) if h["valid_from"] else dt.date.min
            end = dt.date.fromisoformat(h["valid_to"])
        except ValueError:
            continue
        last_change[h["iso3"]] = max(end, last_change.get(h["iso3"], dt.date.min))
        if start <= day <= end:
            index[h["short_name_ar"]].add(h["iso3"])
    for iso, s in states.items():
        if day > last_change.get(iso, dt.date.min):
            index[s["short_name_ar"]].add(iso)
    return index


def normalize_spaces(s: str) -> str:
    """PDF extraction leaves no-break spaces (U+00A0, U+202F) inside some names
    ("فييت\u00a0نام"); treat any run of Unicode whitespace as one ASCII space.
    Nothing else is normalised: letters, hamzas and hyphens must match exactly."""
    return " ".join(s.replace("\u202f", " ").split())


def seed_paragraphs() -> dict[int, list[str]]:
    files = sorted(SEEDS.glob(SEED_GLOB))
    if not files:
        fail(f"seed file {SEED_GLOB} not found in {SEEDS}")
        return {}
    text = files[0].read_text(encoding="utf-8")
    paras: dict[int, str] = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)\s*-\s+(.*)", line)
        if m and int(m.group(1)) in EXPECTED_COUNTS and int(m.group(1)) not in paras:
            paras[int(m.group(1))] = m.group(2)
    out: dict[int, list[str]] = {}
    for n in EXPECTED_COUNTS:
        body = paras.get(n)
        if body is None:
            fail(f"paragraph {n} not found in {files[0].name}")
            continue
        if ":" in body:
            lst = body.split(":", 1)[1]
        elif "كل من" in body:
            lst = body.split("كل من", 1)[1]
        else:
            fail(f"paragraph {n}: no list marker (':' or 'كل من')")
            continue
        lst = normalize_spaces(lst).rstrip(".").strip()
        names: list[str] = []
        for part in lst.split("، و"):
            names.extend(p.strip() for p in part.split("، ") if p.strip())
        out[n] = names
    return out


def check_seed(states, hist) -> None:
    index = names_valid_on(SEED_DATE, states, hist)
    for n, names in seed_paragraphs().items():
        resolved = []
        for name in names:
            isos = index.get(name, set())
            if len(isos) != 1:
                fail(f"paragraph {n}: {name!r} resolves to {sorted(isos) or 'nothing'} on {SEED_DATE}")
            else:
                resolved.append(next(iter(isos)))
        dupes = {i for i in resolved if resolved.count(i) > 1}
        if dupes:
            fail(f"paragraph {n}: a State is listed twice: {sorted(dupes)}")
        status = "ok" if len(names) == EXPECTED_COUNTS[n] else "MISMATCH"
        print(f"seeds/003 paragraph {n}: {len(names)} names (expected {EXPECTED_COUNTS[n]}), "
              f"{len(resolved)} resolved {status}")
        if len(names) != EXPECTED_COUNTS[n]:
            fail(f"paragraph {n}: {len(names)} names, expected {EXPECTED_COUNTS[n]}")


def main() -> int:
    state_rows = read_csv(STATES, STATE_COLS)
    hist_rows = read_csv(HISTORY, HISTORY_COLS)
    check_states(state_rows)
    states = {r["iso3"]: r for r in state_rows}
    check_history(hist_rows, states)
    check_seed(states, hist_rows)
    if errors:
        print(f"{len(errors)} failure(s)")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
