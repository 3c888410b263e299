import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.documents import StatusOfConvention
from secretariat.models import Convention


def status_document(identifier: str, on_date: datetime.date | None, options: dict) -> StatusOfConvention:
    lookup = {"pk": int(identifier)} if identifier.isdigit() else {"code__iexact": identifier}
    try:
        convention = Convention.objects.get(**lookup)
    except Convention.DoesNotExist:
        raise CommandError(f"No convention {identifier!r} (give its code, e.g. CCM, or its id).") from None
    return StatusOfConvention(convention, on_date, arabic_indic_digits=options["arabic_indic_digits"])


def meeting_document(kind: str):
    """Factory of a meeting document (final report, agenda, participants, documents list) by meeting id."""

    def factory(identifier: str, on_date, options):
        from meetings.documents import meeting_document as build
        from meetings.models import Meeting

        try:
            meeting = Meeting.objects.select_related("convention").get(pk=int(identifier))
        except (ValueError, Meeting.DoesNotExist):
            raise CommandError(f"No meeting with id {identifier!r}.") from None
        return build(kind, meeting)

    return factory


# kind -> factory(identifier, on_date, options). Other apps' documents are added here as they come.
KINDS = {
    "status": status_document,
    **{kind: meeting_document(kind) for kind in ("final_report", "agenda", "participants", "documents_list")},
}


class Command(BaseCommand):
    help = "Render a generated document to PDF (or its HTML), e.g. render_document status CCM --language ar -o status.pdf"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument(
            "id", help="The record the document is about: for 'status', a convention code or id; for the meeting "
            "documents (final_report, agenda, participants, documents_list), the meeting's id."
        )
        languages = [code for code, _ in settings.LANGUAGES]
        parser.add_argument("--language", "-l", default="en", choices=languages)
        parser.add_argument("--output", "-o", help="File to write (default: the document's own file name).")
        parser.add_argument(
            "--html", action="store_true", help="Write the complete HTML the PDF is made from."
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="As-of date, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--arabic-indic-digits", action="store_true", help="Arabic documents: digits as ٠-٩."
        )

    def handle(self, *args, kind, id, language, output, html, date, **options):
        document = KINDS[kind](id, date, options)
        if html:
            content = document.pdf_html(language=language).encode("utf-8")
            default_name = Path(document.filename(language=language)).with_suffix(".html").name
        else:
            rendered = document.render(language=language)
            content, default_name = rendered.content, rendered.filename
        path = Path(output or default_name)
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content)} bytes).")
