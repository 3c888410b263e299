import datetime

from django.core.management.base import BaseCommand

from reporting.reminders import reminders_send
from reporting.tasks import send_report_reminders


class Command(BaseCommand):
    help = (
        "Send the Article 7 reminders due today (annual report due within REPORTING_REMINDER_DAYS_BEFORE days and "
        "not submitted; initial report overdue). Never sends the same reminder twice. Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Act as if today were this date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead of doing it here.",
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        if enqueue:
            result = send_report_reminders.enqueue(on=date.isoformat() if date else None)
            self.stdout.write(f"Enqueued: task {result.id}")
            return
        sent = reminders_send(on=date)
        for log in sent:
            self.stdout.write(f"  {log}  -> {', '.join(log.recipients)}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
