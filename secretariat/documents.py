"""Generated documents of the core app (ARCHITECTURE.md, "Generated documents").

A document class gathers its source data with a constant number of queries, renders one template in
the document's language (``html()`` for the web page body, ``render()`` for the PDF) and caches the
PDF in storage through ``secretariat.pdf``.

The cache key (``GeneratedDocument.cache_key``) is known before any record is read:

- the document: its class and ``identity()`` (the record it is about and its parameters);
- the language;
- the content revisions of the scopes it reads (``revision_scopes()``), which the services raise
  whenever they write what it reads (``secretariat.revisions``): one query, whatever the size of the
  tables, the same on every database;
- ONE presentation version, ``presentation_fingerprint()``: the PDF templates, the compiled
  catalogues, the print stylesheets, the fonts, WeasyPrint's version and the code that turns
  records into printed text (the documents modules, house style, and the selectors and models they
  read through). It replaces the per-class ``version`` and the renderer version of earlier keys: a
  change to a document class is a change to its module, so it is in the fingerprint already.

An unchanged document is therefore served with one revision query and one storage read, renders no
template and runs no WeasyPrint; a write to what it reads, or a new template, translation or
renderer, is a new key, so a stale PDF is never served.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib.util
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Self

import weasyprint
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext

from secretariat import house_style, pdf, revisions, treaties
from secretariat.models import Convention, State, TreatyEvent
from secretariat.translation import localized
from secretariat.treaties import Status

BIDI_LANGUAGES = frozenset({"ar"})


def instrument_label(kind: str) -> str:
    """The kind of instrument as a status table shows it, in the active language."""
    labels = {
        TreatyEvent.Kind.RATIFICATION: pgettext("instrument", "ratification"),
        TreatyEvent.Kind.ACCEPTANCE: pgettext("instrument", "acceptance"),
        TreatyEvent.Kind.APPROVAL: pgettext("instrument", "approval"),
        TreatyEvent.Kind.ACCESSION: pgettext("instrument", "accession"),
        TreatyEvent.Kind.SUCCESSION: pgettext("instrument", "succession"),
    }
    return labels.get(kind, kind)


# Python modules (or packages: every module in them) whose code decides what a document prints: the
# documents, the formatting, and the selectors, rules and models they read the records through. Part
# of the fingerprint, so a deploy that changes any of them never serves a PDF made the old way (the
# cache key holds the revisions of the records, not the records).
FORMATTING_MODULES = (
    "secretariat.house_style", "secretariat.treaties", "secretariat.translation", "secretariat.models",
    "secretariat.documents",
    "meetings.documents", "meetings.selectors", "meetings.models",
    "reporting.documents", "reporting.selectors", "reporting.compliance", "reporting.versions", "reporting.models",
)  # fmt: skip


def presentation_files() -> list[tuple[str, Path]]:
    """(label, path) of every file the look and wording of a PDF depend on, besides its source data.

    The templates under any ``pdf/`` folder of the template directories, the compiled catalogues
    (``locale/*/LC_MESSAGES/*.mo``), the print stylesheets, the vendored fonts and the formatting code.
    """
    files: list[tuple[str, Path]] = []
    for directory in engines["django"].template_dirs:
        root = Path(directory)
        if root.is_dir():
            for path in root.rglob("*"):
                relative = path.relative_to(root)
                if "pdf" in relative.parts[:-1] and path.is_file():
                    files.append((f"template:{relative.as_posix()}", path))
    for directory in settings.LOCALE_PATHS:
        root = Path(directory)
        for path in root.glob("*/LC_MESSAGES/*.mo"):
            files.append((f"catalogue:{path.relative_to(root).as_posix()}", path))
    for stylesheet in pdf.DEFAULT_STYLESHEETS:
        files.append((f"static:{stylesheet}", pdf.static_path(pdf.static_url(stylesheet))))
    fonts = pdf.static_root() / "secretariat" / "fonts"
    for path in fonts.glob("*.ttf"):
        files.append((f"font:{path.name}", path))
    for module in FORMATTING_MODULES:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            continue
        if spec.submodule_search_locations:  # a package: all its modules
            for directory in spec.submodule_search_locations:
                for path in Path(directory).rglob("*.py"):
                    files.append((f"code:{module}/{path.relative_to(directory).as_posix()}", path))
        else:
            files.append((f"code:{module}", Path(spec.origin)))
    return sorted(files)


def fingerprint_of(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
    for label, path in files:
        digest.update(b"\0" + label.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def presentation_fingerprint() -> str:
    """sha256 of ``presentation_files()`` and the WeasyPrint version, computed once per process.

    Deploying new templates, catalogues, stylesheets or fonts restarts the processes, and so renews
    it. (``manage.py compilemessages`` on a running server does not: restart the workers after it.)
    """
    return fingerprint_of(presentation_files())


class GeneratedDocument:
    """A document rendered from one template in any content language.

    Subclasses set the templates and implement ``identity`` / ``from_identity`` (the record the
    document is about and its parameters, JSON-able: the background build and the cache key use
    it), ``revision_scopes`` (the scopes of ``secretariat.revisions`` it reads: every record it
    prints must belong to one of them), ``context`` and ``filename``.
    """

    template_name: str  # the complete HTML document the PDF is made from
    body_template_name: str  # its body, which the web page includes

    def identity(self) -> dict:
        raise NotImplementedError

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        raise NotImplementedError

    def revision_scopes(self) -> list[str]:
        raise NotImplementedError

    def context(self, *, language: str) -> dict:
        raise NotImplementedError

    def filename(self, *, language: str) -> str:
        raise NotImplementedError

    @classmethod
    def path(cls) -> str:
        """The class's dotted path: names the document in the cache key and in a queued build."""
        return f"{cls.__module__}.{cls.__qualname__}"

    def _render_template(self, template_name: str, *, language: str) -> str:
        with translation.override(language):
            context = {
                "language": language,
                "direction": "rtl" if language in BIDI_LANGUAGES else "ltr",
                **self.context(language=language),
            }
            return render_to_string(template_name, context)

    def html(self, *, language: str) -> str:
        """The document as the body of a web page, in ``language``."""
        return self._render_template(self.body_template_name, language=language)

    def pdf_html(self, *, language: str) -> str:
        """The complete HTML document the PDF is rendered from."""
        return self._render_template(self.template_name, language=language)

    def key_parts(self, language: str) -> dict:
        """What the PDF in ``language`` depends on (see the module's docstring); one query."""
        return {
            "document": self.path(),
            "identity": self.identity(),
            "language": language,
            "revisions": revisions.revisions(self.revision_scopes()),
            "presentation": presentation_fingerprint(),
        }

    def cache_key(self, language: str) -> str:
        return pdf.cache_key(self.key_parts(language))

    def stored_pdf(self, *, language: str) -> pdf.CachedPdf | None:
        """The PDF of the current content if it has been built, else None; never renders."""
        return pdf.stored_pdf(self.cache_key(language))

    def cached_pdf(self, *, language: str, before_render: Callable[[], None] | None = None) -> pdf.CachedPdf:
        """The PDF from the cache, or rendered (template, then WeasyPrint) and stored on a miss;
        ``before_render`` is called only when it is rendered (the build task reports it).

        The revisions are read first and the records after them, from a fresh copy of the document
        (records this instance read before could be older than the revisions): a write that
        commits meanwhile can only put newer records under the older key, never the reverse.
        """
        key = self.cache_key(language)

        def render() -> bytes:
            document = type(self).from_identity(self.identity())
            if before_render is not None:
                before_render()
            return pdf.render_pdf(document.pdf_html(language=language), language=language)

        return pdf.cached_pdf(key, render)

    def render(self, *, language: str) -> pdf.Rendered:
        content = self.cached_pdf(language=language).content
        return pdf.Rendered(
            filename=self.filename(language=language), mimetype=pdf.PDF_MIMETYPE, content=content
        )


class StatusOfConvention(GeneratedDocument):
    """The "Status of the Convention" an ISU publishes: parties, signatories and withdrawals on a date.

    States are named as they were on ``on_date`` (Swaziland in 2011) and listed in the UN
    alphabetical order of the document's language.
    """

    template_name = "secretariat/pdf/status_of_convention.html"
    body_template_name = "secretariat/pdf/_status_of_convention_body.html"

    def __init__(
        self,
        convention: Convention,
        on_date: datetime.date | None = None,
        *,
        arabic_indic_digits: bool = False,
    ):
        self.convention = convention
        self.on_date = on_date or timezone.localdate()
        self.arabic_indic_digits = arabic_indic_digits

    def identity(self) -> dict:
        return {
            "convention": self.convention.code,
            "on_date": self.on_date.isoformat(),
            "arabic_indic_digits": self.arabic_indic_digits,
        }

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        return cls(
            Convention.objects.get(code=identity["convention"]),
            datetime.date.fromisoformat(identity["on_date"]),
            arabic_indic_digits=identity["arabic_indic_digits"],
        )

    def revision_scopes(self) -> list[str]:
        # The convention, its States, their events and former names.
        return [revisions.REFERENCE]

    @cached_property
    def states(self) -> list[State]:
        # Three queries whatever the number of States: States, their events (with conventions), former names.
        return list(
            State.objects.filter(treaty_events__convention=self.convention)
            .distinct()
            .with_events()
            .with_names()
        )

    def symbol(self) -> str:
        # An ISU reference, not a UN document symbol: the prefix of the convention's documents and the year.
        return f"{self.convention.symbol_prefix}/STATUS/{self.on_date.year}"

    def filename(self, *, language: str) -> str:
        return f"{self.convention.code.lower()}-status-{self.on_date.isoformat()}-{language}.pdf"

    def _rows(self, language: str) -> dict[str, list[dict]]:
        """Plain rows (names, ISO dates, kinds) per list, in the language's alphabetical order.

        Computed once per language (the web page and the PDF both read them): callers must not
        modify the rows.
        """
        cache = self.__dict__.setdefault("_rows_by_language", {})
        if language not in cache:
            cache[language] = self._gather_rows(language)
        return cache[language]

    def _gather_rows(self, language: str) -> dict[str, list[dict]]:
        on_date = self.on_date
        lists: dict[str, list[dict]] = {"parties": [], "pending": [], "signatories": [], "withdrawals": []}
        for state in self.states:
            events = [event for event in state.events_for(self.convention) if event.date <= on_date]
            if not events:
                continue
            status = treaties.status_on(events, on_date)
            signature = next((e.date for e in events if e.kind == treaties.SIGNATURE), None)
            row = {"iso3": state.iso3, "name": state.name_on(on_date, language), "signature": signature}
            consent = treaties.consent_event(events)
            if status in (Status.STATE_PARTY, Status.RATIFIED_NOT_IN_FORCE):
                row |= {
                    "deposit": consent.date,
                    "instrument": consent.kind,
                    "entry_into_force": treaties.entry_into_force(consent.date, self.convention),
                }
                lists["parties" if status == Status.STATE_PARTY else "pending"].append(row)
            elif status == Status.SIGNATORY:
                lists["signatories"].append(row)
            withdrawal = next((e for e in events if e.kind == treaties.WITHDRAWAL), None)
            if withdrawal is not None:
                effective = treaties.withdrawal_effective(withdrawal, self.convention)
                lists["withdrawals"].append(
                    {
                        "iso3": state.iso3,
                        "name": row["name"],
                        "notification": withdrawal.date,
                        "effective": effective,
                        "in_effect": status == Status.WITHDRAWN,
                    }
                )
        for rows in lists.values():
            rows.sort(key=lambda row: house_style.sort_key(row["name"], language))
        return lists

    def _indic(self, language: str) -> bool:
        return self.arabic_indic_digits and language == "ar"

    def context(self, *, language: str) -> dict:
        indic = self._indic(language)

        def text(value) -> str:
            return house_style.to_arabic_indic(value) if indic else value

        def date(value: datetime.date | None) -> str:
            return text(house_style.format_date(value, language)) if value else ""

        lists = {key: [dict(row) for row in rows] for key, rows in self._rows(language).items()}
        for rows in lists.values():
            for number, row in enumerate(rows, start=1):
                row["number"] = text(str(number))
                for field in ("signature", "deposit", "entry_into_force", "notification", "effective"):
                    if field in row:
                        row[f"{field}_text"] = date(row[field])
                if "instrument" in row:
                    row["instrument_text"] = instrument_label(row["instrument"])
        counts = {
            "parties": len(lists["parties"]),
            "pending": len(lists["pending"]),
            "signatories": len(lists["signatories"]),
            "withdrawn": sum(1 for row in lists["withdrawals"] if row["in_effect"]),
        }
        convention_name = localized(self.convention, "name", language)
        date_text = date(self.on_date)
        short_name = localized(self.convention, "short_name", language)
        return {
            "convention_name": convention_name,
            "title": pgettext("status of convention", "Status of the %(convention)s")
            % {"convention": convention_name},
            "running_title": pgettext("status of convention", "%(convention)s: status as of %(date)s")
            % {"convention": short_name, "date": date_text},
            "symbol": self.symbol(),
            "date_text": date_text,
            "arabic_indic_digits": indic,
            "counts": {
                key: text(house_style.format_number(value, language)) for key, value in counts.items()
            },
            **lists,
        }
