"""Defect 9 of issue 9 (second half): a NUL character in a query parameter or a JSON body is a 400; in a
posted form, its field refuses it.

PostgreSQL text cannot hold NUL; before the middleware these requests answered 500.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?convention=%00",
        "/documents/?q=a%00b",
        "/states/?q=%00",
        "/meetings/?%00=1",
    ],
)
def test_a_nul_in_a_query_parameter_is_a_400_page(client, ccm, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "NUL character" in response.content.decode()


def test_the_refusal_is_in_the_readers_language(client, ccm):
    response = client.get("/meetings/?convention=%00", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/reporting/compliance/?convention=%00", "/api/v1/meetings/?search=%00", "/api/v1/states/?q=%00"],
)
def test_a_nul_in_an_api_query_parameter_is_a_json_400(client, ccm, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_a_nul_in_posted_form_data_is_refused_by_its_field_and_nothing_is_saved(client_for, ccm_staff):
    from secretariat.models import Organisation

    client = client_for(ccm_staff)
    response = client.post(
        reverse("admin:secretariat_organisation_add"),
        {"name_en": "Bad\x00name", "kind": "ngo", "rule": "1(2)"},
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_nul_in_a_posted_json_body_is_a_json_400(client_for, lebanon_delegate):
    response = client_for(lebanon_delegate).post(
        "/api/v1/meetings/", data='{"title": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_ordinary_requests_pass(client, ccm):
    assert client.get("/meetings/?convention=CCM").status_code == 200
