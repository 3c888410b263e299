from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from secretariat.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load (or refresh) conventions, States, former names, treaty events and organisations. Idempotent."

    def handle(self, *args, **options):
        try:
            result = load_reference_data()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Reference data: {result.summary()}.")
