"""With REQUIRE_STAFF_OTP (production), a staff session reads nothing beyond the public until its
second factor is verified: not only the admin, every staff read (secretariat/middleware.py)."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings import services as meeting_services
from reporting.models import Report
from tests.meetings.conftest import documents, draft_meeting, publish, published_meeting  # noqa: F401
from tests.reporting.reporting_helpers import draft, forms_loaded, lebanon_party, submit_simple  # noqa: F401

PASSWORD = "correct horse battery staple"  # tests/factories.py
SECOND_FACTOR_MESSAGE = "Staff must verify their login with a second factor first."


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.REQUIRE_STAFF_OTP = True


@pytest.fixture
def staff_reads(ccm, ccm_staff, lebanon_delegate, documents, draft, django_capture_on_commit_callbacks):  # noqa: F811
    """URL -> a text of the page that only staff (or the submitting delegate) may read there."""
    planned = meeting_services.meeting_create(
        actor=ccm_staff, convention=ccm, kind="msp", ordinal=3, title_en="Third Meeting of States Parties",
        title_ar="الاجتماع الثالث للدول الأطراف", city_en="Oslo", city_ar="أوسلو",
        start_date=datetime.date(2012, 9, 11), end_date=datetime.date(2012, 9, 14),
        announced_start_date=datetime.date(2012, 9, 10), announced_end_date=datetime.date(2012, 9, 14),
        symbol_prefix="CCM/MSP/2012",
    )  # fmt: skip
    meeting_services.agenda_item_add(
        actor=ccm_staff, meeting=planned, parent=None, number=1, title_en="Opening", title_ar="الافتتاح"
    )
    with django_capture_on_commit_callbacks(execute=True):
        build = meeting_services.meeting_document_request(
            actor=ccm_staff, meeting=planned, kind="final_report", language="en"
        )
    version = submit_simple(lebanon_delegate, Report.objects.get(pk=draft.pk))
    report = version.report
    restricted = documents["restricted"]
    return {
        "/admin/": "Site administration",
        f"/admin/meetings/meeting/{planned.pk}/change/": "Oslo",
        "/compliance/CCM/staff/": "Compliance table for a meeting",
        "/compliance/CCM/staff/table.en.pdf": "%PDF",
        f"/meetings/{planned.pk}/": "Third Meeting",
        f"/api/v1/meetings/{planned.pk}/": "Third Meeting",
        f"/api/v1/meetings/documents/{restricted.pk}/": "Note to the coordinators",
        f"/reports/{report.pk}/versions/{version.number}/": "Submitted versions",
        f"/reports/{report.pk}/versions/{version.number}/receipt/": "Receipt",
        f"/reports/{report.pk}/versions/{version.number}/receipt.en.pdf": "%PDF",
        reverse("meetings:document_build_download", args=[build.pk]): "%PDF",
    }


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("latin-1")


def log_in(client, username, token=None):
    url = reverse("two_factor:login")
    response = client.post(
        url, {"login_view-current_step": "auth", "auth-username": username, "auth-password": PASSWORD}
    )
    if token is not None:
        response = client.post(url, {"login_view-current_step": "token", "token-otp_token": token})
    return response


def token_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def assert_kept_out(response, url, *, sent_to):
    if url.startswith("/api/"):
        assert response.status_code == 403, url
        assert response.json() == {"detail": SECOND_FACTOR_MESSAGE}, url
        return
    assert response.status_code == 302, url
    assert response["Location"] == f"{reverse(sent_to)}?next={quote(url, safe='')}", url


def test_staff_read_nothing_beyond_the_public_until_their_second_factor_is_verified(
    client, ccm_staff, staff_reads
):
    # A password login of an account without a device: the session is not verified.
    assert log_in(client, "ccm-staff").status_code == 302
    for url in staff_reads:
        assert_kept_out(client.get(url), url, sent_to="two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200  # where it is sent: open to it

    # A device, but this session has not given its token: sent to the login to give it.
    device = TOTPDevice.objects.create(user=ccm_staff, name="default", confirmed=True)
    for url in staff_reads:
        assert_kept_out(client.get(url), url, sent_to="two_factor:login")

    # The password and a token computed from the device's key: every staff read answers.
    response = log_in(client, "ccm-staff", token=token_of(device))
    assert response.status_code == 302, response.content
    for url, text in staff_reads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in body(response), url


def test_the_api_answers_json_not_a_login_page(client_for, ccm_staff):
    response = client_for(ccm_staff).get("/api/v1/meetings/", HTTP_ACCEPT="text/html")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": SECOND_FACTOR_MESSAGE}


def test_a_superuser_needs_the_second_factor_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    assert_kept_out(client.get("/admin/"), "/admin/", sent_to="two_factor:setup")


def test_an_unverified_staff_session_can_log_out(client_for, ccm_staff):
    client = client_for(ccm_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_second_factor_is_not_asked_when_the_setting_is_off(client_for, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = False
    assert client_for(ccm_staff).get("/compliance/CCM/staff/").status_code == 200


@pytest.mark.parametrize("persona", ["lebanon_delegate", "anonymous"])
def test_delegates_and_the_public_are_unaffected(personas, client_for, persona, staff_reads, draft):  # noqa: F811
    client = client_for(personas[persona])
    for url in ["/", "/meetings/", "/compliance/CCM/", "/api/v1/meetings/", "/api/v1/conventions/"]:
        assert client.get(url).status_code == 200, url
    own_version = f"/reports/{draft.pk}/versions/1/"
    response = client.get(own_version)
    if persona == "lebanon_delegate":
        assert response.status_code == 200  # its own submitted report, with a password only
    else:
        assert response.status_code in (302, 404) and "two_factor" not in response.get("Location", "")
