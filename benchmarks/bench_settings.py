"""Production settings for the benchmarks on this machine: DEBUG off, PostgreSQL, plain HTTP on loopback.

Sets the environment prod.py insists on (a throw-away secret, the loopback host, the bench database)
and then imports prod unchanged, so gunicorn runs the same middleware, session, CSRF and database
settings as production. Only what cannot work on plain http://127.0.0.1 is relaxed (the HTTPS
redirect). Run by benchmarks/deadline_rush.py; never used outside benchmarks.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_rush")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# The local Redis as production's shared cache: sessions are then cached_db (prod.py). A database
# number and key prefix of the benchmark's own, so nothing else's keys are touched.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from secretariat.settings.prod import *  # noqa: E402, F403

STORAGES = {  # no collectstatic needed for a JSON endpoint
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
if "default" in CACHES and "redis" in CACHES["default"]["BACKEND"].lower():  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "bench:" + DATABASES["default"]["NAME"]  # noqa: F405
# Only the cache and sessions from Redis: the benchmark enqueues no task, and prod's RQ backend would
# also need django_rq installed (reported; see prod.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
