"""Compliance dashboard: the selector and the staff page on 200 States x 2 conventions x 15 years.

Baseline measured in the same run: the same on 20 States. Prints the median time of
``reporting.selectors.compliance_dashboard`` (both conventions) and of the staff page of one
convention (through the test client, templates and chart included), their query counts, and the
ratio large / baseline (the work is linear in reports; the query count must not grow).

    .venv/bin/python benchmarks/reporting_dashboard.py
"""

from _setup import django_setup, timed

django_setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from reporting import selectors  # noqa: E402
from reporting.models import FollowUp, Report  # noqa: E402
from secretariat.models import Convention, IsuMembership, Obligation, State, TreatyEvent  # noqa: E402


def reset() -> None:
    FollowUp.objects.all().delete()
    Report.objects.all().delete()
    Obligation.objects.all().delete()
    TreatyEvent.objects.all().delete()
    State.objects.all().delete()


def measure(states: int) -> dict:
    from tests.reporting.test_dashboard import build_volume

    reset()
    build_volume(states, 15)
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    IsuMembership.objects.get_or_create(user=user, convention=Convention.objects.get(code="CCM"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("reporting_compliance_staff", args=["CCM"])

    def page():
        assert client.get(url).status_code == 200

    def selector():
        selectors.compliance_dashboard()

    page()  # warm: templates, translations
    return {
        "states": states,
        "reports": Report.objects.count(),
        "selector": timed(selector, repeat=5)[0],
        "page": timed(page, repeat=5)[0],
    }


def main() -> None:
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["localhost"]
    baseline = measure(20)
    large = measure(200)
    # Query counts are pinned by tests/reporting/test_dashboard.py (9 per page at both volumes).
    print(f"{'States':>7}{'reports':>9}{'selector s':>12}{'page s':>9}")
    for row in (baseline, large):
        print(f"{row['states']:>7}{row['reports']:>9}{row['selector']:>12.3f}{row['page']:>9.3f}")
    print(
        f"ratio 200 / 20 States: selector {large['selector'] / baseline['selector']:.1f}x, "
        f"page {large['page'] / baseline['page']:.1f}x (data x{large['reports'] / baseline['reports']:.1f})"
    )


if __name__ == "__main__":
    main()
