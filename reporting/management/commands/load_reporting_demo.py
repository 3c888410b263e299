from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reporting.demo import load_reporting_demo


class Command(BaseCommand):
    help = "Demo Article 7 reports for ~20 States Parties per convention and six years (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )
        parser.add_argument("--years", type=int, default=6)

    def handle(self, *args, force=False, years=6, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data is for development: DEBUG is off. Use --force only on a throw-away database."
            )
        counts = load_reporting_demo(years=years)
        self.stdout.write(f"Article 7 demo: {counts['reports']} reports submitted.")
