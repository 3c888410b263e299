"""/api/v1/reporting/: included from secretariat/urls.py."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from reporting import api

router = DefaultRouter()
router.register("reports", api.PublishedReportViewSet, basename="report")
router.register("drafts", api.DraftViewSet, basename="draft")

app_name = "reporting-api"
urlpatterns = [
    path("compliance/", api.ComplianceView.as_view(), name="compliance"),
    *router.urls,
]
