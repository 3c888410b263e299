"""A real Chromium opens the portal: pages render, Arabic is right-to-left, the language switcher works.

Run with ``pytest -m browser``. Uses the system chromium (playwright cannot download browsers here)
and skips, saying why, where it is missing.
"""

import datetime

import pytest

from tests.factories import StateFactory, TreatyEventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




@pytest.fixture
def data(ccm, apmbc, lebanon, norway):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=datetime.date(2010, 11, 5))
    TreatyEventFactory(state=norway, convention=apmbc, kind="ratification", date=datetime.date(1998, 7, 9))
    StateFactory(iso3="ESP", iso2="ES", short_name_en="Spain", short_name_ar="إسبانيا")


def test_arabic_pages_are_rtl_and_the_switcher_goes_to_english(browser, live_server, data):
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/states/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    names = page.locator("tbody th a").all_inner_texts()
    assert names == ["إسبانيا", "لبنان", "النرويج"]
    # The first column starts at the right in RTL.
    box = page.locator("thead th").first.bounding_box()
    assert box["x"] > page.viewport_size["width"] / 2
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.url.endswith("/states/")
    assert page.locator("tbody th a").all_inner_texts() == ["Lebanon", "Norway", "Spain"]
    page.get_by_role("link", name="Lebanon").click()
    assert page.locator("h1").inner_text() == "Lebanon"
    assert "5 November 2010" in page.content()
    assert problems == []  # no CSP violation, no missing stylesheet or font
    context.close()


def test_phone_width_has_no_horizontal_scroll_on_the_home_page(browser, live_server, data):
    context = browser.new_context(
        locale="ar", extra_http_headers={"Accept-Language": "ar"}, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
