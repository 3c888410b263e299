"""Public meeting pages, the document register, downloads and the coordinators' space."""

from django.urls import path, re_path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("documents/", views.document_register, name="document_register"),
    re_path(
        r"^documents/(?P<pk>\d+)/(?P<language>en|ar|fr|es)\.(?P<file_format>pdf|docx)$",
        views.document_download,
        name="document_download",
    ),
    path("coordinator/", views.coordinator_space, name="coordinator_space"),
    re_path(
        r"^meetings/(?P<pk>\d+)/generated/(?P<kind>final_report|agenda|participants|documents_list)/"
        r"(?P<language>en|ar|fr|es)\.html$",
        views.generated_document_preview,
        name="generated_document_preview",
    ),
    re_path(
        r"^meetings/(?P<pk>\d+)/generated/(?P<kind>final_report|agenda|participants|documents_list)/"
        r"(?P<language>en|ar|fr|es)\.pdf$",
        views.generated_document_pdf,
        name="generated_document_pdf",
    ),
    path("document-builds/<int:build_id>/download/", views.document_build_download, name="document_build_download"),
]
