"""Compliance dashboards: a public page per convention and a staff page for that convention's ISU.

Both read ``reporting.selectors.compliance_dashboard`` once (a constant number of queries) and
format in the active language with ``secretariat.house_style``. The reporting-rate chart is an SVG
drawn by a template from coordinates computed here (no JavaScript; in Arabic the years run from right
to left), with a <title>, a <desc> and the same figures as a data table.

Who sees what: the public page shows the rates and the States that reported; the staff page (ISU
staff of this convention only; a 404 for anyone else, so the page's existence is not confirmed)
adds the missing reports, the States that never sent an initial report and the President's
follow-up list with its records, and links to the compliance table (PDF) for a meeting.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reporting import selectors
from reporting.compliance import ReportState
from reporting.documents import ComplianceTable
from secretariat import house_style
from secretariat.models import Convention
from secretariat.permissions import is_isu_staff_of
from secretariat.translation import localized

YEARS_SHOWN = 15

# Geometry of the chart (SVG user units); the template only places what is computed here.
CHART = {"width": 640, "height": 260, "left": 48, "right": 16, "top": 16, "bottom": 36}


def _language() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return language if language in house_style.LANGUAGES else "en"


def _percent(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    return _("%(rate)s per cent") % {
        "rate": house_style.format_number(Decimal(str(value * 100)), language, places=1)
    }


def _convention(code: str) -> Convention:
    return get_object_or_404(Convention, code=code.upper())


class BadParameter(Exception):
    pass


def _years(request, dashboard_on: datetime.date) -> tuple[list[int], int]:
    last = dashboard_on.year - 1
    years = list(range(last - YEARS_SHOWN + 1, last + 1))
    raw = request.GET.get("year")
    if raw is None or raw == "":
        return years, last
    if not raw.isdigit() or int(raw) not in years:
        raise BadParameter(
            _("year: choose a year from %(first)s to %(last)s.") % {"first": years[0], "last": last}
        )
    return years, int(raw)


def chart(rates, language: str, *, rtl: bool) -> dict:
    """Coordinates of the reporting-rate chart: two lines (on time, at all), 0–100 per cent."""
    width, height = CHART["width"], CHART["height"]
    left, right, top, bottom = CHART["left"], CHART["right"], CHART["top"], CHART["bottom"]
    if rtl:  # the value axis goes to the right, years run right to left
        left, right = right, left
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(rates), 1)
    step = plot_w / count

    # Coordinates leave as plain strings: a float in a template would be localised ("12,5" in Arabic).
    def x(index: int) -> float:
        # Placed left to right from the English margin, then mirrored: mirroring from the swapped
        # margin would shift every point 32 units towards the axis, the first one onto its labels.
        position = CHART["left"] + step * (index + 0.5)
        return round(width - position if rtl else position, 1)

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value), 1)

    def c(value: float | None) -> str | None:
        return None if value is None else f"{value:.1f}"

    points = []
    for index, rate in enumerate(rates):
        on_time = None if rate.on_time_rate is None else y(rate.on_time_rate)
        points.append(
            {
                "year": rate.year,
                "x": c(x(index)),
                "square_x": c(x(index) - 3),
                "square_y": None if on_time is None else c(on_time - 3),
                "on_time": c(on_time),
                "at_all": None if rate.at_all_rate is None else c(y(rate.at_all_rate)),
                "on_time_text": _percent(rate.on_time_rate, language),
                "at_all_text": _percent(rate.at_all_rate, language),
            }
        )
    axis_x = width - right if rtl else left
    label_x = axis_x + 6 if rtl else axis_x - 6
    return {
        **CHART,
        "points": points,
        "on_time_line": " ".join(f"{p['x']},{p['on_time']}" for p in points if p["on_time"] is not None),
        "at_all_line": " ".join(f"{p['x']},{p['at_all']}" for p in points if p["at_all"] is not None),
        "grid": [
            {
                "y": c(y(v / 100)),
                "label": house_style.format_number(v, language),
                "x1": c(left),
                "x2": c(width - right),
            }
            for v in (0, 25, 50, 75, 100)
        ],
        "axis_x": c(axis_x),
        "label_x": c(label_x),
        "label_anchor": "start" if rtl else "end",
        "year_y": c(height - bottom + 16),
    }


def _names(entries, language: str) -> list[str]:
    return house_style.sorted_names(
        {localized(entry.state, "short_name", language) for entry in entries}, language
    )


def _context(request, convention: Convention, *, staff: bool) -> dict:
    language = _language()
    on = selectors.today()
    years, year = _years(request, on)
    dashboard = selectors.compliance_dashboard(viewer=request.user, convention=convention, years=years, on=on)
    block = dashboard.conventions[0]
    rates = block.rates
    rate = next(r for r in rates if r.year == year)
    entries = block.entries_for(year)
    by_state = {state: [e for e in entries if e.report_state == state] for state in ReportState}
    rtl = translation.get_language_bidi()
    context = {
        "convention": convention,
        "convention_name": localized(convention, "name", language),
        "years": years,
        "year": year,
        "on_text": house_style.format_date(on, language),
        "due_text": house_style.format_date(rate.due_date, language),
        "figures": {
            "due": house_style.format_number(rate.due, language),
            "on_time": house_style.format_number(rate.on_time, language),
            "late": house_style.format_number(rate.late, language),
            "missing": house_style.format_number(rate.missing, language),
            "pending": house_style.format_number(rate.pending, language),
            "submitted": house_style.format_number(rate.submitted, language),
            "on_time_rate": _percent(rate.on_time_rate, language),
            "at_all_rate": _percent(rate.at_all_rate, language),
        },
        "rate_rows": [
            {
                "year": r.year,
                "due": house_style.format_number(r.due, language),
                "on_time": house_style.format_number(r.on_time, language),
                "submitted": house_style.format_number(r.submitted, language),
                "on_time_rate": _percent(r.on_time_rate, language),
                "at_all_rate": _percent(r.at_all_rate, language),
            }
            for r in rates
        ],
        "chart": chart(rates, language, rtl=rtl),
        "reported": _names(by_state[ReportState.ON_TIME] + by_state[ReportState.LATE], language),
        "staff": staff,
    }
    if staff:
        follow_up = []
        for row in block.follow_up:
            follow_up.append(
                {
                    "name": localized(row.state, "short_name", language),
                    "years": house_style.join_names([str(y) for y in row.missing_years], language),
                    "obligations": row.obligations,
                    "records": [
                        {
                            "pk": record.pk,
                            "date": house_style.format_date(record.date, language),
                            "status": record.get_status_display(),
                            "note": record.note,
                        }
                        for record in row.follow_ups
                    ],
                }
            )
        follow_up.sort(key=lambda row: house_style.sort_key(row["name"], language))
        never = sorted(
            (
                {
                    "name": localized(entry.state, "short_name", language),
                    "due": house_style.format_date(entry.due.due_date, language),
                }
                for entry in block.never_initial
            ),
            key=lambda row: house_style.sort_key(row["name"], language),
        )
        context |= {
            "on_time": _names(by_state[ReportState.ON_TIME], language),
            "late": _names(by_state[ReportState.LATE], language),
            "missing": _names(by_state[ReportState.MISSING], language),
            "pending": _names(by_state[ReportState.PENDING], language),
            "never_initial": never,
            "follow_up": follow_up,
        }
    return context


def _staff_convention(request, code: str) -> Convention:
    convention = _convention(code)
    if not is_isu_staff_of(request.user, convention):
        raise Http404
    return convention


@require_safe
def compliance_index(request):
    return render(
        request, "reporting/dashboard_index.html", {"conventions": Convention.objects.order_by("code")}
    )


@require_safe
def compliance_public(request, code: str):
    convention = _convention(code)
    try:
        context = _context(request, convention, staff=False)
    except BadParameter as error:
        return HttpResponseBadRequest(str(error))
    context["can_see_staff"] = is_isu_staff_of(request.user, convention)
    return render(request, "reporting/dashboard_public.html", context)


@require_safe
def compliance_staff(request, code: str):
    convention = _staff_convention(request, code)
    try:
        context = _context(request, convention, staff=True)
    except BadParameter as error:
        return HttpResponseBadRequest(str(error))
    return render(request, "reporting/dashboard_staff.html", context)


@require_safe
def compliance_table_pdf(request, code: str, language: str):
    """The compliance table for a meeting (staff: it names the States on the follow-up list)."""
    convention = _staff_convention(request, code)
    if language not in ("ar", "en"):
        raise Http404
    try:
        _years_, year = _years(request, selectors.today())
    except BadParameter as error:
        return HttpResponseBadRequest(str(error))
    rendered = ComplianceTable(convention, year).render(language=language)
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response["Content-Disposition"] = content_disposition_header(False, rendered.filename)
    patch_cache_control(response, private=True, no_cache=True)
    return response
