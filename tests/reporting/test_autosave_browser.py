"""The autosave script's answers to a refused save and to a server error, in a real Chromium (issue 9, defect 6).

Run with ``pytest -m browser``. The save endpoint's answers are replaced by Playwright's routing, so
the script's behaviour is checked without making the server misbehave.
"""
# ruff: noqa: F811 - fixtures imported from reporting_helpers are redefined as test arguments

import re

import pytest

from tests.reporting.reporting_helpers import draft, forms_loaded, lebanon_party  # noqa: F401 - fixtures
from tests.reporting.test_browser import Counted, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_form_j(browser, live_server, report):
    context, page = new_page(browser, "en")
    log_in(Counted(page), live_server, "lebanon-delegate")
    page.goto(f"{live_server.url}/reports/{report.pk}/forms/J/")
    return context, page


def test_a_refused_non_json_answer_is_shown_and_not_sent_again(browser, live_server, draft):
    context, page = _open_form_j(browser, live_server, draft)
    posts = []

    def refuse(route):
        posts.append(route.request.method)
        route.fulfill(status=400, content_type="text/html", body="<h1>Bad Request (400)</h1>")

    page.route(
        re.compile(r".*/forms/J/$"),
        lambda route: refuse(route) if route.request.method == "POST" else route.continue_(),
    )
    page.locator("[name='f.other']").fill("Typed by the delegate")
    status = page.locator("#autosave-status")
    status.filter(has_text="error 400").wait_for(timeout=15000)
    assert "autosave-status--error" in status.get_attribute("class")
    page.wait_for_timeout(9000)  # the backoff would have retried twice by now
    assert posts == ["POST"]
    assert page.locator("[name='f.other']").input_value() == "Typed by the delegate"
    context.close()


def test_a_server_error_is_retried_with_backoff_until_it_saves(browser, live_server, draft):
    context, page = _open_form_j(browser, live_server, draft)
    answers = []

    def flaky(route):
        if route.request.method != "POST":
            return route.continue_()
        answers.append(route.request.method)
        if len(answers) == 1:
            return route.fulfill(status=503, content_type="text/html", body="<h1>Service Unavailable</h1>")
        return route.continue_()

    page.route(re.compile(r".*/forms/J/$"), flaky)
    page.locator("[name='f.other']").fill("Sent again after a 503")
    page.locator("#autosave-status").filter(has_text="no connection").wait_for(timeout=15000)
    page.locator("#autosave-status").filter(has_text="Saved at").wait_for(timeout=20000)
    assert len(answers) == 2
    draft.refresh_from_db()
    assert draft.forms.get(template__letter="J").data["fields"]["other"] == "Sent again after a 503"
    context.close()
