"""Import and export of participants and of the documents register (xlsx, csv).

Built on ``secretariat.resources.ServiceResource``: one transaction for the whole file, each row
written by the meetings services, errors naming the spreadsheet row and column, formula escaping
on export. Natural keys: a meeting by its symbol prefix, a State by ISO alpha-3, an organisation by
its acronym, a document by its symbol. The participation category is exported (computed on the
meeting's first day) but never imported: it is not an input.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from meetings import services
from meetings.models import Document, Meeting, Participation
from secretariat.models import Organisation, State
from secretariat.permissions import isu_convention_ids
from secretariat.resources import ServiceResource
from secretariat.treaties import meeting_category


def _importers_records(queryset, user, convention_path: str):
    """Only the records of the conventions whose ISU ``user`` serves: a record of the other convention
    must behave as absent (same message as one that does not exist), never confirm that it exists."""
    if user is not None and user.is_active and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{convention_path}__in": isu_convention_ids(user)})


def _meeting_or_error(prefix, user, permission: str, errors: dict) -> Meeting | None:
    meetings = _importers_records(Meeting.objects.select_related("convention"), user, "convention_id")
    meeting = meetings.filter(symbol_prefix=prefix).first() if prefix else None
    if meeting is None:
        errors["meeting"] = _("unknown meeting %(prefix)s.") % {"prefix": prefix or "''"}
    elif not (user and user.has_perm(permission, meeting)):
        errors["meeting"] = _("you may not change the meeting %(prefix)s.") % {"prefix": prefix}
    return meeting


class ParticipationResource(ServiceResource):
    meeting = fields.Field(
        attribute="meeting", column_name="meeting", widget=widgets.ForeignKeyWidget(Meeting, "symbol_prefix")
    )
    iso3 = fields.Field(attribute="state", column_name="iso3", widget=widgets.ForeignKeyWidget(State, "iso3"))
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=widgets.ForeignKeyWidget(Organisation, "acronym"),
    )
    delegates_count = fields.Field(
        attribute="delegates_count", column_name="delegates_count", widget=widgets.IntegerWidget()
    )
    delegates = fields.Field(attribute="delegates", column_name="delegates")
    category = fields.Field(column_name="category", readonly=True)
    required_columns = ["meeting"]
    code_columns = ["meeting", "iso3", "organisation"]

    class Meta(ServiceResource.Meta):
        model = Participation
        name = gettext_lazy("Participants")
        fields = ["meeting", "iso3", "organisation", "delegates_count", "delegates", "category"]
        import_id_fields = ["meeting", "iso3", "organisation"]
        export_order = fields
        clean_model_instances = False  # the services validate, with messages naming the field

    def get_queryset(self):
        states = State.objects.with_events()
        queryset = (
            Participation.objects.select_related("meeting", "meeting__convention", "organisation")
            .prefetch_related(Prefetch("state", queryset=states))
            .order_by("meeting__start_date", "id")
        )
        if self.importing:  # the rows of an import are matched among the importer's records only
            return _importers_records(queryset, self._user, "meeting__convention_id")
        return queryset

    def dehydrate_category(self, participation: Participation) -> str:
        return str(meeting_category(participation.participant, participation.meeting))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        errors: dict[str, str] = {}
        _meeting_or_error(row.get("meeting"), kwargs.get("user"), "meetings.add_participation", errors)
        iso3, acronym = row.get("iso3") or None, row.get("organisation") or None
        row["iso3"], row["organisation"] = iso3, acronym
        if not iso3 and not acronym:
            errors["state"] = _("give an ISO code (iso3) or an organisation acronym.")
        elif iso3 and acronym:
            errors["state"] = _("give either an ISO code (iso3) or an organisation acronym, not both.")
        elif iso3 and not State.objects.filter(iso3=iso3).exists():
            errors["state"] = _("unknown ISO code %(iso3)s.") % {"iso3": iso3}
        elif acronym and not Organisation.objects.filter(acronym=acronym).exists():
            errors["organisation"] = _("unknown organisation %(acronym)s.") % {"acronym": acronym}
        if errors:
            raise ValidationError(errors)
        key = (row.get("meeting"), iso3, acronym)
        first = self._seen_keys.setdefault(key, kwargs.get("row_number"))
        if first != kwargs.get("row_number"):
            raise ValidationError(
                _("%(who)s appears twice in the file (row %(first)s).")
                % {"who": iso3 or acronym, "first": first + 1}
            )

    def service_save(self, instance, is_create, *, actor):
        data = {name: getattr(instance, name) for name in ("delegates_count", "delegates")}
        if is_create:
            return services.participation_add(
                actor=actor,
                meeting=instance.meeting,
                state=instance.state,
                organisation=instance.organisation,
                **data,
            )
        return services.participation_update(
            actor=actor, participation=Participation.objects.get(pk=instance.pk), **data
        )


DOCUMENT_COLUMNS = [
    "title_en",
    "title_ar",
    "title_fr",
    "title_es",
    "issue_date",
    "distribution",
    "original_language",
]


class DocumentResource(ServiceResource):
    meeting = fields.Field(
        attribute="meeting", column_name="meeting", widget=widgets.ForeignKeyWidget(Meeting, "symbol_prefix")
    )
    issue_date = fields.Field(
        attribute="issue_date", column_name="issue_date", widget=widgets.DateWidget(format="%Y-%m-%d")
    )
    series = fields.Field(attribute="series", column_name="series", readonly=True)
    parent = fields.Field(column_name="parent", readonly=True)
    languages = fields.Field(column_name="languages", readonly=True)
    required_columns = ["meeting", "symbol", "title_en"]
    code_columns = ["meeting"]

    class Meta(ServiceResource.Meta):
        model = Document
        name = gettext_lazy("Documents register")
        fields = ["meeting", "symbol", *DOCUMENT_COLUMNS, "series", "parent", "languages"]
        import_id_fields = ["symbol"]
        export_order = fields
        clean_model_instances = False

    def get_queryset(self):
        queryset = (
            Document.objects.select_related("meeting", "parent")
            .prefetch_related("files")
            .order_by("meeting__start_date", "symbol")
        )
        if self.importing:  # a symbol of the other convention is absent: it never matches a row
            return _importers_records(queryset, self._user, "meeting__convention_id")
        return queryset

    def dehydrate_parent(self, document: Document) -> str:
        return document.parent.symbol if document.parent_id else ""

    def dehydrate_languages(self, document: Document) -> str:
        return " ".join(sorted({f.language for f in document.files.all()}))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for name in ("distribution", "original_language"):
            if isinstance(row.get(name), str):
                row[name] = row[name].lower()
        errors: dict[str, str] = {}
        _meeting_or_error(row.get("meeting"), kwargs.get("user"), "meetings.add_document", errors)
        if errors:
            raise ValidationError(errors)
        symbol = row.get("symbol")
        first = self._seen_keys.setdefault(symbol, kwargs.get("row_number"))
        if first != kwargs.get("row_number"):
            raise ValidationError(
                {
                    "symbol": _("%(symbol)s appears twice in the file (row %(first)s).")
                    % {"symbol": symbol, "first": first + 1}
                }
            )

    def service_save(self, instance, is_create, *, actor):
        data = {name: getattr(instance, name) for name in DOCUMENT_COLUMNS}
        if is_create:
            return services.document_register(
                actor=actor, meeting=instance.meeting, symbol=instance.symbol, **data
            )
        document = Document.objects.get(pk=instance.pk)
        if document.meeting_id != instance.meeting_id:
            raise ValidationError(
                {"meeting": _("%(symbol)s belongs to another meeting.") % {"symbol": document.symbol}}
            )
        return services.document_update(actor=actor, document=document, **data)
