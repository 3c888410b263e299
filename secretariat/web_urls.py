"""The public pages of the portal."""

from django.urls import path, re_path

from secretariat import views

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^conventions/(?P<code>[A-Za-z]+)/$", views.convention_detail, name="convention_detail"),
    re_path(
        r"^conventions/(?P<code>[A-Za-z]+)/status\.(?P<language>[a-z]{2})\.pdf$",
        views.convention_status_pdf,
        name="convention_status_pdf",
    ),
    path("states/", views.state_list, name="state_list"),
    re_path(r"^states/(?P<iso3>[A-Za-z]{3})/$", views.state_detail, name="state_detail"),
    path("account/logout/", views.logout, name="logout"),
]
