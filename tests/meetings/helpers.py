"""Helpers of the meetings tests (the fixtures are in tests/meetings/conftest.py)."""

from meetings import services
from meetings.models import Meeting


def publish(meeting: Meeting, actor) -> Meeting:
    """Take a meeting through its statuses, through the services, to published."""
    for status in ("open", "closed", "report_adopted", "published"):
        meeting = services.meeting_set_status(actor=actor, meeting=meeting, status=status)
    return meeting
