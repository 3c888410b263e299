"""Every factory builds a record the database and the model's own validation accept, twice in a row
(sequences and get-or-create keep a second record from colliding with the first)."""

import pytest

from tests import factories
from tests.meetings import factories as meetings_factories
from tests.reporting import factories as reporting_factories

FACTORIES = [
    factory
    for module in (factories, meetings_factories, reporting_factories)
    for name, factory in sorted(vars(module).items())
    if name.endswith("Factory") and factory.__module__ == module.__name__
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__name__)
def test_factory_builds_valid_records(factory, db):
    first, second = factory(), factory()
    for record in (first, second):
        record.full_clean()
    if not factory._meta.django_get_or_create:
        assert first.pk != second.pk


def test_a_published_meeting_and_a_submitted_report(db):
    meeting = meetings_factories.MeetingFactory(published=True)
    assert meeting.is_published and meeting.published_at is not None
    report = reporting_factories.ReportFactory(submitted_on=meeting.start_date)
    assert report.status == "submitted" and report.submitted_at.date() == meeting.start_date
    document = meetings_factories.DocumentFactory(meeting=meeting, symbol=f"{meeting.symbol_prefix}/WP.1")
    assert document.series == "wp"
