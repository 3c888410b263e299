"""Production: refuses to start without its secrets; PostgreSQL, object storage, Redis."""

import os

from secretariat.settings.base import *  # noqa: F403
from secretariat.settings.env import boolean, csv_list, database, integer, require

DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = csv_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    require("ALLOWED_HOSTS")
require("DATABASE_URL")
DATABASES = {"default": database("DATABASE_URL", "")}
DATABASES["default"]["CONN_MAX_AGE"] = integer("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # see base.py: survive a database restart
CSRF_TRUSTED_ORIGINS = csv_list("CSRF_TRUSTED_ORIGINS", [])
# Where collectstatic writes (whitenoise serves from there) and where local uploads go without S3.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or STATIC_ROOT  # noqa: F405
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or MEDIA_ROOT  # noqa: F405

SECURE_SSL_REDIRECT = boolean("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage for uploads and generated PDFs, so app servers stay stateless.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True

if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "secretariat.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    # Sessions read from the cache every app server shares, written through to the database: no
    # session query per request, and a logout (which deletes from both) is seen by every server at
    # once. Only with a shared cache: a per-process cache would keep a logged-out session alive in
    # the other workers. Signed-cookie sessions are not used: they cannot be revoked server-side.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"]}}
    # Workers: `manage.py rqworker default --job-class django_tasks_rq.Job` (django-rq's command; the
    # job class is the one django-tasks-rq's tasks need).
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]  # noqa: F405

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = integer("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
