from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Create the demo logins of every persona (development only) and print them."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off (never in production).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development: DEBUG is off. Use --force only on a throw-away database.")
        logins = load_demo_data()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username:<24} {login.role}")
