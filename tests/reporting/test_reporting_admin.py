"""The ISU's admin: reports by convention, year and status; actions through the services."""

from reporting.models import Report
from tests.reporting.reporting_helpers import submit_simple


def test_staff_see_their_conventions_reports_and_acknowledge_them(
    draft, lebanon_delegate, ccm_staff, apmbc_staff, client_for
):
    submit_simple(lebanon_delegate, draft)
    staff = client_for(ccm_staff)
    page = staff.get(f"/admin/reporting/report/?convention__id__exact={draft.convention_id}")
    assert page.status_code == 200 and "Lebanon" in page.content.decode()
    assert "Lebanon" not in client_for(apmbc_staff).get("/admin/reporting/report/").content.decode()
    response = staff.post(
        "/admin/reporting/report/", {"action": "acknowledge", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Report.Status.ACKNOWLEDGED


def test_staff_of_the_other_convention_cannot_open_this_ones_report(draft, apmbc_staff, client_for):
    assert client_for(apmbc_staff).get(f"/admin/reporting/report/{draft.pk}/change/").status_code in (
        302,
        404,
    )


def test_form_templates_and_follow_up_pages_load(forms_loaded, ccm_staff, client_for):
    staff = client_for(ccm_staff)
    for url in ("/admin/reporting/formset/", "/admin/reporting/formtemplate/", "/admin/reporting/fielddefinition/",
                "/admin/reporting/followup/", "/admin/reporting/reminderlog/", "/admin/reporting/report/add/"):  # fmt: skip
        assert staff.get(url).status_code == 200, url
