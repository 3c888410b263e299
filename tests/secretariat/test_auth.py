"""Staff authentication: two factors, lockout after repeated failures, CSP, delegates kept out."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.secretariat.admin_helpers import admin_url

PASSWORD = "correct horse battery staple"  # tests/factories.py


def login(client: Client, username: str, password: str, **headers):
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        **headers,
    )


def test_admin_login_goes_through_two_factor(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:login") + "?next=/admin/"


def test_staff_logs_in_with_a_password_when_no_second_factor_is_required(client, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = False
    response = login(client, "ccm-staff", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client_for, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = True
    response = client_for(ccm_staff).get(admin_url("treatyevent"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:setup"))


def test_staff_verified_with_a_device_reach_the_admin(client, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = True
    device = TOTPDevice.objects.create(user=ccm_staff, name="phone", confirmed=True)
    client.force_login(ccm_staff)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get(admin_url("treatyevent")).status_code == 200


def test_staff_with_a_device_must_give_a_token_after_the_password(client, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = True
    TOTPDevice.objects.create(user=ccm_staff, name="default", confirmed=True)  # two_factor's default device
    response = login(client, "ccm-staff", PASSWORD)
    assert response.status_code == 200
    assert response.context["wizard"]["steps"].current == "token"
    assert client.get("/admin/").status_code == 302  # not logged in yet


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "Account locked: too many login attempts. Please try again later."),
        ("ar", "الحساب مغلق: محاولات تسجيل دخول كثيرة جدًا. الرجاء معاودة المحاولة في وقت لاحق."),
    ],
)
def test_account_locks_after_repeated_failures(client, ccm_staff, settings, language, message):
    settings.REQUIRE_STAFF_OTP = False
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "ccm-staff", "wrong password", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200  # the form again, with its error
    # The failure that reaches the limit locks the account at once.
    assert login(client, "ccm-staff", "wrong password", HTTP_ACCEPT_LANGUAGE=language).status_code == 429
    response = login(client, "ccm-staff", PASSWORD, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    assert message in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_failures_below_the_limit_do_not_lock(client, ccm_staff, settings):
    settings.REQUIRE_STAFF_OTP = False
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "ccm-staff", "wrong password")
    assert login(client, "ccm-staff", PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/account/login/", "/admin/"])
def test_csp_header_forbids_inline_scripts(client_for, ccm_staff, path):
    response = client_for(ccm_staff if path == "/admin/" else None).get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy


@pytest.mark.parametrize("persona", ["lebanon_delegate", "norway_delegate"])
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/secretariat/state/", "/admin/secretariat/treatyevent/add/"]
)
def test_delegates_never_reach_the_admin(personas, client_for, persona, path):
    response = client_for(personas[persona]).get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_delegate_logging_in_still_cannot_reach_the_admin(client, lebanon_delegate, settings):
    settings.REQUIRE_STAFF_OTP = True
    assert login(client, "lebanon-delegate", PASSWORD).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]
