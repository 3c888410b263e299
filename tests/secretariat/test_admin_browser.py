"""The admin in Arabic in a real Chromium: wide lists and inlines stay inside the page.

Run with ``pytest -m browser``; the `browser` fixture (tests/conftest.py) skips where chromium is missing.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import StateFactory, TreatyEventFactory, UserFactory, many_states

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def states(ccm, apmbc):
    bolivia = StateFactory(
        iso3="BOL", iso2="BO", short_name_en="Bolivia (Plurinational State of)",
        short_name_ar="بوليفيا (دولة - المتعددة القوميات)",
    )  # fmt: skip
    many_states(30)
    for convention in (ccm, apmbc):
        TreatyEventFactory(
            state=bolivia, convention=convention, kind="ratification", date=datetime.date(2008, 12, 3),
            source="C.N.123.2008.TREATIES-XXVI.6 (Depositary Notification)",
        )  # fmt: skip
    return bolivia


def arabic_admin(browser, live_server, width):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    context = browser.new_context(
        locale="ar", extra_http_headers={"Accept-Language": "ar"}, viewport={"width": width, "height": 900}
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_arabic_states_list_fits_the_page_at_1024_px(browser, live_server, states):
    context = arabic_admin(browser, live_server, 1024)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/secretariat/state/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#result_list tbody tr").count() == 31
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The filters sit above the list, which takes the whole width rather than what they left beside them.
    results, filters = box(page, ".results"), box(page, "#changelist-filter")
    assert results["width"] >= box(page, "#changelist")["width"] - 1
    assert filters["y"] + filters["height"] <= results["y"]
    context.close()


def test_arabic_state_page_with_treaty_events_does_not_scroll_sideways_at_1280_px(
    browser, live_server, states
):
    context = arabic_admin(browser, live_server, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/secretariat/state/{states.pk}/change/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".inline-group .tabular tr.has_original").count() >= 2
    # The tabular inline is wider than the page: it scrolls inside its group, not the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
