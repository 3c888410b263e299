"""The reporting API: published reports and compliance are public; drafts only for their own State."""

import pytest

from reporting import services
from reporting.models import Report
from tests.reporting.reporting_helpers import submit_simple


def test_published_public_reports_are_listed_for_everyone(draft, lebanon_delegate, ccm_staff, client):
    assert client.get("/api/v1/reporting/reports/").json()["count"] == 0
    submit_simple(lebanon_delegate, draft)
    services.report_publish(actor=ccm_staff, report=draft, visibility=Report.Visibility.PUBLIC)
    body = client.get("/api/v1/reporting/reports/").json()
    assert body["count"] == 1 and body["results"][0]["state"] == "LBN"
    detail = client.get(f"/api/v1/reporting/reports/{draft.pk}/").json()
    assert detail["published_version"]["number"] == 1
    assert client.post("/api/v1/reporting/reports/").status_code == 405


def test_drafts_are_for_their_own_state_only(draft, lebanon_delegate, norway_delegate, client_for):
    own = client_for(lebanon_delegate).get(f"/api/v1/reporting/drafts/{draft.pk}/")
    assert own.status_code == 200 and [f["letter"] for f in own.json()["forms"]] == list("ABCDEFGHIJ")
    assert client_for(norway_delegate).get(f"/api/v1/reporting/drafts/{draft.pk}/").status_code == 404
    assert client_for(norway_delegate).get("/api/v1/reporting/drafts/").json()["count"] == 0
    assert client_for(None).get("/api/v1/reporting/drafts/").status_code in (401, 403)


@pytest.mark.parametrize("query", ["", "?convention=CCM&from=2020&to=2023"])
def test_compliance_figures_are_public(lebanon_party, client, query):
    body = client.get(f"/api/v1/reporting/compliance/{query}").json()
    assert {"convention", "rates", "initial_report_missing"} <= set(body["conventions"][0])


def test_compliance_refuses_a_bad_parameter(client, ccm):
    assert client.get("/api/v1/reporting/compliance/?convention=XYZ").status_code == 400
