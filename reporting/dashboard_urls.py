"""Compliance dashboards (included from secretariat/urls.py under "compliance/")."""

from django.urls import path, re_path

from reporting import dashboard_views

urlpatterns = [
    path("", dashboard_views.compliance_index, name="reporting_compliance_index"),
    re_path(r"^(?P<code>[A-Za-z]+)/$", dashboard_views.compliance_public, name="reporting_compliance"),
    re_path(
        r"^(?P<code>[A-Za-z]+)/staff/$", dashboard_views.compliance_staff, name="reporting_compliance_staff"
    ),
    re_path(
        r"^(?P<code>[A-Za-z]+)/staff/table\.(?P<language>[a-z]{2})\.pdf$",
        dashboard_views.compliance_table_pdf,
        name="reporting_compliance_table_pdf",
    ),
]
