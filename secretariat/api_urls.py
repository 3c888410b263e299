"""/api/v1/: the read-only API, its OpenAPI schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from secretariat import api, views

router = DefaultRouter()
router.register("conventions", api.ConventionViewSet, basename="convention")
router.register("states", api.StateViewSet, basename="state")
router.register("treaty-events", api.TreatyEventViewSet, basename="treaty-event")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # A plain HTML page built from the same schema: Swagger UI and Redoc need scripts from a CDN
    # (forbidden by the CSP) and drf-spectacular-sidecar, which would vendor them, is not installed.
    path("docs/", views.api_docs, name="docs"),
    *router.urls,
]
