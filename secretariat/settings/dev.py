"""Local development: SQLite by default, DEBUG on, demo logins without a second factor."""

from secretariat.settings.base import *  # noqa: F403
from secretariat.settings.env import boolean

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
REQUIRE_STAFF_OTP = boolean("REQUIRE_STAFF_OTP", False)
