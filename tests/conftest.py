"""Chained fixtures: conventions, States and the five personas every permission test uses."""

import os
import shutil

import pytest

from tests.factories import ConventionFactory, DelegateFactory, IsuStaffFactory, StateFactory


@pytest.fixture
def ccm(db):
    return ConventionFactory(code="CCM")


@pytest.fixture
def apmbc(db):
    return ConventionFactory(code="APMBC")


@pytest.fixture
def lebanon(db):
    return StateFactory(
        iso3="LBN",
        iso2="LB",
        short_name_en="Lebanon",
        short_name_ar="لبنان",
        short_name_fr="Liban",
        short_name_es="Líbano",
    )


@pytest.fixture
def norway(db):
    return StateFactory(
        iso3="NOR",
        iso2="NO",
        short_name_en="Norway",
        short_name_ar="النرويج",
        short_name_fr="Norvège",
        short_name_es="Noruega",
    )


@pytest.fixture
def ccm_staff(ccm):
    """ISU staff of this convention (the CCM)."""
    return IsuStaffFactory(username="ccm-staff", convention=ccm)


@pytest.fixture
def apmbc_staff(apmbc):
    """ISU staff of the other convention."""
    return IsuStaffFactory(username="apmbc-staff", convention=apmbc)


@pytest.fixture
def lebanon_delegate(lebanon, ccm):
    """Delegate of this State."""
    return DelegateFactory(username="lebanon-delegate", assignment=(lebanon, ccm))


@pytest.fixture
def norway_delegate(norway, ccm):
    """Delegate of another State."""
    return DelegateFactory(username="norway-delegate", assignment=(norway, ccm))


@pytest.fixture
def personas(ccm_staff, apmbc_staff, lebanon_delegate, norway_delegate):
    return {
        "ccm_staff": ccm_staff,
        "apmbc_staff": apmbc_staff,
        "lebanon_delegate": lebanon_delegate,
        "norway_delegate": norway_delegate,
        "anonymous": None,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make



@pytest.fixture(autouse=True)
def default_language():
    """Every test starts and ends in the default language. A request through the test client in Arabic
    leaves Arabic active in the thread (LocaleMiddleware activates it, nothing deactivates it), and
    the next test on the same worker would read Arabic messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()

@pytest.fixture(autouse=True)
def clean_pdf_cache():
    """The test storage is in memory and shared by the process: start and end with an empty PDF cache
    (every test: a PDF's key holds the revisions the services bump, and data made by factories
    bumps none, so two tests' documents could otherwise share a key), and no build marked as queued."""
    from django.core.cache import cache

    from secretariat import pdf

    pdf.clear_cache()
    cache.clear()
    yield
    pdf.clear_cache()


@pytest.fixture(scope="session")
def redis_url():
    """The local Redis for the tests of production's shared cache (database 14, cleared by those tests).

    Without a Redis answering, the tests that use this skip (a laptop running ``make test``), unless
    ``REQUIRE_REDIS=1`` (set by ``.ci/run``, which starts Redis): then they fail, so CI cannot pass them
    by skipping. ``TEST_REDIS_URL`` points them elsewhere.
    """
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        message = f"no Redis answers at {url} ({error}); .ci/run starts one"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but {message}")
        pytest.skip(message)
    return url


# Browser tests: the system chromium (playwright cannot download browsers here), flags per PITFALLS.md.
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed (apt-get install chromium); playwright cannot download browsers here"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    # The sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
