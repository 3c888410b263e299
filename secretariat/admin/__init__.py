"""The ISU staff admin (Arabic and English; Django's admin turns RTL by itself for Arabic).

Login: the admin has no password form of its own. ``secretariat/urls.py`` sends ``admin/login/`` to
django-two-factor-auth's login (password, then a token when the user has a device), which django-axes
guards. Whether staff must hold a second factor is decided per request by
``secretariat.middleware.StaffTwoFactorMiddleware`` from ``settings.REQUIRE_STAFF_OTP``, rather than by
swapping in ``two_factor.admin.AdminSiteOTPRequired`` at import time: one admin site for every app,
the setting can differ between environments and tests, and delegates (not staff) never reach the
admin either way (``AdminSite.has_permission`` asks for ``is_staff``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from secretariat.admin import records, states  # noqa: F401 - registers the ModelAdmins

admin.site.site_header = _("Implementation Support Units")
admin.site.site_title = _("ISU administration")
admin.site.index_title = _("Site administration")
