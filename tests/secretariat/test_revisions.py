"""Content revisions (secretariat/revisions.py), the anonymous PDF download (secretariat/downloads.py)
and the process-start gc.freeze (secretariat/tasks.py)."""

import datetime
from unittest import mock

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

from secretariat import pdf, revisions, services, tasks
from secretariat.documents import StatusOfConvention
from secretariat.models import ContentRevision
from tests.factories import TreatyEventFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def status(ccm, lebanon):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=datetime.date(2010, 11, 5))
    return ccm


def url(language="en"):
    return f"/conventions/CCM/status.{language}.pdf"


def test_bump_gives_each_scope_a_new_revision_in_one_statement(db, django_assert_num_queries):
    # Scopes of their own: module fixtures elsewhere may have committed revisions of real ones.
    scopes = ["test:a", "test:b", "test:c"]
    assert revisions.revisions(scopes) == {"test:a": "", "test:b": "", "test:c": ""}
    with django_assert_num_queries(1):
        revisions.bump_revision("test:a", "test:b", "test:a")
    once = revisions.revisions(scopes)
    assert once["test:a"] and once["test:b"] and once["test:c"] == ""
    revisions.bump_revision("test:a")
    twice = revisions.revisions(scopes)
    assert twice["test:a"] != once["test:a"] and twice["test:b"] == once["test:b"]
    assert ContentRevision.objects.filter(scope__startswith="test:").count() == 2


def test_a_service_write_bumps_the_reference_scope(ccm_staff, lebanon):
    before = revisions.revisions([revisions.REFERENCE])
    services.state_update(actor=ccm_staff, state=lebanon, short_name_en="Lebanese Republic")
    assert revisions.revisions([revisions.REFERENCE]) != before


def test_the_reference_loader_bumps_the_reference_scope(db):
    from secretariat.reference_data import load_reference_data

    before = revisions.revisions([revisions.REFERENCE])
    load_reference_data()
    assert revisions.revisions([revisions.REFERENCE]) != before


def test_article7_drafts_are_not_tracked():
    """The autosave locks no revision row on deadline day: no generated document reads a draft."""
    from reporting.models import Attachment, ReportForm

    assert not {ReportForm, Attachment} & revisions.tracked_models()


# --- Anonymous downloads ----------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS)
def test_an_anonymous_reader_never_makes_the_web_thread_render(status, client):
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renders:
        response = client.get(url(), HTTP_ACCEPT_LANGUAGE="ar")
        again = client.get(url())
    assert renders.call_count == 0
    assert response.status_code == 202 and response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'lang="ar"' in html and 'http-equiv="refresh"' in html  # a page in the reader's language
    assert again.status_code == 202
    # One build queued for the two requests, for that document and language.
    (queued,) = default_task_backend.results
    assert queued.kwargs["document"] == StatusOfConvention.path()
    assert queued.kwargs["identity"]["convention"] == "CCM" and queued.kwargs["language"] == "en"


@override_settings(TASKS=DUMMY_TASKS)
def test_once_built_the_anonymous_reader_gets_the_pdf_then_a_304(status, client):
    client.get(url())
    (queued,) = default_task_backend.results
    key = tasks.build_generated_document.call(**queued.kwargs)  # what the worker runs
    with mock.patch.object(pdf, "render_pdf") as renders:
        response = client.get(url())
        revalidated = client.get(url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert renders.call_count == 0
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["ETag"] == f'"{key}"'
    assert revalidated.status_code == 304


@override_settings(TASKS=DUMMY_TASKS)
def test_after_a_write_the_anonymous_reader_waits_for_the_new_build(status, client, ccm_staff, lebanon):
    StatusOfConvention(status).render(language="en")
    assert client.get(url()).status_code == 200
    services.state_update(actor=ccm_staff, state=lebanon, short_name_en="Lebanese Republic")
    assert client.get(url()).status_code == 202  # never the PDF with the old name
    assert len(default_task_backend.results) == 1


@override_settings(TASKS=DUMMY_TASKS)
def test_a_signed_in_reader_gets_the_pdf_rendered_at_once(status, client_for, ccm_staff):
    response = client_for(ccm_staff).get(url())
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert default_task_backend.results == []


# --- gc.freeze ----------------------------------------------------------------------------------------


def test_render_pdf_never_freezes_the_collector(status):
    with mock.patch("gc.freeze") as freeze:
        for language in ("en", "ar", "en"):
            pdf.clear_cache()
            StatusOfConvention(status).render(language=language)
    assert freeze.call_count == 0


def test_a_worker_freezes_once_before_its_first_task_and_the_immediate_backend_never(monkeypatch):
    monkeypatch.setattr(tasks, "_frozen", False)
    with mock.patch("gc.freeze") as freeze, mock.patch("gc.collect"):
        tasks.freeze_at_worker_start(sender=ImmediateBackend)
        assert freeze.call_count == 0
        tasks.freeze_at_worker_start(sender=DatabaseBackend)
        tasks.freeze_at_worker_start(sender=DatabaseBackend)
    assert freeze.call_count == 1
