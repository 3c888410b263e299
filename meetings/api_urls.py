"""/api/v1/meetings/: included from secretariat/urls.py."""

from rest_framework.routers import SimpleRouter

from meetings import api

router = SimpleRouter()
# "documents" first: the meetings' own routes (empty prefix) would otherwise take it for an id.
router.register("documents", api.DocumentViewSet, basename="document")
router.register("", api.MeetingViewSet, basename="meeting")

app_name = "meetings-api"
urlpatterns = router.urls
