"""Read-only JSON API of the meetings: meetings, agenda, documents, decisions, participants.

The public reads published meetings and their general-distribution documents; ISU staff read their
convention's drafts; coordinators read the meetings of their mandates. Anything else is a 404.
Texts come in all four content languages (``{"en": ..., "ar": ...}``) as in secretariat/api.py;
labels computed in UN style (agenda "10(h)(i)" / "10(ح)’1‘", decision items "(a)" / "(أ)") too.
Lists run a fixed number of queries (pinned in tests/meetings/test_api.py).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from meetings import selectors
from meetings.filters import DocumentFilter
from meetings.models import Decision, Document, DocumentFile, Meeting
from secretariat.api import ReadOnlyViewSet, translations

UI_LABEL_LANGUAGES = ("en", "ar")


class LabelsSerializer(serializers.Serializer):
    en = serializers.CharField()
    ar = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    convention = serializers.CharField(source="convention.code")
    title = translations("title")
    city = translations("city")
    host_state = serializers.CharField(source="host_state.iso3", default=None, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "url", "convention", "kind", "ordinal", "title", "city", "host_state", "start_date", "end_date",
            "announced_start_date", "announced_end_date", "status", "published_at", "symbol_prefix", "final_report_symbol",
        ]  # fmt: skip

    def get_url(self, meeting) -> str:
        return reverse("meetings-api:meeting-detail", args=[meeting.pk], request=self.context.get("request"))


class FileLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = ["language", "file_format", "size", "sha256", "url"]

    def get_url(self, record) -> str:
        return reverse(
            "meetings:document_download",
            args=[record.document_id, record.language, record.file_format],
            request=self.context.get("request"),
        )


class DocumentSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id")
    title = translations("title")
    parent = serializers.CharField(source="parent.symbol", default=None, allow_null=True)
    files = FileLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "symbol", "meeting", "series", "parent", "relation", "relation_number", "title", "issue_date",
            "distribution", "original_language", "agenda_item", "files",
        ]  # fmt: skip


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    number = serializers.IntegerField()
    label = serializers.SerializerMethodField()
    title = translations("title")

    @extend_schema_field(LabelsSerializer)
    def get_label(self, item) -> dict:
        return {language: item.label(language) for language in UI_LABEL_LANGUAGES}


class DecisionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.SerializerMethodField()
    text = translations("text")
    closing_text = translations("closing_text")
    mandate = serializers.IntegerField(source="mandate_id", allow_null=True)

    @extend_schema_field(LabelsSerializer)
    def get_label(self, item) -> dict:
        return {language: item.label(language) for language in UI_LABEL_LANGUAGES}


class DecisionItemTreeSerializer(DecisionItemSerializer):
    items = serializers.SerializerMethodField()

    @extend_schema_field(DecisionItemSerializer(many=True))
    def get_items(self, item) -> list:
        return DecisionItemSerializer(item.sub_items, many=True).data


class DecisionSerializer(serializers.ModelSerializer):
    text = translations("text")
    closing_text = translations("closing_text")
    items = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "number", "kind", "text", "closing_text", "mandate", "items"]

    @extend_schema_field(DecisionItemTreeSerializer(many=True))
    def get_items(self, decision) -> list:
        for item, subs in decision.tree:
            item.sub_items = subs
        return DecisionItemTreeSerializer([item for item, _subs in decision.tree], many=True).data


class ParticipantSerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    iso3 = serializers.CharField(source="participation.state.iso3", default=None, allow_null=True)
    organisation = serializers.CharField(
        source="participation.organisation.acronym", default=None, allow_null=True
    )
    name = serializers.SerializerMethodField()
    category = serializers.CharField()
    delegates_count = serializers.IntegerField(source="participation.delegates_count", allow_null=True)

    def get_kind(self, row) -> str:
        return "state" if row.is_state else "organisation"

    @extend_schema_field(LabelsSerializer)
    def get_name(self, row) -> dict:
        return row.names


class MeetingViewSet(ReadOnlyViewSet):
    """Meetings the viewer may see (published ones for the public; drafts for the convention's ISU)."""

    serializer_class = MeetingSerializer
    lookup_value_regex = r"\d+"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.meeting_list(viewer=self.request.user).order_by("-start_date")

    # The sub-lists are paginated like every list of the API (``count``, ``next``, ``previous``,
    # ``results``; ``?page=``): one shape for clients, and the long ones stay bounded (147
    # participants at the Beirut meeting, hundreds of documents at a Review Conference).
    def _page(self, rows: list, serializer_class) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses=AgendaItemSerializer(many=True))
    @action(detail=True)
    def agenda(self, request, pk=None):
        meeting = self.get_object()
        return self._page(list(selectors.agenda(meeting)), AgendaItemSerializer)

    @extend_schema(responses=DecisionSerializer(many=True))
    @action(detail=True)
    def decisions(self, request, pk=None):
        meeting = self.get_object()
        return self._page(list(selectors.decisions(meeting)), DecisionSerializer)

    @extend_schema(responses=ParticipantSerializer(many=True))
    @action(detail=True)
    def participants(self, request, pk=None):
        """Participants with the category computed from treaty status on the meeting's first day."""
        meeting = self.get_object()
        rows = {language: selectors.participant_rows(meeting, language) for language in UI_LABEL_LANGUAGES}
        out = []
        for index, row in enumerate(rows["en"]):
            row.names = {language: rows[language][index].name for language in UI_LABEL_LANGUAGES}
            out.append(row)
        return self._page(out, ParticipantSerializer)

    @extend_schema(operation_id="meetings_meeting_documents", responses=DocumentSerializer(many=True))
    @action(detail=True)
    def documents(self, request, pk=None):
        meeting = self.get_object()
        return self._page(
            list(selectors.meeting_documents(viewer=request.user, meeting=meeting)), DocumentSerializer
        )


class DocumentViewSet(ReadOnlyViewSet):
    """The document register: filter by convention, meeting, symbol, title, language; natural symbol order."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.document_queryset(viewer=self.request.user).order_by("meeting__start_date", "symbol")

    def list(self, request, *args, **kwargs):
        documents = selectors.natural_order(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
