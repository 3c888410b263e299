#!/usr/bin/env python3
"""Consistency checks for secretariat/data/treaty_events.csv.

Run from the project root:  python3 secretariat/data/check_events.py

Stdlib only. Checks:
  * format of every row (convention, ISO 3166 alpha-3 shape, kind, ISO dates,
    effective_date only on withdrawals, plain source citation without URLs, sort order);
  * no duplicate (convention, iso3, kind);
  * ratification/acceptance/approval date >= signature date;
  * no date after TODAY;
  * the 40th (APMBC) / 30th (CCM) instrument falls on the date that gives the
    convention's own entry into force (1 March 1999 / 1 August 2010);
  * a withdrawal with an effective date takes effect six months after receipt;
  * the participant lists of the CCM Second Meeting of States Parties (Beirut, 2011),
    paragraphs 8-11 of seeds/003_*, agree with the status computed from the CSV alone;
  * States Parties counts at the data's as-of date.
Exits non-zero on any error.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve()
CSV_PATH = HERE.parent / "treaty_events.csv"
SEED_DIR = HERE.parents[3] / "shared" / "seeds"
SEED_GLOB = "003_*.txt"

TODAY = dt.date(2026, 11, 26)

CONVENTIONS = {
    # convention: (entry into force, number of instruments that triggered it, UNTC chapter)
    "APMBC": (dt.date(1999, 3, 1), 40, "XXVI-5"),
    "CCM": (dt.date(2010, 8, 1), 30, "XXVI-6"),
}
KINDS = {"signature", "ratification", "acceptance", "approval", "accession", "succession", "withdrawal"}
BINDING = {"ratification", "acceptance", "approval", "accession", "succession"}
AFTER_SIGNATURE = {"ratification", "acceptance", "approval"}

# Expected States Parties at the as-of date of the data (see README, "Treaty events").
EXPECTED_PARTIES_AS_OF = {"APMBC": 164, "CCM": 111}

# Sizes of the Beirut lists as stated in the report's words
# (para 8 "الست والأربعون", para 9 "الست", para 10 "الثماني والثلاثون"; para 11 is counted).
EXPECTED_PARA = {8: 46, 9: 6, 10: 38, 11: 41}
PARA_CATEGORY = {
    8: "party",            # States Parties (in force)
    9: "not_in_force",     # ratified/acceded, Convention not yet in force for them
    10: "signatory",       # signatories without an instrument
    11: "none",            # neither signed nor ratified
}
CATEGORY_LABEL = {
    "party": "State Party",
    "not_in_force": "ratified/acceded, not yet in force",
    "signatory": "signatory",
    "none": "neither signed nor ratified",
}

# UN Arabic short names as used in the 2011 report (names of that date: سوازيلند, not إسواتيني).
AR_TO_ISO3 = {
    # paragraph 8
    "إسبانيا": "ESP", "إكوادور": "ECU", "ألبانيا": "ALB", "ألمانيا": "DEU", "أوروغواي": "URY",
    "أيرلندا": "IRL", "البرتغال": "PRT", "بلجيكا": "BEL", "بوركينا فاسو": "BFA", "بوروندي": "BDI",
    "البوسنة والهرسك": "BIH", "تونس": "TUN", "الجبل الأسود": "MNE", "جزر القمر": "COM",
    "جمهورية لاو الديمقراطية الشعبية": "LAO", "جمهورية مقدونيا اليوغوسلافية السابقة": "MKD",
    "جمهورية مولدوفا": "MDA", "الدانمرك": "DNK", "الرأس الأخضر": "CPV", "زامبيا": "ZMB",
    "السلفادور": "SLV", "سلوفينيا": "SVN", "سيراليون": "SLE", "شيلي": "CHL", "غانا": "GHA",
    "غواتيمالا": "GTM", "غينيا - بيساو": "GNB", "فرنسا": "FRA", "فيجي": "FJI", "الكرسي الرسولي": "VAT",
    "كرواتيا": "HRV", "لبنان": "LBN", "لكسمبرغ": "LUX", "ليسوتو": "LSO", "ليتوانيا": "LTU",
    "مالطة": "MLT", "مالي": "MLI", "المكسيك": "MEX",
    "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية": "GBR", "موزامبيق": "MOZ",
    "النرويج": "NOR", "النمسا": "AUT", "النيجر": "NER", "نيوزيلندا": "NZL", "هولندا": "NLD",
    "اليابان": "JPN",
    # paragraph 9
    "أفغانستان": "AFG", "بلغاريا": "BGR", "السنغال": "SEN", "سوازيلند": "SWZ", "غرينادا": "GRD",
    "كوستاريكا": "CRI",
    # paragraph 10
    "أستراليا": "AUS", "إندونيسيا": "IDN", "أنغولا": "AGO", "أوغندا": "UGA", "إيطاليا": "ITA",
    "باراغواي": "PRY", "بالاو": "PLW", "بيرو": "PER", "تشاد": "TCD", "توغو": "TGO",
    "جمهورية أفريقيا الوسطى": "CAF", "الجمهورية التشيكية": "CZE", "جمهورية تنزانيا المتحدة": "TZA",
    "جمهورية الكونغو الديمقراطية": "COD", "جنوب أفريقيا": "ZAF", "جيبوتي": "DJI", "السويد": "SWE",
    "سويسرا": "CHE", "الصومال": "SOM", "العراق": "IRQ", "غامبيا": "GMB", "غينيا": "GIN",
    "الفلبين": "PHL", "قبرص": "CYP", "الكاميرون": "CMR", "كندا": "CAN", "كوت ديفوار": "CIV",
    "كولومبيا": "COL", "الكونغو": "COG", "كينيا": "KEN", "ليبريا": "LBR", "مدغشقر": "MDG",
    "موريتانيا": "MRT", "ناميبيا": "NAM", "ناورو": "NRU", "نيجيريا": "NGA", "هندوراس": "HND",
    "هنغاريا": "HUN",
    # paragraph 11
    "الأرجنتين": "ARG", "الأردن": "JOR", "أرمينيا": "ARM", "إريتريا": "ERI",
    "الإمارات العربية المتحدة": "ARE", "أوكرانيا": "UKR", "إيران (جمهورية - الإسلامية)": "IRN",
    "البرازيل": "BRA", "بولندا": "POL", "تايلند": "THA", "تركيا": "TUR", "تيمور - ليشتي": "TLS",
    "جزر سليمان": "SLB", "الجمهورية العربية السورية": "SYR", "جنوب السودان": "SSD", "رومانيا": "ROU",
    "زمبابوي": "ZWE", "سري لانكا": "LKA", "سلوفاكيا": "SVK", "السودان": "SDN", "سورينام": "SUR",
    "صربيا": "SRB", "الصين": "CHN", "طاجيكستان": "TJK", "عمان": "OMN", "غابون": "GAB",
    "فلسطين": "PSE", "فنزويلا (جمهورية - البوليفارية)": "VEN", "فنلندا": "FIN", "فييت نام": "VNM",
    "قطر": "QAT", "كازاخستان": "KAZ", "كمبوديا": "KHM", "كوبا": "CUB", "الكويت": "KWT",
    "كيريباتي": "KIR", "ماليزيا": "MYS", "مصر": "EGY", "المغرب": "MAR",
    "المملكة العربية السعودية": "SAU", "اليمن": "YEM",
}

AR_MONTHS = {
    "كانون الثاني/يناير": 1, "شباط/فبراير": 2, "آذار/مارس": 3, "نيسان/أبريل": 4, "أيار/مايو": 5,
    "حزيران/يونيه": 6, "تموز/يوليه": 7, "آب/أغسطس": 8, "أيلول/سبتمبر": 9,
    "تشرين الأول/أكتوبر": 10, "تشرين الثاني/نوفمبر": 11, "كانون الأول/ديسمبر": 12,
}

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)
    print("ERROR:", msg)


def parse_date(s: str, where: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        err(f"{where}: bad date {s!r}")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(f"{where}: invalid date {s!r}")
        return None


def add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def first_day_sixth_month_after(d: dt.date) -> dt.date:
    """First day of the sixth month after the month of deposit (Nov 2010 -> 1 May 2011)."""
    return add_months(d.replace(day=1), 6)


# ---------------------------------------------------------------- load CSV
def load() -> list[dict]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        want = ["convention", "iso3", "kind", "date", "effective_date", "effect_deferred", "source", "notes"]
        if reader.fieldnames != want:
            err(f"header is {reader.fieldnames}, expected {want}")
        rows = list(reader)
    out = []
    for i, r in enumerate(rows, start=2):
        where = f"line {i} ({r.get('convention')},{r.get('iso3')},{r.get('kind')})"
        conv, kind = r["convention"], r["kind"]
        if conv not in CONVENTIONS:
            err(f"{where}: unknown convention")
            continue
        if not re.fullmatch(r"[A-Z]{3}", r["iso3"] or ""):
            err(f"{where}: iso3 not three capital letters")
        if kind not in KINDS:
            err(f"{where}: unknown kind")
            continue
        d = parse_date(r["date"], where)
        eff = None
        if r["effective_date"]:
            if kind != "withdrawal":
                err(f"{where}: effective_date is only for withdrawals")
            eff = parse_date(r["effective_date"], where)
        chap = CONVENTIONS[conv][2]
        if not re.fullmatch(rf"UN Treaty Collection, chapter {chap}, as of \d{{4}}-\d{{2}}-\d{{2}}", r["source"]):
            err(f"{where}: source {r['source']!r} is not 'UN Treaty Collection, chapter {chap}, as of YYYY-MM-DD'")
        if re.search(r"https?:|www\.|\.org|\.int|\.com", r["source"] + " " + r["notes"]):
            err(f"{where}: URL or hostname in source/notes")
        if d is None:
            continue
        for day, label in ((d, "date"), (eff, "effective_date")):
            if day and day > TODAY:
                err(f"{where}: {label} {day} is in the future (today {TODAY})")
        out.append({**r, "d": d, "eff": eff, "line": i})
    keys = [(r["convention"], r["iso3"], r["date"]) for r in rows]
    if keys != sorted(keys):
        err("rows are not sorted by convention, iso3, date")
    return out


# ---------------------------------------------------------------- per-State view
class StateRecord:
    def __init__(self) -> None:
        self.signature: dt.date | None = None
        self.instrument: dt.date | None = None
        self.instrument_kind: str | None = None
        self.withdrawal: dt.date | None = None
        self.withdrawal_effective: dt.date | None = None


def build(rows: list[dict]) -> dict[str, dict[str, StateRecord]]:
    dup = Counter((r["convention"], r["iso3"], r["kind"]) for r in rows)
    for k, n in dup.items():
        if n > 1:
            err(f"duplicate (convention, iso3, kind) {k} x{n}")
    states: dict[str, dict[str, StateRecord]] = defaultdict(lambda: defaultdict(StateRecord))
    for r in rows:
        s = states[r["convention"]][r["iso3"]]
        if r["kind"] == "signature":
            s.signature = r["d"]
        elif r["kind"] in BINDING:
            if s.instrument is not None:
                err(f"{r['convention']} {r['iso3']}: more than one binding instrument")
            s.instrument, s.instrument_kind = r["d"], r["kind"]
        else:
            s.withdrawal, s.withdrawal_effective = r["d"], r["eff"]
    for conv, by_iso in states.items():
        for iso, s in by_iso.items():
            if s.instrument and s.signature and s.instrument_kind in AFTER_SIGNATURE and s.instrument < s.signature:
                err(f"{conv} {iso}: {s.instrument_kind} {s.instrument} before signature {s.signature}")
            if s.instrument and s.signature and s.instrument_kind in ("accession", "succession"):
                err(f"{conv} {iso}: {s.instrument_kind} by a signatory (should be ratification/acceptance/approval)")
            if s.instrument and not s.signature and s.instrument_kind in AFTER_SIGNATURE:
                err(f"{conv} {iso}: {s.instrument_kind} without signature")
            if s.signature and s.signature > CONVENTIONS[conv][0]:
                err(f"{conv} {iso}: signature {s.signature} after entry into force (signature closed)")
            if s.withdrawal:
                if not s.instrument or s.withdrawal < s.instrument:
                    err(f"{conv} {iso}: withdrawal without prior instrument")
                if s.withdrawal_effective and s.withdrawal_effective != add_months(s.withdrawal, 6):
                    err(f"{conv} {iso}: withdrawal effective {s.withdrawal_effective} is not six months after receipt {s.withdrawal}")
    return states


def trigger_date(conv: str, by_iso: dict[str, StateRecord]) -> dt.date:
    """Date of the Nth instrument; the Convention entered into force on the first day of the sixth month after it."""
    eif, n, _ = CONVENTIONS[conv]
    dates = sorted(s.instrument for s in by_iso.values() if s.instrument)
    trig = dates[n - 1]
    if first_day_sixth_month_after(trig) != eif:
        err(f"{conv}: {n}th instrument on {trig} gives entry into force {first_day_sixth_month_after(trig)}, not {eif}")
    return trig


def entry_into_force(conv: str, s: StateRecord, trig: dt.date) -> dt.date | None:
    """Art. 17 of both conventions: an instrument deposited on or before the Nth instrument -> the
    Convention's own date; later -> first day of the sixth month after the month of deposit."""
    if not s.instrument:
        return None
    if s.instrument <= trig:
        return CONVENTIONS[conv][0]
    return first_day_sixth_month_after(s.instrument)


def category(conv: str, s: StateRecord, on: dt.date, trig: dt.date) -> str:
    eif = entry_into_force(conv, s, trig)
    if s.withdrawal_effective and s.withdrawal_effective <= on:
        return "withdrawn"
    if s.instrument and s.instrument <= on:
        return "party" if eif <= on else "not_in_force"
    if s.signature and s.signature <= on:
        return "signatory"
    return "none"


def count_parties(conv: str, by_iso: dict[str, StateRecord], on: dt.date, trig: dt.date) -> int:
    return sum(1 for s in by_iso.values() if category(conv, s, on, trig) == "party")


# ---------------------------------------------------------------- seed
def seed_paragraphs() -> tuple[dict[int, list[str]], dt.date | None]:
    files = sorted(SEED_DIR.glob(SEED_GLOB))
    if not files:
        err(f"seed {SEED_DIR / SEED_GLOB} not found")
        return {}, None
    text = files[0].read_text(encoding="utf-8")
    # the UN text uses no-break spaces inside names ("بوركينا<NBSP>فاسو"): fold all spaces to one
    text = "\n".join(re.sub(r"[\s\u00a0\u202f\u2007\u200f\u200e]+", " ", ln).strip() for ln in text.splitlines())
    paras: dict[int, str] = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)\s*-\s*(.*)", line)
        if m and int(m.group(1)) in (7, 8, 9, 10, 11) and int(m.group(1)) not in paras:
            paras[int(m.group(1))] = m.group(2).strip()
    # para 7: "عُقد ... في الفترة من 13 إلى 16 أيلول/سبتمبر 2011." -> opening day of the meeting
    opening = None
    months = "|".join(re.escape(k) for k in AR_MONTHS)
    m = re.search(rf"من (\d+) إلى (\d+) ({months}) (\d{{4}})", paras.get(7, ""))
    if m:
        opening = dt.date(int(m.group(4)), AR_MONTHS[m.group(3)], int(m.group(1)))
    names: dict[int, list[str]] = {}
    for n in (8, 9, 10, 11):
        body = paras.get(n)
        if body is None:
            err(f"seed paragraph {n} not found")
            continue
        if n == 11:
            body = body.split("كل من", 1)[1]
        else:
            body = body.split(":", 1)[1]
        body = body.strip().rstrip(".").strip()
        parts = [p.strip() for p in body.split("، ")]
        out = []
        for i, p in enumerate(parts):
            if i > 0 and p.startswith("و") and p not in AR_TO_ISO3:
                p = p[1:]
            out.append(p)
        names[n] = out
    return names, opening


def check_beirut(states, trig_ccm: dt.date, on: dt.date, names: dict[int, list[str]], verbose: bool = True) -> list[str]:
    """Returns mismatch lines; prints the per-paragraph table when verbose."""
    mism: list[str] = []
    ccm = states["CCM"]
    seen: dict[str, int] = {}
    for n in (8, 9, 10, 11):
        lst = names.get(n, [])
        computed = 0
        para_mism = []
        for name in lst:
            iso = AR_TO_ISO3.get(name)
            if iso is None:
                para_mism.append(f"para {n}: no iso3 for Arabic name {name!r}")
                continue
            if iso in seen:
                para_mism.append(f"para {n}: {iso} also listed in para {seen[iso]}")
            seen[iso] = n
            s = ccm.get(iso, StateRecord())
            cat = category("CCM", s, on, trig_ccm)
            if cat == PARA_CATEGORY[n]:
                computed += 1
            else:
                para_mism.append(
                    f"para {n}: {name} ({iso}) is '{CATEGORY_LABEL.get(cat, cat)}' on {on} by the CSV "
                    f"(signature {s.signature}, instrument {s.instrument}, in force "
                    f"{entry_into_force('CCM', s, trig_ccm)}), report lists it as '{CATEGORY_LABEL[PARA_CATEGORY[n]]}'")
        if len(lst) != EXPECTED_PARA[n]:
            para_mism.append(f"para {n}: parsed {len(lst)} names, report states {EXPECTED_PARA[n]}")
        if verbose:
            print(f"  para {n:>2} ({CATEGORY_LABEL[PARA_CATEGORY[n]]}): expected {EXPECTED_PARA[n]}, "
                  f"parsed {len(lst)}, computed {computed}, mismatches {len(para_mism)}")
            for m in para_mism:
                print("     -", m)
        mism += para_mism
    return mism


def main() -> int:
    rows = load()
    states = build(rows)
    trig = {}
    for conv in CONVENTIONS:
        trig[conv] = trigger_date(conv, states[conv])
    as_of_dates = {re.search(r"as of (\S+)$", r["source"]).group(1) for r in rows if re.search(r"as of (\S+)$", r["source"])}
    as_of = dt.date.fromisoformat(max(as_of_dates)) if as_of_dates else TODAY
    if len(as_of_dates) != 1:
        err(f"several as-of dates in source column: {sorted(as_of_dates)}")

    print(f"treaty_events.csv: {len(rows)} rows; as-of date {as_of}; today {TODAY}")
    for conv in CONVENTIONS:
        by = states[conv]
        k = Counter(r["kind"] for r in rows if r["convention"] == conv)
        print(f"{conv}: {k['signature']} signatures; "
              + ", ".join(f"{n} {kind}" for kind, n in sorted(k.items()) if kind != "signature")
              + f"; {CONVENTIONS[conv][1]}th instrument {trig[conv]} -> in force {CONVENTIONS[conv][0]}")
        n_as_of = count_parties(conv, by, as_of, trig[conv])
        n_today = count_parties(conv, by, TODAY, trig[conv])
        pending = [iso for iso, s in sorted(by.items()) if s.withdrawal and not (s.withdrawal_effective and s.withdrawal_effective <= as_of)]
        print(f"  States Parties on {as_of} (as-of): {n_as_of} (expected {EXPECTED_PARTIES_AS_OF[conv]}); "
              f"withdrawals notified, not in effect on that date: {', '.join(pending) or 'none'}")
        print(f"  States Parties on {TODAY} (today): {n_today}")
        if n_as_of != EXPECTED_PARTIES_AS_OF[conv]:
            err(f"{conv}: {n_as_of} States Parties on {as_of}, expected {EXPECTED_PARTIES_AS_OF[conv]}")
        sig_only = sorted(iso for iso, s in by.items() if s.signature and not s.instrument)
        print(f"  signatories without instrument: {len(sig_only)} ({', '.join(sig_only)})")

    names, opening = seed_paragraphs()
    if opening is None:
        err("could not read the meeting's opening date from seed paragraph 7")
        opening = dt.date(2011, 9, 13)
    print(f"\nCCM Second Meeting of States Parties, Beirut (seed paragraphs 8-11); "
          f"status on the opening day of the meeting per para 7: {opening}")
    mism = check_beirut(states, trig["CCM"], opening, names)
    for m in mism:
        err(m)

    # Information only: the brief's reference day 12 September 2011 (the title date, 12-16 September).
    title_day = dt.date(2011, 9, 12)
    diff = check_beirut(states, trig["CCM"], title_day, names, verbose=False)
    print(f"\n(info) the same lists evaluated on {title_day} (title date; formal meeting opened {opening}): "
          f"{len(diff)} difference(s)")
    for m in diff:
        print("     -", m)

    if errors:
        print(f"\nFAILED: {len(errors)} error(s)")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
