"""Settings shared by every environment. DEBUG is off unless dev.py turns it on."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from secretariat.settings.env import boolean, csv_list, database, integer

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = False
SECRET_KEY = ""  # each environment sets it; prod.py requires it from the environment
ALLOWED_HOSTS: list[str] = csv_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "secretariat",
    "meetings",
    "extensions",
    "reporting",
    "budgets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "secretariat.middleware.RefuseNulMiddleware",  # after Locale: the refusal is in the reader's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "secretariat.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes last, as its documentation asks, so it sees the authentication result.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "secretariat.urls"
WSGI_APPLICATION = "secretariat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secretariat.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = integer("DATABASE_CONN_MAX_AGE", 0)
# A persistent connection is checked before a request reuses it, so the first requests after a
# database restart get a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# UI languages: those whose catalogues are complete (Arabic and English). French and Spanish are
# content languages (names, titles, documents: secretariat.translation.CONTENT_LANGUAGES) and join this
# list when their UI catalogues are complete, so a French browser never gets a half-English page.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
]
UI_LANGUAGES = ["ar", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an account/address pair after repeated failures.
AXES_FAILURE_LIMIT = integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every management command

# Content Security Policy: no inline scripts, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "secretariat.api.PortalAutoSchema",  # documents the 400/403/404 answers
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Secretariat portal API",
    "DESCRIPTION": "Read access to the records of the APMBC and CCM Implementation Support Units.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name per choice set used by several fields (secretariat/api.py).
    "ENUM_NAME_OVERRIDES": {
        "TreatyStatusEnum": "secretariat.api.STATUS_VALUES",
        "ConventionCodeEnum": "secretariat.models.Convention.Code",
        "ReportKindEnum": "reporting.models.Report.Kind",
        "ReportStatusEnum": "reporting.models.Report.Status",
        "LanguageEnum": "meetings.models.meetings.LANGUAGE_CHOICES",
    },
}

# django-import-export: importing and exporting need their own permissions, not just "change".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_MAX_ROWS = integer("IMPORT_MAX_ROWS", 5000)
IMPORT_MAX_BYTES = integer("IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# Article 7 reports (README, "Configuration"): the largest attachment, and how many days before 30 April
# the reminders start (reporting.files, reporting.reminders).
REPORTING_ATTACHMENT_MAX_BYTES = integer("REPORTING_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
REPORTING_REMINDER_DAYS_BEFORE = integer("REPORTING_REMINDER_DAYS_BEFORE", 30)

# An Article 7 form page posts all its inputs at once: one per cell of every table row, a row count
# per table, the scalar fields. reporting.validation allows MAX_ROWS (2000) rows per table, and the
# form page reads one row more so that a table one row too long is refused with a message naming it
# (reporting.validation.form_post_inputs counts the inputs of a form). The widest forms have 11 table
# columns (APMBC C and D); 12 leaves room for one more column, and 100 for the scalar fields and the
# page's own inputs. Beyond this Django answers a bare 400, so tests/reporting/test_input_limits.py
# checks every form of reporting/data/report_forms.json against it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = (2_000 + 1) * 12 + 100

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "isu-portal@localhost"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Staff must log in with a second factor; dev and test settings relax this for demo logins.
REQUIRE_STAFF_OTP = boolean("REQUIRE_STAFF_OTP", True)
# The TOTP device admin's config and QR pages show a device's secret, and answer 500 for a missing id
# before any permission check (django-otp): off, a 403 for everyone.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

PDF_RENDER_TIMEOUT = integer("PDF_RENDER_TIMEOUT", 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}},
}

# --- Imports, meeting file uploads and document builds (issue 9) ----------------------------------
# The preview and the confirmation of an admin import may land on different workers: the uploaded
# file waits in the default storage (media folder, or S3 in production), which they all share, and
# is removed on confirmation (secretariat.admin.imports.SharedImportStorage).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "secretariat.admin.imports.SharedImportStorage"
# Seconds a preview may wait for its confirmation.
IMPORT_TMP_MAX_AGE = integer("IMPORT_TMP_MAX_AGE", 24 * 3600)
# An xlsx import is refused before parsing past these (secretariat.uploads.check_xlsx_archive).
IMPORT_MAX_UNPACKED_BYTES = integer("IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_CELLS = integer("IMPORT_MAX_CELLS", 200_000)
# A Word file attached to a meeting document may unpack to at most this (media stay ~1:1).
MEETINGS_DOCUMENT_MAX_UNPACKED_BYTES = integer("MEETINGS_DOCUMENT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# A build still "running" after this many seconds lost its worker: it is marked failed and queued
# again once (meetings.services.document_builds_recover). Longer than a render may take.
DOCUMENT_BUILD_TIMEOUT = integer("DOCUMENT_BUILD_TIMEOUT", 900)
if DOCUMENT_BUILD_TIMEOUT <= PDF_RENDER_TIMEOUT:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DOCUMENT_BUILD_TIMEOUT must be longer than PDF_RENDER_TIMEOUT (a render is stopped after that)."
    )
