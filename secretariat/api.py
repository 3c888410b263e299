"""Read-only JSON API over the public core records: conventions, States, treaty events.

Everyone may read; nobody may write here (writes go through the admin and its services for now),
so every method other than GET, HEAD and OPTIONS is a 405 before authentication runs: a logged-in
user without a CSRF token gets the same 405 as anyone else, not a 403.

Names come in all four content languages as objects (``"short_name": {"en": ..., "ar": ..., ...}``)
rather than following Accept-Language, so that one response serves every client and caches well.
Statuses are computed on the day of the request (``as_of`` in each response).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, AllowAny

from secretariat import selectors
from secretariat.models import Convention, State, TreatyEvent
from secretariat.translation import CONTENT_LANGUAGES
from secretariat.treaties import Status

STATUS_VALUES = [status.value for status in selectors.STATUS_ORDER]

# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------

_translation_serializers: dict[str, type[serializers.Serializer]] = {}


def translations(base_name: str) -> serializers.Serializer:
    """``{"en": ..., "ar": ..., "fr": ..., "es": ...}`` from the columns ``<base_name>_<language>``.

    One class per base name, so the OpenAPI schema has one component (``ShortNameTranslations``).
    """
    if base_name not in _translation_serializers:
        class_name = "".join(part.title() for part in base_name.split("_")) + "Translations"
        fields = {
            language: serializers.CharField(source=f"{base_name}_{language}")
            for language in CONTENT_LANGUAGES
        }
        _translation_serializers[base_name] = type(class_name, (serializers.Serializer,), fields)
    return _translation_serializers[base_name](source="*", read_only=True)


class StatusCountsSerializer(serializers.Serializer):
    state_party = serializers.IntegerField()
    ratified_not_in_force = serializers.IntegerField()
    signatory = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class ArticleRuleSerializer(serializers.Serializer):
    article = serializers.CharField()
    period_years = serializers.IntegerField()
    max_extension_years = serializers.IntegerField(allow_null=True)


class ConventionSerializer(serializers.ModelSerializer):
    short_name = translations("short_name")
    name = translations("name")
    stockpile_destruction = serializers.SerializerMethodField()
    clearance = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "code",
            "short_name",
            "name",
            "symbol_prefix",
            "adopted_on",
            "opened_for_signature_on",
            "entry_into_force",
            "stockpile_destruction",
            "clearance",
            "initial_report_days",
            "as_of",
            "counts",
        ]

    @extend_schema_field(ArticleRuleSerializer)
    def get_stockpile_destruction(self, convention: Convention) -> dict:
        return {
            "article": convention.stockpile_article,
            "period_years": convention.stockpile_period_years,
            "max_extension_years": convention.stockpile_max_extension_years,
        }

    @extend_schema_field(ArticleRuleSerializer)
    def get_clearance(self, convention: Convention) -> dict:
        return {
            "article": convention.clearance_article,
            "period_years": convention.clearance_period_years,
            "max_extension_years": convention.clearance_max_extension_years,
        }

    @extend_schema_field(StatusCountsSerializer)
    def get_counts(self, convention: Convention) -> dict:
        counts = self.context["status_counts"].get(convention.pk, {})
        return {name: counts.get(Status(name), 0) for name in StatusCountsSerializer._declared_fields}

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, convention: Convention):
        return self.context["as_of"]


class StatusByConventionSerializer(serializers.Serializer):
    """The status under each convention, keyed by convention code."""

    APMBC = serializers.ChoiceField(choices=STATUS_VALUES)
    CCM = serializers.ChoiceField(choices=STATUS_VALUES)


class StateSerializer(serializers.ModelSerializer):
    short_name = translations("short_name")
    formal_name = translations("formal_name")
    status = serializers.SerializerMethodField()

    class Meta:
        model = State
        fields = ["iso3", "iso2", "m49", "un_member", "short_name", "formal_name", "status"]

    @extend_schema_field(StatusByConventionSerializer)
    def get_status(self, state: State) -> dict:
        statuses = selectors.state_statuses(state, self.context["conventions"], self.context["as_of"])
        return {code: status.value for code, status in statuses.items()}


class EventRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    date = serializers.DateField()


class WithdrawalSerializer(serializers.Serializer):
    notified_on = serializers.DateField(source="date")
    effective_on = serializers.DateField(allow_null=True)
    effect_deferred = serializers.BooleanField()


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    article = serializers.CharField()
    original = serializers.DateField()
    current = serializers.DateField()
    extended = serializers.BooleanField()
    completed_on = serializers.DateField(allow_null=True)


class ConventionRecordSerializer(serializers.Serializer):
    convention = serializers.CharField(source="convention.code")
    status = serializers.ChoiceField(choices=STATUS_VALUES)
    signature = serializers.DateField(source="signature.date", allow_null=True, default=None)
    consent = EventRefSerializer(
        allow_null=True, help_text="Ratification, acceptance, approval, accession or succession."
    )
    entry_into_force = serializers.DateField(allow_null=True)
    withdrawal = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(WithdrawalSerializer(allow_null=True))
    def get_withdrawal(self, record: selectors.ConventionRecord) -> dict | None:
        if record.withdrawal is None:
            return None
        return {
            "notified_on": record.withdrawal.date,
            "effective_on": record.withdrawal_effective,
            "effect_deferred": record.withdrawal.effect_deferred and not record.withdrawal.effective_date,
        }

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, record: selectors.ConventionRecord) -> list[dict]:
        return [
            {
                "kind": str(deadline.kind),
                "article": deadline.article,
                "original": deadline.original,
                "current": deadline.current,
                "extended": deadline.extended,
                "completed_on": record.completed.get(str(deadline.kind)),
            }
            for deadline in record.deadlines
        ]


class FormerNameSerializer(serializers.Serializer):
    short_name = translations("short_name")
    formal_name = translations("formal_name")
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField()


class StateDetailSerializer(StateSerializer):
    conventions = serializers.SerializerMethodField()
    former_names = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField()

    class Meta(StateSerializer.Meta):
        fields = [*StateSerializer.Meta.fields, "as_of", "conventions", "former_names"]

    @extend_schema_field(ConventionRecordSerializer(many=True))
    def get_conventions(self, state: State) -> list[dict]:
        records = selectors.state_records(state, self.context["conventions"], self.context["as_of"])
        return ConventionRecordSerializer(records, many=True).data

    @extend_schema_field(FormerNameSerializer(many=True))
    def get_former_names(self, state: State) -> list[dict]:
        return FormerNameSerializer(selectors.former_names(state), many=True).data

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, state: State):
        return self.context["as_of"]


class TreatyEventSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TreatyEvent
        fields = ["id", "state", "convention", "kind", "date", "effective_date", "effect_deferred", "source"]


# ---------------------------------------------------------------------------------------------
# Filters (django-filter). An invalid value is a 400 whose body names the parameter.
# ---------------------------------------------------------------------------------------------


class StatusInField(forms.CharField):
    """``<convention code>:<status>``, e.g. ``CCM:state_party``; cleaned to (code, Status)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code, _sep, status = value.partition(":")
        code = code.strip().upper()
        if code not in Convention.Code.values or status.strip() not in STATUS_VALUES:
            raise forms.ValidationError(
                _(
                    "status_in must be <convention>:<status>, with a convention among %(codes)s and a status among %(statuses)s."
                )
                % {"codes": ", ".join(Convention.Code.values), "statuses": ", ".join(STATUS_VALUES)},
                code="invalid",
            )
        return code, Status(status.strip())


@extend_schema_field(OpenApiTypes.STR)
class StatusInFilter(django_filters.Filter):
    field_class = StatusInField


BOOLEAN_CHOICES = (("true", "true"), ("false", "false"))


class StateFilter(django_filters.FilterSet):
    iso3 = django_filters.CharFilter(
        field_name="iso3", lookup_expr="iexact", help_text="ISO 3166 alpha-3 code."
    )
    un_member = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_un_member",
        help_text="true: UN Member States; false: the others.",
    )
    status_in = StatusInFilter(
        method="filter_status_in",
        help_text="Status under one convention today, as <convention>:<status>, e.g. CCM:state_party. "
        f"Statuses: {', '.join(STATUS_VALUES)}.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Part of the short or formal name in en, ar, fr or es, or the ISO code.",
    )

    class Meta:
        model = State
        fields = ["iso3", "un_member", "status_in", "search"]

    def filter_un_member(self, queryset, name, value):
        return queryset.filter(un_member=(value == "true"))

    def filter_status_in(self, queryset, name, value):
        code, status = value
        return selectors.filter_states_by_status(queryset, convention_code=code, statuses={status})

    def filter_search(self, queryset, name, value):
        return selectors.search_states(queryset, value)


class TreatyEventFilter(django_filters.FilterSet):
    convention = django_filters.ChoiceFilter(field_name="convention__code", choices=Convention.Code.choices)
    state = django_filters.CharFilter(
        field_name="state__iso3", lookup_expr="iexact", help_text="ISO 3166 alpha-3 code."
    )
    kind = django_filters.ChoiceFilter(choices=TreatyEvent.Kind.choices)

    class Meta:
        model = TreatyEvent
        fields = ["convention", "state", "kind"]


# ---------------------------------------------------------------------------------------------
# The schema: the errors each operation can answer are documented with it
# ---------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers, so a client (and schemathesis) can rely on it.

    - 400 on every operation: an invalid filter or parameter (``{"field": ["message"]}``), or a NUL
      character anywhere in the request (``{"detail": ...}``, secretariat.middleware.RefuseNulMiddleware);
    - 403 where the operation asks for a signed-in user (``{"detail": ...}``);
    - 404 where the path names a record, or where a list is paginated (a page past the last).
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {"400": OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid parameter or request.")}
        if any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            errors["403"] = OpenApiResponse(ErrorSerializer, description="Sign in first.")
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            errors["404"] = OpenApiResponse(ErrorSerializer, description="No such record or page.")
        for code, response in errors.items():
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return responses


# ---------------------------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------------------------


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Refuse writes with 405 for everyone, before authentication (and its CSRF check) runs."""

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": selectors.today()}


class ConventionViewSet(ReadOnlyViewSet):
    """The two conventions, their article rules and today's counts of States by status."""

    serializer_class = ConventionSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]+"
    pagination_class = None  # two rows
    filter_backends: list = []

    def get_queryset(self):
        return selectors.convention_list(viewer=self.request.user)

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        return {
            **context,
            "status_counts": selectors.status_counts(viewer=self.request.user, on_date=context["as_of"]),
        }


class StateViewSet(ReadOnlyViewSet):
    """States with their status under each convention today; one State adds dates, deadlines and former names."""

    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = StateFilter

    def get_queryset(self):
        queryset = selectors.state_queryset(viewer=self.request.user).order_by("iso3")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("former_names", "obligations")
        return queryset

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()

    def get_serializer_class(self):
        return StateDetailSerializer if self.action == "retrieve" else StateSerializer

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "conventions": list(selectors.convention_list(viewer=self.request.user)),
        }


class TreatyEventViewSet(ReadOnlyViewSet):
    """Signatures, instruments deposited and withdrawals, as the depositary records them."""

    serializer_class = TreatyEventSerializer
    filterset_class = TreatyEventFilter

    def get_queryset(self):
        return selectors.treaty_event_list(viewer=self.request.user)
