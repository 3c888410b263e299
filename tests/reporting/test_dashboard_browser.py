"""The compliance pages in a real Chromium at phone width: nothing scrolls sideways, the chart reads in Arabic.

Run with ``pytest -m browser``; the `browser` fixture (tests/conftest.py) skips where chromium is missing.
"""

from itertools import pairwise

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import IsuStaffFactory
from tests.reporting.test_dashboard import build_volume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def fifteen_years(ccm, apmbc):
    build_volume(12)  # 15 years of reports: every year label of the chart is drawn
    return ccm


def phone(browser, live_server, language="ar", user=None):
    context = browser.new_context(
        locale=language, extra_http_headers={"Accept-Language": language}, viewport=PHONE
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context


# English too: its "0.0 per cent" cells pushed the page to 454 px; Arabic wrapped them one word a line.
@pytest.mark.parametrize(("language", "page_name"), [("ar", "public"), ("ar", "staff"), ("en", "public")])
def test_compliance_page_does_not_scroll_sideways_on_a_phone(
    browser, live_server, fifteen_years, language, page_name
):
    staff = IsuStaffFactory(username="ccm-staff", convention=fifteen_years) if page_name == "staff" else None
    context = phone(browser, live_server, language, staff)
    page = context.new_page()
    path = "/compliance/CCM/" if page_name == "public" else "/compliance/CCM/staff/"
    page.goto(live_server.url + path)

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The rate table is wider than a phone: it scrolls inside its own box, not the page.
    wrap = page.locator(".table-wrap:has(.rate-table)")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto'")
    context.close()


def test_arabic_chart_year_labels_are_legible_and_apart_on_a_phone(browser, live_server, fifteen_years):
    context = phone(browser, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/compliance/CCM/")

    labels = page.evaluate(
        """() => [...document.querySelectorAll('.rate-chart__years text')]
            .filter(t => getComputedStyle(t).display !== 'none')
            .map(t => { const r = t.getBoundingClientRect();
                        return {text: t.textContent, left: r.left, right: r.right, height: r.height}; })"""
    )
    years = [int(label["text"]) for label in labels]
    assert years[0] == min(years) and years[-1] == max(years)  # the first and the last year stay
    assert all(label["height"] >= 10 for label in labels)  # 11-unit labels printed at 6 px before
    by_position = sorted(labels, key=lambda label: label["left"])
    assert [int(label["text"]) for label in by_position] == sorted(years, reverse=True)  # right to left
    assert all(a["right"] < b["left"] for a, b in pairwise(by_position))
    context.close()
