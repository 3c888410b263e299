from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from two_factor.urls import urlpatterns as two_factor_patterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(two_factor_patterns)),
    # The admin logs in through two_factor (password, then token), which axes guards: see secretariat/admin/__init__.py.
    path("admin/login/", RedirectView.as_view(pattern_name="two_factor:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("secretariat.api_urls")),
    path("api/v1/reporting/", include("reporting.api_urls")),
    path("reports/", include("reporting.urls")),
    path("", include("secretariat.web_urls")),
    path("compliance/", include("reporting.dashboard_urls")),
    path("", include("meetings.urls")),
    path("api/v1/meetings/", include("meetings.api_urls")),
]
