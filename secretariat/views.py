"""Public, read-only pages: home, the Status of each Convention, the States list and each State.

Views stay thin: parse the query string, call a selector, format for the active language (UN
house style dates, UN alphabetical order) and render. A bad query parameter is a 400 naming it.
"""

from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

from secretariat import house_style, selectors
from secretariat.documents import StatusOfConvention
from secretariat.downloads import generated_pdf_response
from secretariat.models import Convention, State
from secretariat.translation import localized
from secretariat.treaties import ObligationKind, Status

# The PDFs are rebuilt only when the data change (the renderer caches by content hash); a reader
# may keep one for five minutes, then revalidates cheaply with the ETag.
PDF_MAX_AGE = 300

STATUS_LABELS = {
    Status.STATE_PARTY: _("State Party"),
    Status.RATIFIED_NOT_IN_FORCE: _("Ratified, not yet in force"),
    Status.SIGNATORY: _("Signatory"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.NON_SIGNATORY: _("Not a party"),
}

DEADLINE_LABELS = {
    ObligationKind.INITIAL_REPORT: _("Initial transparency report (Article 7)"),
    ObligationKind.STOCKPILE_DESTRUCTION: _("Destruction of stockpiles (Article %(article)s)"),
    ObligationKind.CLEARANCE: _("Clearance of contaminated areas (Article %(article)s)"),
}


def content_language() -> str:
    """The active language as house_style knows it (it raises on anything else)."""
    language = (get_language() or "en").split("-")[0]
    return language if language in house_style.LANGUAGES else "en"


def document_language() -> str:
    """Documents exist in the UI languages only; others fall back to English."""
    language = content_language()
    return language if language in settings.UI_LANGUAGES else "en"


def _date(value, language: str) -> str:
    return house_style.format_date(value, language) if value else ""


# ---------------------------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------------------------


@require_safe
def home(request):
    today = selectors.today()
    return render(
        request,
        "secretariat/home.html",
        {
            "summaries": selectors.convention_summaries(viewer=request.user, on_date=today),
            "today": _date(today, content_language()),
        },
    )


# ---------------------------------------------------------------------------------------------
# Status of the Convention (HTML page and PDF downloads)
# ---------------------------------------------------------------------------------------------


def _convention_or_404(request, code: str) -> Convention:
    try:
        return selectors.convention_get(viewer=request.user, code=code)
    except Convention.DoesNotExist:
        raise Http404(_("No convention has the code “%(code)s”.") % {"code": code}) from None


@require_safe
def convention_detail(request, code: str):
    convention = _convention_or_404(request, code)
    language = document_language()
    # The fragment comes from the document's own autoescaped template (secretariat/documents.py).
    document_html = mark_safe(StatusOfConvention(convention).html(language=language))  # noqa: S308
    downloads = [
        {"language": code_, "name": name, "url": f"status.{code_}.pdf"}
        for code_, name in settings.LANGUAGES
        if code_ in settings.UI_LANGUAGES
    ]
    return render(
        request,
        "secretariat/convention_detail.html",
        {
            "convention": convention,
            "document_html": document_html,
            "downloads": downloads,
            "document_language": language,
        },
    )


@require_safe
def convention_status_pdf(request, code: str, language: str):
    if language not in settings.UI_LANGUAGES:
        raise Http404(_("The document is not available in this language."))
    convention = _convention_or_404(request, code)

    def caching(response, etag: str):
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=PDF_MAX_AGE)
        return response

    # The public does not wait for a render: see secretariat.downloads.
    return generated_pdf_response(request, StatusOfConvention(convention), language, caching=caching)


# ---------------------------------------------------------------------------------------------
# States
# ---------------------------------------------------------------------------------------------


class StateFilterForm(forms.Form):
    """The query string of the States list. Field names are the parameter names shown in errors."""

    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)
    convention = forms.ChoiceField(label=_("Convention"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].choices = [("", _("Either convention"))] + [
            (c.code, c.short_name) for c in conventions
        ]
        self.fields["status"].choices = [("", _("Any status"))] + [
            (s.value, STATUS_LABELS[s]) for s in selectors.STATUS_ORDER
        ]


@require_safe
def state_list(request):
    language = content_language()
    conventions = list(selectors.convention_list(viewer=request.user))
    form = StateFilterForm(request.GET or None, conventions=conventions)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "secretariat/state_list.html",
            {"form": form, "conventions": conventions, "rows": [], "invalid": True},
            status=400,
        )
    filters = form.cleaned_data if form.is_bound else {}
    rows = selectors.state_rows(
        viewer=request.user,
        language=language,
        search=filters.get("q", ""),
        convention_code=filters.get("convention", ""),
        status=filters.get("status", ""),
        conventions=conventions,
    )
    table = [
        {
            "state": row.state,
            "name": row.name,
            "statuses": [
                {"code": row.status_in(c.code), "label": STATUS_LABELS[row.status_in(c.code)]}
                for c in conventions
            ],
        }
        for row in rows
    ]
    return render(
        request,
        "secretariat/state_list.html",
        {
            "form": form,
            "conventions": conventions,
            "rows": table,
            "filtered": bool(filters and any(filters.values())),
        },
    )


@require_safe
def state_detail(request, iso3: str):
    try:
        state = selectors.state_get(viewer=request.user, iso3=iso3)
    except State.DoesNotExist:
        raise Http404(_("No State has the ISO code “%(code)s”.") % {"code": iso3}) from None
    language = content_language()
    conventions = list(selectors.convention_list(viewer=request.user))
    records = []
    for record in selectors.state_records(state, conventions):
        withdrawal = record.withdrawal
        records.append(
            {
                "convention": record.convention,
                "status": record.status,
                "status_label": STATUS_LABELS[record.status],
                "signature": _date(record.signature and record.signature.date, language),
                "consent_kind": record.consent.get_kind_display() if record.consent else "",
                "consent": _date(record.consent and record.consent.date, language),
                "entry_into_force": _date(record.entry_into_force, language),
                "withdrawal_notified": _date(withdrawal and withdrawal.date, language),
                "withdrawal_effective": _date(record.withdrawal_effective, language),
                "withdrawal_deferred": bool(
                    withdrawal and withdrawal.effect_deferred and not withdrawal.effective_date
                ),
                "deadlines": [
                    {
                        "label": DEADLINE_LABELS[deadline.kind] % {"article": deadline.article},
                        "current": _date(deadline.current, language),
                        "original": _date(deadline.original, language) if deadline.extended else "",
                        "completed": _date(record.completed.get(str(deadline.kind)), language),
                    }
                    for deadline in record.deadlines
                ],
            }
        )
    names = [
        {
            "short_name": localized(name, "short_name", language),
            "formal_name": localized(name, "formal_name", language),
            "valid_from": _date(name.valid_from, language),
            "valid_to": _date(name.valid_to, language),
        }
        for name in selectors.former_names(state)
    ]
    return render(
        request,
        "secretariat/state_detail.html",
        {
            "state": state,
            "name": localized(state, "short_name", language),
            "formal_name": localized(state, "formal_name", language),
            "records": records,
            "former_names": names,
            "today": _date(selectors.today(), language),
        },
    )


# ---------------------------------------------------------------------------------------------
# API documentation (no JavaScript: Swagger UI and Redoc would need a CDN, which the CSP forbids)
# ---------------------------------------------------------------------------------------------


@functools.cache
def _api_schema() -> dict:
    # The same generator as /api/v1/schema/, so this page cannot drift from it. The schema depends
    # only on the code, so it is built once per process, in English: the API's own descriptions
    # are English whatever the page language (the page marks them lang="en").
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


@require_safe
def api_docs(request):
    schema = _api_schema()
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                            "enum": p.get("schema", {}).get("enum", []),
                        }
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    return render(
        request,
        "secretariat/api_docs.html",
        {"endpoints": endpoints, "info": schema.get("info", {})},
    )


# Log out by POST only (the header's form): Django 5's LogoutView refuses GET.
logout = auth_views.LogoutView.as_view()

__all__ = [
    "api_docs",
    "convention_detail",
    "convention_status_pdf",
    "home",
    "logout",
    "state_detail",
    "state_list",
]
