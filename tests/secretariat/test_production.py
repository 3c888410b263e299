"""What production needs to start and keep running: static files collected by the manifest storage of
the production settings, the PDF fonts still reachable, and database connections that survive a restart.
The whole path (gunicorn, the worker, the login with a second factor) is `scripts/prod-smoke.sh`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.db.utils import InterfaceError

from secretariat import pdf

ROOT = Path(__file__).resolve().parents[2]


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    # The storage of secretariat/settings/prod.py: it rewrites every url() of the collected CSS and
    # stops on one it cannot find, which a PDF-only scheme with a hyphen ("portal-static:") was.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "secretariat/css/portal.css" in manifest
    collected_pdf_css = (tmp_path / manifest["secretariat/css/pdf.css"]).read_text()
    assert f'url("{pdf.static_url("secretariat/fonts/Amiri-Regular.ttf")}")' in collected_pdf_css


def test_every_url_of_the_pdf_stylesheet_is_served_by_the_pdf_fetcher():
    css = (pdf.static_root() / "secretariat" / "css" / "pdf.css").read_text()
    urls = [part.split(")", 1)[0].strip("\"'") for part in css.split("url(")[1:]]
    assert urls
    for url in urls:
        assert pdf.PortalUrlFetcher().fetch(url).read(4) == b"\x00\x01\x00\x00", url


def test_a_persistent_connection_survives_a_database_restart(db):
    """A connection kept between requests (CONN_MAX_AGE) whose server process went away (a restart,
    a failover, an idle timeout) is replaced at the next request instead of failing it."""
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend")
    kept = connections.create_connection("default")
    kept.settings_dict = {**kept.settings_dict, "CONN_MAX_AGE": 600}
    try:
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        kept.close_if_unusable_or_obsolete()  # what Django does when the next request starts
        try:
            with kept.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
        except (OperationalError, InterfaceError) as error:
            pytest.fail(f"the next request after a database restart failed: {error}")
    finally:
        kept.close()


def test_production_settings_check_connections_and_take_their_paths_from_the_environment(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "secretariat.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("REDIS_URL", None)
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "str(s.STATIC_ROOT), str(s.MEDIA_ROOT), s.REQUIRE_STAFF_OTP]))"
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", script], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    max_age, health_checks, static_root, media_root, otp = json.loads(output.splitlines()[-1])
    assert max_age > 0 and health_checks is True
    assert (static_root, media_root) == (str(tmp_path / "static"), str(tmp_path / "media"))
    assert otp is True
