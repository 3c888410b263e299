from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.forms_data import DATA_FILE, load_report_forms


class Command(BaseCommand):
    help = "Load the Article 7 form sets (APMBC and CCM forms A–J) from reporting/data/report_forms.json. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="Another data file of the same shape.")

    def handle(self, *args, file, **options):
        from pathlib import Path

        try:
            created, updated = load_report_forms(path=Path(file))
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Article 7 forms: {created} records created, {updated} updated.")
