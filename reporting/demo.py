"""Demo Article 7 reports for `make run`: ~20 real States Parties per convention over six years, with a
realistic mix of on-time, late and missing reports, so the compliance dashboard shows a real picture.

Development only (the command refuses to run when DEBUG is off). Idempotent: a report that exists is
left alone. Submission dates in the past are written through the same freezing code as a real
submission (services._freeze), never by editing a version.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reporting import selectors, services
from reporting.models import Report
from secretariat import revisions
from secretariat.models import Convention, State
from secretariat.treaties import Status, status_on

PREFERRED = {
    "CCM": ["LBN", "NOR", "LAO", "BIH", "AFG", "IRQ", "DEU", "FRA", "ESP", "CHE", "GBR", "JPN", "MEX", "CHL", "SEN",
            "MOZ", "HRV", "MNE", "AUS", "NZL"],
    "APMBC": ["AFG", "KHM", "BIH", "UKR", "GRC", "NOR", "COL", "MOZ", "AGO", "IRQ", "YEM", "THA", "SRB", "CHL", "JOR",
              "DEU", "FRA", "CHE", "SEN", "TCD"],
}  # fmt: skip
# Two States per convention that have not reported for the last two years (they hold obligations in
# secretariat/demo.py, so they appear on the President's follow-up list).
SILENT = {"CCM": {"LAO"}, "APMBC": {"GRC", "KHM"}}
CONTENT = {
    "CCM": ("F", {"tables": {"areas": [
        {"location": "South Lebanon, Nabatieh", "size": "1250000", "status": "confirmed", "remnant_type": "M42, M77", "remnant_quantity": "340"},
        {"location": "Bekaa valley", "size": "480000", "status": "suspected"},
    ], "land_released": [{"location": "Tyre district", "cleared": "310000", "reduced": "45000", "cancelled": "12000", "submunitions_destroyed": "1210"}]}}),
    "APMBC": ("C", {"tables": {"areas": [
        {"location": "Province A, district 3", "size": "2200000", "status": "confirmed", "mine_type": "PMN-2", "mine_quantity": "5200"},
    ], "land_released": [{"location": "Province A", "cleared": "820000", "reduced": "150000", "cancelled": "60000", "mines_destroyed": "2300"}]}}),
}  # fmt: skip


def _roll(*parts) -> int:
    """A stable pseudo-random number 0-99 from the parts (the demo is the same on every machine)."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16) % 100


def _states(convention: Convention, today: datetime.date) -> list[State]:
    parties = [
        s
        for s in State.objects.with_events()
        if status_on(s.events_for(convention), today) == Status.STATE_PARTY
    ]
    by_iso = {s.iso3: s for s in parties}
    chosen = [by_iso[iso] for iso in PREFERRED[convention.code] if iso in by_iso]
    chosen += [s for s in sorted(parties, key=lambda s: s.iso3) if s not in chosen][
        : max(0, 20 - len(chosen))
    ]
    return chosen


def _fill(actor, report: Report, convention: Convention, first: bool) -> None:
    letter, data = CONTENT[convention.code]
    for form in selectors.report_forms(report):
        if form.template.letter == letter:
            services.form_save(actor=actor, report_form=form, data=data, expected_revision=form.revision)
        elif form.template.letter == "A" and not first:
            try:
                services.form_mark_unchanged(actor=actor, report_form=form, expected_revision=form.revision)
            except ValidationError:
                services.form_mark_not_applicable(
                    actor=actor, report_form=form, expected_revision=form.revision
                )
        elif form.template.letter == "A":
            measures = {
                "tables": {
                    "measures": [
                        {
                            "measure": "National implementation law",
                            "status": "in_force",
                            "date_adopted": "2012-06-01",
                        }
                    ]
                }
            }
            services.form_save(actor=actor, report_form=form, data=measures, expected_revision=form.revision)
        elif not form.template.voluntary:
            services.form_mark_not_applicable(actor=actor, report_form=form, expected_revision=form.revision)


def _submit(actor, report: Report, on: datetime.date, convention: Convention, first: bool) -> None:
    _fill(actor, report, convention, first)
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 30)))
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("state", "convention", "form_set")
        .get(pk=report.pk)
    )
    services._freeze(actor, locked, at=at, via=Report.ReceivedVia.PORTAL, comment="")
    revisions.bump_for(locked)  # a submission in the past, without report_submit's audit


@transaction.atomic
def load_reporting_demo(*, years: int = 6) -> dict[str, int]:
    today = timezone.localdate()
    actor = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if actor is None:
        actor, _ = get_user_model().objects.get_or_create(
            username="reporting-demo", defaults={"is_superuser": True, "is_staff": True}
        )
    counts = {"reports": 0}
    for convention in Convention.objects.order_by("code"):
        for state in _states(convention, today):
            kinds = [(Report.Kind.INITIAL, None)] + [
                (Report.Kind.ANNUAL, y) for y in range(today.year - years, today.year)
            ]
            first = True
            for kind, year in kinds:
                try:
                    report = services.report_open(
                        actor=actor, state=state, convention=convention, year=year, kind=kind
                    )
                except ValidationError:
                    continue  # not owed (not yet a full year as a party, or withdrawn)
                if report.status != Report.Status.DRAFT:
                    first = False
                    continue
                roll = _roll(convention.code, state.iso3, kind, year)
                silent = state.iso3 in SILENT[convention.code] and year is not None and year >= today.year - 2
                if silent or (report.due_date >= today and roll < 60) or roll >= 88:
                    continue  # missing (or, for this year's, not yet sent): the draft stays
                late_days = 0 if roll < 70 else 15 + roll  # ~18 % late, by two weeks to four months
                submitted_on = min(
                    report.due_date - datetime.timedelta(days=roll % 40) + datetime.timedelta(days=late_days),
                    today,
                )
                _submit(actor, report, submitted_on, convention, first)
                first = False
                counts["reports"] += 1
                if report.due_date < today - datetime.timedelta(days=60):
                    report.refresh_from_db()
                    services.report_acknowledge(actor=actor, report=report)
                    if roll % 3:
                        services.report_publish(actor=actor, report=report)

    return counts
