"""Read-only API of Article 7 reporting: published reports, compliance figures, and a delegate's own drafts.

Follows secretariat/api.py: GET only (405 for anything else, before authentication), names in the four
content languages as objects. Published public reports and compliance figures are public; restricted
published reports are for the convention's ISU and States Parties (reporting.rules); drafts are for
their delegates (and their ISU) only, and anyone else gets a 404.
"""

from __future__ import annotations

import django_filters
from django.db.models import F, Max, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting import selectors
from reporting.models import Report, ReportForm, ReportVersion
from secretariat.api import ReadOnlyViewSet
from secretariat.models import Convention
from secretariat.translation import CONTENT_LANGUAGES


class ReportSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    state_name = serializers.SerializerMethodField()
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Null until a first version is submitted (a draft).
    versions = serializers.IntegerField(source="version_count", read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "state",
            "state_name",
            "convention",
            "kind",
            "year",
            "due_date",
            "status",
            "submitted_at",
            "published_at",
            "versions",
        ]

    def get_state_name(self, report) -> dict:
        return {language: getattr(report.state, f"short_name_{language}") for language in CONTENT_LANGUAGES}


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["number", "submitted_at", "received_via", "comment", "snapshot"]


class ReportDetailSerializer(ReportSerializer):
    # The version the ISU published, never the working copy or a later correction not yet published.
    published_version = VersionSerializer(read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "published_version"]


class ReportFilter(django_filters.FilterSet):
    convention = django_filters.ChoiceFilter(field_name="convention__code", choices=Convention.Code.choices)
    state = django_filters.CharFilter(
        field_name="state__iso3", lookup_expr="iexact", help_text="ISO 3166 alpha-3 code."
    )
    year = django_filters.NumberFilter()
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices)

    class Meta:
        model = Report
        fields = ["convention", "state", "year", "kind"]


class PublishedReportViewSet(ReadOnlyViewSet):
    """Published Article 7 reports the caller may read: public ones for everyone, restricted ones for the
    convention's ISU and the delegates of its States Parties. One report adds the version the ISU
    published; ``versions`` is that version's number (later, unpublished corrections are not counted)."""

    filterset_class = ReportFilter

    def get_queryset(self):
        return (
            selectors.published_reports(viewer=self.request.user)
            .annotate(version_count=F("published_version__number"))
            .order_by("convention__code", "-year", "state__iso3")
        )

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer


class DraftFormSerializer(serializers.ModelSerializer):
    letter = serializers.CharField(source="template.letter")
    title = serializers.SerializerMethodField()

    class Meta:
        model = ReportForm
        fields = ["letter", "title", "choice", "unchanged_since_year", "revision", "data", "updated_at"]

    def get_title(self, form) -> dict:
        return {language: getattr(form.template, f"title_{language}") for language in CONTENT_LANGUAGES}


class DraftSerializer(ReportSerializer):
    forms = DraftFormSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "correction_open", "forms"]


class DraftViewSet(ReadOnlyViewSet):
    """The reports the signed-in delegate's State is writing (drafts, corrections in progress). Others: 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = DraftSerializer
    filter_backends: list = []

    def get_queryset(self):
        forms = ReportForm.objects.select_related("template").order_by("template__order", "template__letter")
        return (
            selectors.delegate_drafts(viewer=self.request.user)
            .annotate(version_count=Max("versions__number"))
            .prefetch_related(Prefetch("forms", queryset=forms))
        )


class RateSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The calendar year the annual reports cover.")
    due_date = serializers.DateField()
    due = serializers.IntegerField(help_text="Reports whose due date has passed.")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    pending = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    at_all_rate = serializers.FloatField(allow_null=True)


class MissingInitialReportSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="ISO 3166 alpha-3 code")
    due_date = serializers.DateField()


class ConventionComplianceSerializer(serializers.Serializer):
    convention = serializers.CharField()
    rates = RateSerializer(many=True)
    initial_report_missing = MissingInitialReportSerializer(many=True)


class ComplianceSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    conventions = ConventionComplianceSerializer(many=True)


class ComplianceView(APIView):
    """Reporting rates per convention and year, and the States that never sent their initial report.

    ``?convention=CCM``, ``?from=2015&to=2024`` (the years covered; default the last 15).
    """

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:  # 405 before authentication, as in secretariat/api.py
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("convention", str, description="APMBC or CCM; both when absent"),
            OpenApiParameter("from", int, description="first year covered (default: 14 years before `to`)"),
            OpenApiParameter("to", int, description="last year covered (default: last year)"),
        ],
        responses=ComplianceSerializer,
    )
    def get(self, request):
        code = request.query_params.get("convention")
        convention = Convention.objects.filter(code=code.upper()).first() if code else None
        if code and convention is None:
            return Response({"convention": [f"Unknown convention {code!r}; use APMBC or CCM."]}, status=400)
        today = selectors.today()
        try:
            last = int(request.query_params.get("to", today.year - 1))
            first = int(request.query_params.get("from", last - 14))
        except ValueError:
            return Response({"from": ["from and to are years, such as 2015."]}, status=400)
        if not (1999 <= first <= last <= today.year) or last - first > 50:
            return Response({"from": ["Give 1999 <= from <= to <= this year, at most 50 years."]}, status=400)
        dashboard = selectors.compliance_dashboard(
            viewer=request.user, convention=convention, years=range(first, last + 1), on=today
        )
        return Response(
            {
                "as_of": today,
                "conventions": [
                    {
                        "convention": block.convention.code,
                        "rates": RateSerializer(
                            [
                                {
                                    **rate.__dict__,
                                    "on_time_rate": rate.on_time_rate,
                                    "at_all_rate": rate.at_all_rate,
                                }
                                for rate in block.rates
                            ],
                            many=True,
                        ).data,
                        "initial_report_missing": [
                            {"state": entry.state.iso3, "due_date": entry.due.due_date}
                            for entry in block.never_initial
                        ],
                    }
                    for block in dashboard.conventions
                ],
            }
        )
