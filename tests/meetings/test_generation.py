"""Background generation of meeting documents: request -> task (immediate backend) -> download."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from meetings import services
from meetings.models import DocumentBuild
from tests.meetings.helpers import publish


@pytest.fixture
def agenda(draft_meeting, ccm_staff):
    services.agenda_item_add(
        actor=ccm_staff, meeting=draft_meeting, parent=None, number=1, title_en="Opening", title_ar="الافتتاح"
    )
    return draft_meeting


def test_staff_request_builds_the_report_and_it_can_be_downloaded(
    agenda, ccm_staff, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="final_report", language="ar"
        )
    build.refresh_from_db()
    assert build.status == DocumentBuild.Status.DONE
    assert build.pages >= 1 and build.size > 1000 and len(build.content_hash) == 64 and not build.from_cache
    response = client_for(ccm_staff).get(reverse("meetings:document_build_download", args=[build.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unchanged_report_is_served_from_cache_on_the_second_build(
    agenda, ccm_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="agenda", language="en"
        )
        second = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="agenda", language="en"
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.from_cache and second.content_hash == first.content_hash


def test_a_failure_is_recorded_with_its_error(agenda, ccm_staff, django_capture_on_commit_callbacks):
    with mock.patch("meetings.documents.pdf.render_pdf", side_effect=RuntimeError("fonts missing")):
        with django_capture_on_commit_callbacks(execute=True):
            build = services.meeting_document_request(
                actor=ccm_staff, meeting=agenda, kind="participants", language="en"
            )
    build.refresh_from_db()
    assert build.status == DocumentBuild.Status.FAILED
    assert "fonts missing" in build.error and build.file == ""


@pytest.mark.parametrize("persona", ["apmbc_staff", "lebanon_delegate", "norway_delegate", "anonymous"])
def test_only_the_conventions_staff_may_request(agenda, personas, persona):
    with pytest.raises(PermissionDenied):
        services.meeting_document_request(
            actor=personas[persona], meeting=agenda, kind="final_report", language="en"
        )
    assert not DocumentBuild.objects.exists()


def test_build_download_is_for_the_conventions_staff_only(
    agenda, ccm_staff, personas, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="agenda", language="en"
        )
    url = reverse("meetings:document_build_download", args=[build.pk])
    for persona in ("apmbc_staff", "lebanon_delegate", "anonymous"):
        assert client_for(personas[persona]).get(url).status_code == 404, persona


@pytest.mark.parametrize("suffix", ["html", "pdf"])
def test_a_drafts_documents_are_404_for_the_public_and_others(agenda, personas, client_for, suffix):
    url = reverse(
        f"meetings:generated_document_{'preview' if suffix == 'html' else 'pdf'}",
        args=[agenda.pk, "final_report", "en"],
    )
    assert client_for(personas["ccm_staff"]).get(url).status_code == 200
    for persona in ("apmbc_staff", "lebanon_delegate", "norway_delegate", "anonymous"):
        assert client_for(personas[persona]).get(url).status_code == 404, persona


def test_a_drafts_documents_are_open_to_its_coordinators(
    agenda, ccm_staff, lebanon, ccm, lebanon_delegate, client_for
):
    import datetime

    services.mandate_add(
        actor=ccm_staff, convention=ccm, role="president", state=lebanon, meeting=agenda,
        start_date=datetime.date(2010, 11, 13), ends_with_end_of=agenda,
    )  # fmt: skip
    url = reverse("meetings:generated_document_pdf", args=[agenda.pk, "agenda", "ar"])
    assert client_for(lebanon_delegate).get(url).status_code == 200


def test_a_published_meetings_documents_are_public(agenda, ccm_staff, client_for):
    publish(agenda, ccm_staff)
    url = reverse("meetings:generated_document_pdf", args=[agenda.pk, "final_report", "ar"])
    # Not built yet: queued (the test backend builds at once), and the reader is asked to come back.
    assert client_for(None).get(url).status_code == 202
    response = client_for(None).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["ETag"] and "public" in response["Cache-Control"]
    preview = client_for(None).get(
        reverse("meetings:generated_document_preview", args=[agenda.pk, "final_report", "ar"])
    )
    assert preview.status_code == 200 and "الوثيقة الختامية".encode() in preview.content
    assert client_for(None).get(f"/meetings/{agenda.pk}/generated/budget/ar.pdf").status_code == 404


def test_admin_action_queues_both_languages_and_the_panel_lists_them(
    agenda, ccm_staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ccm_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "generate_final_report", "_selected_action": [agenda.pk]},
        )
    assert response.status_code == 302
    assert sorted(DocumentBuild.objects.values_list("language", "status")) == [("ar", "done"), ("en", "done")]
    page = client.get(reverse("admin:meetings_meeting_change", args=[agenda.pk]))
    assert page.status_code == 200
    assert b"document-builds/" in page.content and b"generated/final_report/ar.html" in page.content


def test_the_panel_shows_each_builds_progress_in_the_readers_language(
    agenda, ccm_staff, client_for, django_capture_on_commit_callbacks, clean_pdf_cache
):
    """Progress is stored as a msgid and translated when shown: an Arabic build read by English staff
    reads in English, and the other way round."""
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_document_request(actor=ccm_staff, meeting=agenda, kind="agenda", language="ar")
        services.meeting_document_request(actor=ccm_staff, meeting=agenda, kind="agenda", language="ar")
    assert sorted(DocumentBuild.objects.values_list("progress", flat=True)) == [
        "Rendered", "Served from cache (unchanged)",
    ]  # fmt: skip
    client = client_for(ccm_staff)
    url = reverse("admin:meetings_meeting_change", args=[agenda.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    for msgid in ("Rendered", "Served from cache (unchanged)"):
        with translation.override("ar"):
            translated = translation.gettext(msgid)
        assert translated != msgid, f"no Arabic for {msgid!r} in locale/ar"
        assert f"<td>{msgid}</td>" in english and f"<td>{translated}</td>" in arabic


# --- a build whose worker died (issue 9, defect 10) ------------------------------------------------


def _running_since(build: DocumentBuild, seconds: int) -> DocumentBuild:
    """The state a killed worker leaves: the build running, started ``seconds`` ago."""
    started = timezone.now() - datetime.timedelta(seconds=seconds)
    DocumentBuild.objects.filter(pk=build.pk).update(
        status="running", started_at=started, progress="Rendering the PDF"
    )
    build.refresh_from_db()
    return build


@pytest.fixture
def orphan_build(agenda, ccm_staff):
    """A build whose worker was killed half-way, longer ago than DOCUMENT_BUILD_TIMEOUT."""
    # The test's transaction never commits: the build is queued, and no worker runs it.
    build = services.meeting_document_request(actor=ccm_staff, meeting=agenda, kind="agenda", language="en")
    from django.conf import settings

    return _running_since(build, settings.DOCUMENT_BUILD_TIMEOUT + 60)


def test_the_admin_page_recovers_a_build_whose_worker_died_and_queues_it_again_once(
    orphan_build, agenda, ccm_staff, client_for, django_capture_on_commit_callbacks, settings
):
    client = client_for(ccm_staff)
    url = reverse("admin:meetings_meeting_change", args=[agenda.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(url)
    assert page.status_code == 200
    orphan_build.refresh_from_db()
    assert orphan_build.status == DocumentBuild.Status.FAILED and orphan_build.progress == "Timed out"
    assert f"No result after {settings.DOCUMENT_BUILD_TIMEOUT} s" in orphan_build.error
    retry = DocumentBuild.objects.get(retry_of=orphan_build)
    assert (retry.kind, retry.language, retry.status) == ("agenda", "en", DocumentBuild.Status.DONE)
    assert "Timed out" in page.content.decode()
    # The retry's worker dies too: it is failed, and not queued a third time.
    _running_since(retry, settings.DOCUMENT_BUILD_TIMEOUT + 60)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    retry.refresh_from_db()
    assert retry.status == DocumentBuild.Status.FAILED
    assert DocumentBuild.objects.count() == 2


def test_a_build_within_the_timeout_is_left_running(orphan_build, agenda, ccm_staff, client_for, settings):
    _running_since(orphan_build, settings.DOCUMENT_BUILD_TIMEOUT - 60)
    client_for(ccm_staff).get(reverse("admin:meetings_meeting_change", args=[agenda.pk]))
    orphan_build.refresh_from_db()
    assert orphan_build.status == DocumentBuild.Status.RUNNING and DocumentBuild.objects.count() == 1


def test_a_worker_taking_any_build_recovers_the_builds_of_a_dead_worker(
    orphan_build, agenda, ccm_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="participants", language="ar"
        )
    orphan_build.refresh_from_db()
    other.refresh_from_db()
    assert orphan_build.status == DocumentBuild.Status.FAILED and other.status == DocumentBuild.Status.DONE
    assert DocumentBuild.objects.get(retry_of=orphan_build).status == DocumentBuild.Status.DONE


def test_a_worker_that_outlived_the_timeout_never_overwrites_the_recovered_build(
    agenda, ccm_staff, django_capture_on_commit_callbacks, settings, clean_pdf_cache
):
    """The worker was only slow, not dead: its late result is dropped, the build stays failed (its
    retry is what staff download)."""
    from meetings.demo import placeholder_pdf

    def slow_render(html, *, language):
        settings.DOCUMENT_BUILD_TIMEOUT = 0  # meanwhile, the build has run past the timeout
        services.document_builds_recover(actor=None)
        settings.DOCUMENT_BUILD_TIMEOUT = 900
        return placeholder_pdf("late")

    with mock.patch("meetings.documents.pdf.render_pdf", side_effect=slow_render):
        build = services.meeting_document_request(
            actor=ccm_staff, meeting=agenda, kind="agenda", language="en"
        )
        from meetings.tasks import build_meeting_document

        with django_capture_on_commit_callbacks(execute=False):
            status = build_meeting_document.call(build_id=build.pk)
    build.refresh_from_db()
    assert status == build.status == DocumentBuild.Status.FAILED and build.file == ""
    assert DocumentBuild.objects.filter(retry_of=build, status=DocumentBuild.Status.QUEUED).exists()
