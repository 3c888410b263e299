"""Generated documents of the core app (ARCHITECTURE.md, "Generated documents").

A document class gathers its source data with a constant number of queries, renders one template in
the document's language (``html()`` for the web page body, ``render()`` for the PDF) and caches the
PDF by content hash through ``secretariat.pdf.cached_render``.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import cached_property

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext

from secretariat import house_style, pdf, treaties
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


class GeneratedDocument:
    """A document rendered from one template in any content language.

    Subclasses set the templates and ``version`` (bump it when the meaning of the source data
    changes) and implement ``source_data`` (JSON-able: what the cache key is made of), ``context``
    and ``filename``.
    """

    template_name: str  # the complete HTML document the PDF is made from
    body_template_name: str  # its body, which the web page includes
    version: str

    def source_data(self, *, language: str) -> dict:
        raise NotImplementedError

    def context(self, *, language: str) -> dict:
        raise NotImplementedError

    def filename(self, *, language: str) -> str:
        raise NotImplementedError

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

    def render(self, *, language: str) -> pdf.Rendered:
        html = self.pdf_html(language=language)
        key_parts = {
            "template": f"{self.template_name}@{self.version}",
            "data": self.source_data(language=language),
            "language": language,
            # The HTML also holds the translated labels and the template text: editing either, or
            # recompiling the catalogue, must not serve an old PDF.
            "html": hashlib.sha256(html.encode("utf-8")).hexdigest(),
        }
        content = pdf.cached_render(key_parts, lambda: pdf.render_pdf(html, language=language))
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
    version = "1"

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
        """Plain rows (names, ISO dates, kinds) per list, in the language's alphabetical order."""
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

    def source_data(self, *, language: str) -> dict:
        return {
            "convention": self.convention.code,
            "on_date": self.on_date,
            "arabic_indic_digits": self._indic(language),
            "lists": self._rows(language),
        }

    def _indic(self, language: str) -> bool:
        return self.arabic_indic_digits and language == "ar"

    def context(self, *, language: str) -> dict:
        indic = self._indic(language)

        def text(value) -> str:
            return house_style.to_arabic_indic(value) if indic else value

        def date(value: datetime.date | None) -> str:
            return text(house_style.format_date(value, language)) if value else ""

        lists = self._rows(language)
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
