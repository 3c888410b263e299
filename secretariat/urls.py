from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_patterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(two_factor_patterns)),
    path("admin/", admin.site.urls),
]
