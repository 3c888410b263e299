from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.demo import load_meetings_demo
from secretariat.models import State


class Command(BaseCommand):
    help = (
        "Enter the demo meetings from the reference documents: the CCM Second Meeting of States Parties "
        "(Beirut, 2011) and the APMBC Nineteenth Meeting (The Hague, 2021). Idempotent; needs load_reference_data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )
        parser.add_argument(
            "--no-files", action="store_true", help="Do not attach the placeholder PDF files."
        )

    def handle(self, *args, force=False, no_files=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data is for development: DEBUG is off. Use --force only on a throw-away database."
            )
        if not State.objects.exists():
            raise CommandError("No States: run `manage.py load_reference_data` first.")
        result = load_meetings_demo(files=not no_files)
        if result.created:
            for kind, count in sorted(result.created.items()):
                self.stdout.write(f"  {kind}: {count} created")
        else:
            self.stdout.write("Demo meetings already loaded: nothing to do.")
