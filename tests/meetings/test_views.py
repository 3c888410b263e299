"""Pages and downloads, persona by persona: what may not be seen is a 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings import services
from meetings.demo import placeholder_pdf


@pytest.fixture
def files(documents, ccm_staff):
    out = {}
    for key, document in documents.items():
        out[key] = services.document_file_attach(
            actor=ccm_staff,
            document=document,
            language="ar",
            upload=ContentFile(placeholder_pdf(key), name="x.pdf"),
        )
    return out


def url(record):
    return reverse(
        "meetings:document_download", args=[record.document_id, record.language, record.file_format]
    )


def test_the_public_sees_a_published_meeting_page(client, documents, lebanon, ccm_staff):
    services.participation_add(actor=ccm_staff, meeting=documents["general"].meeting, state=lebanon)
    response = client.get(reverse("meetings:meeting_detail", args=[documents["general"].meeting_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "CCM/MSP/2011/1" in content
        and "CCM/MSP/2011/MISC.1" not in content
        and "CCM/MSP/2011/CRP.1" not in content
    )
    assert "Lebanon" in content


def test_a_draft_meeting_is_a_404_for_the_public_the_other_isu_and_delegates(
    client_for, draft_meeting, personas
):
    path = reverse("meetings:meeting_detail", args=[draft_meeting.pk])
    for name in ("anonymous", "apmbc_staff", "lebanon_delegate", "norway_delegate"):
        assert client_for(personas[name]).get(path).status_code == 404, name
    assert client_for(personas["ccm_staff"]).get(path).status_code == 200


def test_the_meeting_page_speaks_arabic(client, published_meeting):
    response = client.get(
        reverse("meetings:meeting_detail", args=[published_meeting.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    )
    content = response.content.decode()
    assert 'dir="rtl"' in content and "من 13 إلى 16 أيلول/سبتمبر 2011" in content and "بيروت" in content


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", {"general": 200, "limited": 404, "restricted": 404}),
        ("norway_delegate", {"general": 200, "limited": 404, "restricted": 404}),
        ("apmbc_staff", {"general": 200, "limited": 404, "restricted": 404}),
        ("ccm_staff", {"general": 200, "limited": 200, "restricted": 200}),
        ("lebanon_coordinator", {"general": 200, "limited": 200, "restricted": 200}),
    ],
)
def test_downloads_by_persona(client_for, files, personas, lebanon_coordinator, persona, expected):
    user = lebanon_coordinator if persona == "lebanon_coordinator" else personas[persona]
    client = client_for(user)
    got = {key: client.get(url(record)).status_code for key, record in files.items()}
    assert got == expected


def test_a_download_carries_its_etag_and_answers_304(client, files):
    response = client.get(url(files["general"]))
    assert response["ETag"] == f'"{files["general"].sha256}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    again = client.get(url(files["general"]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_register_filters_by_symbol_title_convention_and_language(client, files, documents, ccm_staff):
    services.document_register(
        actor=ccm_staff,
        meeting=documents["general"].meeting,
        symbol="CCM/MSP/2011/WP.2",
        title_en="Discussion paper",
    )
    register = reverse("meetings:document_register")
    assert "CCM/MSP/2011/WP.2" in client.get(register, {"title": "discussion"}).content.decode()
    assert "CCM/MSP/2011/WP.2" not in client.get(register, {"language": "ar"}).content.decode()
    assert (
        "CCM/MSP/2011/1" in client.get(register, {"convention": "CCM", "symbol": "2011/1"}).content.decode()
    )
    assert "CCM/MSP/2011/1<" not in client.get(register, {"convention": "APMBC"}).content.decode()
    assert client.get(register, {"meeting": "999999"}).status_code == 400


def test_the_coordinator_space_lists_the_meetings_of_the_mandates(
    client_for, documents, lebanon_coordinator, norway_delegate
):
    page = client_for(lebanon_coordinator).get(reverse("meetings:coordinator_space")).content.decode()
    assert "CCM/MSP/2011/MISC.1" in page and "CCM/MSP/2011/CRP.1" in page
    other = client_for(norway_delegate).get(reverse("meetings:coordinator_space")).content.decode()
    assert "CCM/MSP/2011/MISC.1" not in other


def test_the_coordinator_space_asks_anonymous_users_to_log_in(client):
    assert client.get(reverse("meetings:coordinator_space")).status_code == 302


@pytest.mark.parametrize("count", [10, 200])
def test_the_meeting_page_and_register_run_constant_queries(
    client, published_meeting, ccm_staff, count, django_assert_max_num_queries
):
    for n in range(1, count + 1):
        services.document_register(
            actor=ccm_staff, meeting=published_meeting, symbol=f"CCM/MSP/2011/{n}", title_en=f"D{n}"
        )
    with django_assert_max_num_queries(16):
        assert client.get(reverse("meetings:meeting_detail", args=[published_meeting.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:document_register")).status_code == 200


def test_delegates_cannot_reach_the_meetings_admin(client_for, lebanon_delegate, draft_meeting):
    response = client_for(lebanon_delegate).get(
        reverse("admin:meetings_meeting_change", args=[draft_meeting.pk])
    )
    assert response.status_code == 302  # to the login page: not staff


def test_staff_of_the_other_convention_do_not_see_the_meeting_in_the_admin(
    client_for, apmbc_staff, ccm_staff, draft_meeting
):
    path = reverse("admin:meetings_meeting_change", args=[draft_meeting.pk])
    assert client_for(apmbc_staff).get(path).status_code in (302, 403, 404)
    assert client_for(ccm_staff).get(path).status_code == 200
