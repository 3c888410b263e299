"""The document register's filters (django-filter), shared by the web page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Document, DocumentFile, Meeting
from meetings.selectors import meeting_list, search_documents
from secretariat.models import Convention


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Symbol or title"), method="filter_text", max_length=100)
    convention = django_filters.ModelChoiceFilter(
        label=_("Convention"), field_name="meeting__convention", to_field_name="code", queryset=Convention.objects.order_by("code"),
        empty_label=_("Either convention"),
    )  # fmt: skip
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), queryset=Meeting.objects.none(), empty_label=_("Any meeting")
    )
    symbol = django_filters.CharFilter(
        label=_("Symbol"), field_name="symbol", lookup_expr="icontains", max_length=80
    )
    title = django_filters.CharFilter(label=_("Title"), method="filter_title", max_length=200)
    language = django_filters.ChoiceFilter(
        label=_("File in"), choices=DocumentFile._meta.get_field("language").choices, method="filter_language",
        empty_label=_("Any language"),
    )  # fmt: skip

    class Meta:
        model = Document
        fields = ["q", "convention", "meeting", "symbol", "title", "language"]

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None and self.request is not None:
            meetings = meeting_list(viewer=self.request.user)
        if meetings is not None:
            self.filters["meeting"].queryset = meetings
            self.form.fields["meeting"].queryset = meetings

    def filter_text(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_title(self, queryset, name, value):
        return queryset.filter(
            Q(title_en__icontains=value)
            | Q(title_ar__icontains=value)
            | Q(title_fr__icontains=value)
            | Q(title_es__icontains=value)
        )

    def filter_language(self, queryset, name, value):
        return queryset.filter(files__language=value).distinct()
