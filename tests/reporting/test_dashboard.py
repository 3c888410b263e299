"""Compliance dashboards: who sees which page, what they show, the SVG chart, and a constant query count."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import dashboard_views
from reporting.models import FollowUp, FormSet, Report
from secretariat.models import Convention, Obligation, State, TreatyEvent
from tests.factories import FREE_ISO2, FREE_ISO3, ConventionFactory, TreatyEventFactory
from tests.reporting.factories import ReportFactory

D = datetime.date


def build_volume(
    states: int, years: int = 15, *, conventions=("APMBC", "CCM"), today: datetime.date | None = None
):
    """``states`` States Parties of each convention with ``years`` years of annual reports, by bulk insert:
    a tenth never sent the initial report; of the annual reports ~60 % on time, ~20 % late, ~20 % missing;
    every seventh State holds a clearance obligation (so some are on the follow-up list), with a follow-up record."""
    today = today or timezone.localdate()
    last = today.year - 1
    convention_objects = [ConventionFactory(code=code) for code in conventions]
    existing = State.objects.count()
    new_states = [
        State(
            iso3=FREE_ISO3[existing + i], iso2=FREE_ISO2[existing + i],
            short_name_en=f"State {existing + i:04d}", short_name_ar=f"دولة {existing + i:04d}",
        )
        for i in range(states)
    ]  # fmt: skip
    State.objects.bulk_create(new_states)
    new_states = list(State.objects.filter(iso3__in=[s.iso3 for s in new_states]).order_by("pk"))
    events, reports, obligations, follow_ups = [], [], [], []
    for convention in convention_objects:
        form_set, _ = FormSet.objects.get_or_create(
            convention=convention, version=1, defaults={"title_en": "Forms", "valid_from": D(1999, 1, 1)}
        )
        for index, state in enumerate(new_states):
            events.append(
                TreatyEvent(state=state, convention=convention, kind="ratification", date=D(2009, 1, 15))
            )
            if index % 10:
                at = timezone.make_aware(datetime.datetime(2011, 1, 10, 12))
                reports.append(
                    Report(state=state, convention=convention, kind="initial", year=2010, due_date=D(2011, 1, 1),
                           form_set=form_set, status="submitted", submitted_at=at)
                )  # fmt: skip
            silent = index % 7 == 0
            if silent:
                obligations.append(Obligation(state=state, convention=convention, kind="clearance"))
                follow_ups.append(
                    FollowUp(state=state, convention=convention, date=D(last + 1, 1, 10), note="Letter sent")
                )
            for year in range(last - years + 1, last + 1):
                roll = (index * 31 + year * 7) % 10
                if silent and year >= last - 1:
                    continue  # two years without a report
                if roll >= 8:
                    continue  # missing
                due = D(year + 1, 4, 30)
                day = due - datetime.timedelta(days=5) if roll < 6 else due + datetime.timedelta(days=20)
                if day > today:
                    continue
                at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12))
                reports.append(
                    Report(state=state, convention=convention, kind="annual", year=year, due_date=due,
                           form_set=form_set, status="submitted", submitted_at=at)
                )  # fmt: skip
    TreatyEvent.objects.bulk_create(events)
    Report.objects.bulk_create(reports, batch_size=1000)
    Obligation.objects.bulk_create(obligations)
    FollowUp.objects.bulk_create(follow_ups)
    return convention_objects


@pytest.fixture
def small(ccm, apmbc):
    build_volume(5, 3)
    return Convention.objects.get(code="CCM")


def get(client, url, **params):
    return client.get(url, params)


# ---- Personas ---------------------------------------------------------------------------------


def test_public_sees_the_public_page_with_rates_and_chart(client, small):
    response = client.get(reverse("reporting_compliance", args=["CCM"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and '<title id="rate-chart-title">' in html and "<desc" in html
    assert "rate-table" in html  # the data table fallback
    assert "follow-up" not in html.lower() and "Letter sent" not in html
    assert "<script" not in html and "style=" not in html  # CSP: no inline script or style


def test_public_gets_404_on_the_staff_dashboard(client, small):
    assert client.get(reverse("reporting_compliance_staff", args=["CCM"])).status_code == 404
    assert client.get(reverse("reporting_compliance_table_pdf", args=["CCM", "en"])).status_code == 404


def test_staff_of_the_convention_see_the_staff_dashboard_with_follow_up_records(client_for, small, ccm_staff):
    response = client_for(ccm_staff).get(reverse("reporting_compliance_staff", args=["CCM"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "follow-up list" in html and "Letter sent" in html
    assert "never submitted an initial report" in html
    assert reverse("reporting_compliance_table_pdf", args=["CCM", "ar"]) in html


def test_staff_of_the_other_convention_get_404_on_this_staff_dashboard(client_for, small, apmbc_staff):
    client = client_for(apmbc_staff)
    assert client.get(reverse("reporting_compliance_staff", args=["CCM"])).status_code == 404
    assert client.get(reverse("reporting_compliance_staff", args=["APMBC"])).status_code == 200
    assert client.get(reverse("reporting_compliance", args=["CCM"])).status_code == 200  # the public page


@pytest.mark.parametrize("persona", ["lebanon_delegate", "norway_delegate"])
def test_delegates_get_404_on_staff_pages(client_for, small, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("reporting_compliance_staff", args=["CCM"])).status_code == 404
    assert client.get(reverse("reporting_compliance_table_pdf", args=["CCM", "en"])).status_code == 404


def test_unknown_convention_is_404_and_bad_year_400(client, small):
    assert client.get("/compliance/XYZ/").status_code == 404
    response = client.get(reverse("reporting_compliance", args=["CCM"]), {"year": "1900"})
    assert response.status_code == 400 and b"year" in response.content


def test_staff_table_pdf_is_served(client_for, small, ccm_staff):
    response = client_for(ccm_staff).get(reverse("reporting_compliance_table_pdf", args=["CCM", "en"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# ---- Figures ----------------------------------------------------------------------------------


def test_rates_match_a_hand_computed_case(client, ccm, lebanon, norway):
    """Two States Parties, reports covering 2022: Lebanon on time, Norway late -> 50 % on time, 100 % at all."""
    for state, day in ((lebanon, D(2023, 4, 1)), (norway, D(2023, 6, 1))):
        TreatyEventFactory(state=state, convention=ccm, kind="ratification", date=D(2010, 11, 5))
        ReportFactory(state=state, convention=ccm, year=2022, submitted_on=day)
    html = client.get(reverse("reporting_compliance", args=["CCM"]), {"year": "2022"}).content.decode()
    assert "50.0 per cent" in html and "100.0 per cent" in html
    assert "Lebanon" in html and "Norway" in html


def test_chart_runs_right_to_left_in_arabic():
    class R:
        def __init__(self, year, rate):
            self.year, self.on_time_rate, self.at_all_rate = year, rate, rate

    rates = [R(2020, 0.5), R(2021, 0.6), R(2022, 0.7)]
    ltr = dashboard_views.chart(rates, "en", rtl=False)
    rtl = dashboard_views.chart(rates, "ar", rtl=True)
    xs = [float(p["x"]) for p in ltr["points"]]
    assert xs == sorted(xs)  # left to right in English
    xs = [float(p["x"]) for p in rtl["points"]]
    assert xs == sorted(xs, reverse=True)  # the first year at the right in Arabic


def test_arabic_chart_is_the_english_chart_mirrored_inside_the_plot():
    class R:
        def __init__(self, year, rate):
            self.year, self.on_time_rate, self.at_all_rate = year, rate, rate

    rates = [R(year, 0.0) for year in range(2011, 2026)]
    ltr = dashboard_views.chart(rates, "en", rtl=False)
    rtl = dashboard_views.chart(rates, "ar", rtl=True)
    width = dashboard_views.CHART["width"]
    for english, arabic in zip(ltr["points"], rtl["points"], strict=True):
        assert float(arabic["x"]) == pytest.approx(width - float(english["x"]))
    # Every point between the grid's ends: the first year does not sit on the value labels.
    start, end = float(rtl["grid"][0]["x1"]), float(rtl["grid"][0]["x2"])
    assert all(start < float(point["x"]) < end for point in rtl["points"])
    assert float(rtl["points"][0]["x"]) < float(rtl["axis_x"])


def test_arabic_page_has_rtl_chart_and_unlocalised_coordinates(client, small):
    client.cookies["django_language"] = "ar"
    html = client.get(
        reverse("reporting_compliance", args=["CCM"]), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert 'dir="rtl"' in html
    points = re.search(r'class="rate-chart__at-all" points="([^"]+)"', html).group(1)
    assert re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", points), points
    xs = [float(pair.split(",")[0]) for pair in points.split()]
    assert xs == sorted(xs, reverse=True)


# ---- Query counts -----------------------------------------------------------------------------


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


MAX_QUERIES = 12


def test_query_count_is_constant_from_small_to_200_states_2_conventions_15_years(
    client_for, ccm_staff, django_assert_max_num_queries
):
    build_volume(3, 15)
    client = client_for(ccm_staff)
    staff_url = reverse("reporting_compliance_staff", args=["CCM"])
    public_url = reverse("reporting_compliance", args=["CCM"])
    small_counts = (_count(client, staff_url), _count(client, public_url))
    print("query counts (staff, public):", small_counts)  # noqa: T201
    build_volume(200, 15)
    assert State.objects.count() >= 203
    assert Report.objects.count() > 2 * 200 * 15 * 0.6
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(staff_url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(public_url).status_code == 200
    assert (_count(client, staff_url), _count(client, public_url)) == small_counts
