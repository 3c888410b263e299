"""A delegate files Article 7 reports in a real Chromium, in Arabic and in English.

Run with ``pytest -m browser``. The system chromium (playwright cannot download browsers here) is
launched by the `browser` fixture of tests/conftest.py. Screenshots go to /tmp/reporting-shots/ (not the repo).
"""

import re
from pathlib import Path

import pytest

from reporting import selectors, services
from reporting.models import Report, ReportVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests/factories.py
SHOTS = Path("/tmp/reporting-shots")  # noqa: S108 - screenshots stay out of the repository, as asked



class Counted:
    """The user's interactions with a page (every click, fill and key press), counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, selector):
        self.count += 1
        self.page.locator(selector).click()

    def fill(self, selector, value):
        self.count += 1
        self.page.locator(selector).fill(value)


def new_page(browser, language):
    context = browser.new_context(
        locale=language,
        extra_http_headers={"Accept-Language": language},
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.problems = []
    page.on(
        "console", lambda message: page.problems.append(message.text) if message.type == "error" else None
    )
    return context, page


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(user: Counted, live_server, username):
    user.page.goto(f"{live_server.url}/account/login/?next=/reports/")
    user.fill("#id_auth-username", username)
    user.fill("#id_auth-password", PASSWORD)
    user.click("form:has(#id_auth-password) button[type=submit] >> nth=-1")
    user.page.wait_for_url(re.compile(r"/reports/$"))
    # The login page is two_factor's own template (it asks a CDN for Bootstrap, which CSP blocks):
    # only the reporting pages' console is checked.
    user.page.problems.clear()


@pytest.fixture
def last_year_submitted(forms_loaded, lebanon_party, ccm, lebanon_delegate):
    """Lebanon's report of two years ago, submitted: form A filled, the others not applicable."""
    year = selectors.today().year - 2
    report = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=year)
    for form in selectors.report_forms(report):
        if form.template.letter == "A":
            services.form_save(
                actor=lebanon_delegate, report_form=form, expected_revision=form.revision,
                data={"fields": {}, "tables": {"measures": [{"measure": "Law 2019/12 prohibiting cluster munitions"}]}},
            )  # fmt: skip
        else:
            services.form_mark_not_applicable(
                actor=lebanon_delegate, report_form=form, expected_revision=form.revision
            )
    services.report_submit(actor=lebanon_delegate, report=report)
    return year


def cell(table, row, column):
    return f"[name='t.{table}.{row}.{column}']"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_delegate_journey_save_leave_come_back_submit_and_correct(
    browser, live_server, last_year_submitted, lebanon_delegate, language
):
    context, page = new_page(browser, language)
    user = Counted(page)
    year = last_year_submitted + 1
    log_in(user, live_server, "lebanon-delegate")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shot(page, f"{language}-01-my-reports")

    user.click("form[action$='/reports/start/']:has(input[value=annual]) button")
    report = Report.objects.get(year=year)
    assert page.url.endswith(f"/reports/{report.pk}/")
    shot(page, f"{language}-02-report")

    # Form A: unchanged since last year's report.
    user.click("a[href$='/forms/A/'] >> nth=0")
    user.click("button[value=unchanged]")
    assert page.locator(".readonly").inner_text().count("Law 2019/12") == 1
    shot(page, f"{language}-03-form-a-unchanged")

    # Form B: fill the stockpile table, with one row added without leaving the page.
    page.goto(f"{live_server.url}/reports/{report.pk}/forms/B/")
    user.fill(cell("stockpile", 0, "munition_type"), "M26")
    user.fill(cell("stockpile", 0, "quantity"), "1200")
    if language == "en":  # autosave (reporting.js): the status says when it saved
        page.locator("#autosave-status").filter(has_text="Saved at").wait_for(timeout=15000)
    user.click("button[value='add:stockpile']")
    user.fill(cell("stockpile", 1, "munition_type"), "BL755")
    user.fill(cell("stockpile", 1, "quantity"), "-34")
    user.click("#form-fields .form-actions--top button[value=save]")
    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    assert page.locator("#t-stockpile-1-quantity-error").is_visible()
    assert page.locator(cell("stockpile", 1, "quantity")).input_value() == "-34"  # nothing typed is lost
    shot(page, f"{language}-04-form-b-error")
    user.click("#error-summary a")  # the summary's link moves to the field
    assert page.evaluate("document.activeElement.id") == "t-stockpile-1-quantity"
    user.fill(cell("stockpile", 1, "quantity"), "34")
    user.click("#form-fields .form-actions--top button[value=save]")
    assert page.locator(".notice--success").is_visible()

    # Leave, come back: the data is there, with its computed total.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reports/{report.pk}/forms/B/")
    assert page.locator(cell("stockpile", 1, "munition_type")).input_value() == "BL755"
    total = page.locator("tfoot .total").filter(has_text=re.compile(r"\d")).first.inner_text()
    assert re.sub(r"\D", "", total) == "1234"
    shot(page, f"{language}-05-form-b-saved")

    # The rest is unchanged since last year; submit.
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    user.click(f"form[action$='/reports/{report.pk}/unchanged/'] button")
    assert page.locator(".checklist .notice--success").is_visible()
    shot(page, f"{language}-06-report-complete")
    user.click(f"a[href$='/reports/{report.pk}/submit/']")
    shot(page, f"{language}-07-submit")
    user.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/versions/1/receipt/$"))
    assert page.locator(".receipt-version").inner_text() == "1"
    assert re.search(r"\d{1,2}:\d{2}", page.locator(".receipt-date").inner_text())
    shot(page, f"{language}-08-receipt")
    version_1 = ReportVersion.objects.get(report=report, number=1)
    frozen = version_1.snapshot

    # A correction: version 2; version 1 stays as it was.
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    user.click(f"form[action$='/reports/{report.pk}/correct/'] button")
    page.goto(f"{live_server.url}/reports/{report.pk}/forms/B/")
    user.fill(cell("stockpile", 1, "quantity"), "40")
    user.click("#form-fields .form-actions--top button[value=save]")
    page.goto(f"{live_server.url}/reports/{report.pk}/submit/")
    user.fill("#id_comment", "BL755: 40, not 34.")
    user.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/versions/2/receipt/$"))
    page.goto(f"{live_server.url}/reports/{report.pk}/versions/")
    assert page.locator("table.versions tbody tr").count() == 2
    shot(page, f"{language}-09-versions")
    page.locator("form.filters button[type=submit]").click()
    changes = page.locator("table.changes tbody").inner_text()
    assert "34" in changes and "40" in changes
    shot(page, f"{language}-10-compare")
    page.goto(f"{live_server.url}/reports/{report.pk}/versions/1/")
    version_text = re.sub(r"\d{1,2}:\d{2}", "", page.locator("main").inner_text())  # not the clock ("19:40")
    assert "34" in version_text and "40" not in version_text
    assert ReportVersion.objects.get(pk=version_1.pk).snapshot == frozen
    assert list(ReportVersion.objects.filter(report=report).values_list("number", flat=True)) == [1, 2]
    # No CSP violation, no missing file (the refused save with a negative quantity answers 400 on purpose).
    assert [problem for problem in page.problems if "status of 400" not in problem] == []
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_unchanged_annual_report_takes_at_most_ten_interactions(
    browser, live_server, last_year_submitted, lebanon_delegate, language
):
    context, page = new_page(browser, language)
    user = Counted(page)
    log_in(user, live_server, "lebanon-delegate")
    user.click("form[action$='/reports/start/']:has(input[value=annual]) button")
    user.click("form[action$='/unchanged/'] button")
    user.click("a[href$='/submit/']")
    user.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/versions/1/receipt/$"))
    shot(page, f"{language}-11-unchanged-receipt")
    report = Report.objects.get(year=last_year_submitted + 1)
    assert report.status == Report.Status.SUBMITTED
    assert {(f.choice, f.unchanged_since_year) for f in selectors.report_forms(report)} == {
        ("unchanged", last_year_submitted)
    }
    (SHOTS / f"{language}-interactions.txt").write_text(f"{user.count} interactions from the login page\n")
    assert user.count <= 10, user.count
    assert user.count == 7  # log in (3), start the report, mark every form unchanged, submit, confirm
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_report_and_form_pages_pass_axe_wcag_2_a_and_aa(
    browser, live_server, last_year_submitted, lebanon_delegate, ccm, lebanon_party, language
):
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    report = services.report_open(
        actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=last_year_submitted + 1
    )
    context, page = new_page(browser, language)
    log_in(Counted(page), live_server, "lebanon-delegate")
    axe = axe_module.Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}
    paths = [
        "/reports/",
        f"/reports/{report.pk}/",
        f"/reports/{report.pk}/forms/B/",
        f"/reports/{report.pk}/forms/F/",
        f"/reports/{report.pk}/forms/H/",
        f"/reports/{report.pk}/submit/",
    ]
    failures = {}
    for path in paths:
        page.goto(live_server.url + path)
        try:
            results = axe.run(page, options=options)
        except Exception as error:  # axe is injected with page.evaluate: say why it could not run
            pytest.skip(f"axe-core could not run offline in this browser: {error}")
        if results.violations_count:
            failures[path] = results.generate_report()
    # The same check on a page with errors (the error summary, invalid fields).
    page.goto(f"{live_server.url}/reports/{report.pk}/forms/B/")
    page.locator(cell("stockpile", 0, "quantity")).fill("-1")
    page.locator("#form-fields .form-actions--top button[value=save]").click()
    results = axe.run(page, options=options)
    if results.violations_count:
        failures["form B with errors"] = results.generate_report()
    assert not failures, failures
    context.close()
