"""Public meeting pages, the document register, file downloads and the coordinators' space.

Thin views: a selector decides what the viewer may see (a miss is a 404), the view formats dates
in UN house style for the active language and renders.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from meetings import selectors
from meetings.filters import DocumentFilter
from meetings.models import Document, DocumentBuild, DocumentFile, Meeting
from secretariat import house_style
from secretariat.downloads import generated_pdf_response
from secretariat.models import Convention
from secretariat.views import content_language

REGISTER_PAGE_SIZE = 50

CATEGORY_TITLES = {
    "state_party": _("States Parties"),
    "ratified_not_in_force": _(
        "States that have ratified or acceded, for which the Convention is not yet in force"
    ),
    "signatory": _("Signatory States (observers)"),
    "observer_state": _("Other observer States"),
    "organisation_1_2": _("Organisations under rule 1(2) of the rules of procedure"),
    "organisation_1_3": _("Organisations under rule 1(3) of the rules of procedure"),
}


def _dates(meeting: Meeting, language: str) -> str:
    return house_style.format_date_range(meeting.start_date, meeting.end_date, language)


def _meeting_or_404(request, pk: int) -> Meeting:
    try:
        return selectors.meeting_get(viewer=request.user, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None


@require_safe
def meeting_list(request):
    language = content_language()
    code = request.GET.get("convention", "").upper()
    convention = Convention.objects.filter(code=code).first() if code else None
    meetings = selectors.meeting_list(viewer=request.user, convention=convention).order_by("-start_date")
    rows = [{"meeting": m, "dates": _dates(m, language)} for m in meetings]
    return render(
        request,
        "meetings/meeting_list.html",
        {"rows": rows, "conventions": Convention.objects.order_by("code"), "convention": convention},
    )


@require_safe
def meeting_detail(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    language = content_language()
    participants = [
        {
            "title": CATEGORY_TITLES[plist.category],
            "count": plist.count,
            "names": house_style.join_names(plist.names, language),
        }
        for plist in selectors.participants_by_category(meeting, language)
        if plist.count
    ]
    sessions = [
        {"session": s, "date": house_style.format_date(s.date, language)} for s in selectors.sessions(meeting)
    ]
    officers = [
        {"mandate": m, "state": m.state.name_on(meeting.start_date, language) if m.state_id else "",
         "person": m.person.display_name(language) if m.person_id else ""}
        for m in selectors.officers(meeting)
        if m.meeting_id == meeting.pk
    ]  # fmt: skip
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "dates": _dates(meeting, language),
            "announced": house_style.format_date_range(
                meeting.announced_start_date, meeting.announced_end_date, language, compact=True
            )
            if meeting.announced_start_date
            and (meeting.announced_start_date, meeting.announced_end_date)
            != (meeting.start_date, meeting.end_date)
            else "",
            "host": meeting.host_state.name_on(meeting.start_date, language) if meeting.host_state_id else "",
            "agenda": [
                {"item": item, "label": item.label(language), "level": item.level}
                for item in selectors.agenda(meeting)
            ],
            "documents": selectors.meeting_documents(viewer=request.user, meeting=meeting),
            "decisions": _decisions(meeting, language),
            "participants": participants,
            "sessions": sessions,
            "officers": officers,
            "language": language,
        },
    )


def _decisions(meeting: Meeting, language: str) -> list[dict]:
    return [
        {
            "decision": decision,
            # UN style: "22." in English, "22-" in Arabic.
            "number": f"{decision.number}-" if language == "ar" else f"{decision.number}.",
            "items": [
                {
                    "item": item,
                    "label": item.label(language),
                    "subs": [{"item": s, "label": s.label(language)} for s in subs],
                }
                for item, subs in decision.tree
            ],
        }
        for decision in selectors.decisions(meeting)
    ]


@require_safe
def document_register(request):
    meetings = selectors.meeting_list(viewer=request.user).order_by("-start_date")
    filterset = DocumentFilter(
        request.GET or None, queryset=selectors.document_queryset(viewer=request.user), meetings=meetings
    )
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request, "meetings/document_register.html", {"filter": filterset, "invalid": True}, status=400
        )
    documents = selectors.natural_order(filterset.qs)
    page = Paginator(documents, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/document_register.html",
        {
            "filter": filterset,
            "page": page,
            "count": len(documents),
            "query": query.urlencode(),
            "filtered": bool(request.GET),
        },
    )



def _file_caching(response, etag: str, *, public: bool):
    """A downloaded file's ETag and caching: shared caches may keep what everyone may read for five
    minutes; anything else is private to the user and revalidated every time."""
    response["ETag"] = etag
    if public:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        response["Vary"] = "Cookie"
    return response

@require_safe
def document_download(request, pk: int, language: str, file_format: str):
    """A document's file, if the viewer may see the document; the ETag is the file's SHA-256."""
    try:
        record = selectors.document_file_get(
            viewer=request.user, document_pk=pk, language=language, file_format=file_format
        )
    except DocumentFile.DoesNotExist:
        raise Http404(_("No such file.")) from None
    etag = f'"{record.sha256}"'
    public = (
        record.document.distribution == Document.Distribution.GENERAL and record.document.meeting.is_published
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(
            record.file.open("rb"),
            as_attachment=True,
            filename=record.download_name,
            content_type=record.mimetype,
        )
    return _file_caching(response, etag, public=public)


@require_safe
@login_required
def coordinator_space(request):
    language = content_language()
    meetings = selectors.coordinator_meetings(viewer=request.user)
    return render(
        request,
        "meetings/coordinator_space.html",
        {
            "rows": [
                {"meeting": m, "dates": _dates(m, language), "documents": m.visible_documents}
                for m in meetings
            ],
            "mandates": selectors.mandates_of(viewer=request.user),
        },
    )


# --- Generated documents: HTML preview and PDF ------------------------------------------------------
# Visible like the meeting itself (meetings.read_meeting): anyone for a published meeting; for a draft,
# the ISU staff of its convention and the coordinators of the meeting. A miss is a 404.


def _generated_document(request, pk: int, kind: str):
    from meetings.documents import DOCUMENT_CLASSES

    meeting = _meeting_or_404(request, pk)
    if kind not in DOCUMENT_CLASSES:
        raise Http404(_("No such document."))
    return meeting, DOCUMENT_CLASSES[kind](meeting)


@require_safe
def generated_document_preview(request, pk: int, kind: str, language: str):
    meeting, document = _generated_document(request, pk, kind)
    response = render(
        request,
        "meetings/pdf/preview.html",
        {
            "meeting": meeting,
            "body": document.html(language=language),
            "document_language": language,
            "pdf_url": reverse("meetings:generated_document_pdf", args=[pk, kind, language]),
        },
    )
    if not meeting.is_published:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def generated_document_pdf(request, pk: int, kind: str, language: str):
    """The PDF, rendered once per content (secretariat.pdf cache); its ETag is the cache key. An
    anonymous reader never waits for a render here: see secretariat.downloads."""
    meeting, document = _generated_document(request, pk, kind)
    return generated_pdf_response(
        request,
        document,
        language,
        caching=lambda response, etag: _file_caching(response, etag, public=meeting.is_published),
    )


@require_safe
def document_build_download(request, build_id: int):
    """The file of one background build (the admin's panel links here): the ISU of the convention only."""
    build = DocumentBuild.objects.select_related("meeting").filter(pk=build_id).first()
    if (
        build is None
        or build.status != DocumentBuild.Status.DONE
        or not request.user.has_perm("meetings.view_documentbuild", build.meeting)
        or not default_storage.exists(build.file)
    ):
        raise Http404(_("No such file."))
    response = FileResponse(
        default_storage.open(build.file, "rb"),
        as_attachment=True,
        filename=build.filename,
        content_type="application/pdf",
    )
    response["ETag"] = f'"{build.content_hash}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response
