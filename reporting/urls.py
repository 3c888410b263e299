"""The delegate's pages of Article 7 reports (included under /reports/ by secretariat/urls.py)."""

from django.urls import path, re_path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.delegate_home, name="delegate_home"),
    path("start/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/published/", views.published_report, name="published_report"),
    path("<int:pk>/unchanged/", views.report_mark_unchanged, name="report_mark_unchanged"),
    path("<int:pk>/workbook.xlsx", views.report_workbook, name="report_workbook"),
    path("<int:pk>/workbook/", views.report_workbook_upload, name="report_workbook_upload"),
    re_path(r"^(?P<pk>\d+)/forms/(?P<letter>[A-Za-z]{1,3})/$", views.form_edit, name="form_edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"
    ),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("<int:pk>/versions/", views.version_list, name="version_list"),
    path("<int:pk>/versions/compare/", views.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/versions/<int:number>/receipt/", views.version_receipt, name="version_receipt"),
    re_path(
        r"^(?P<pk>\d+)/versions/(?P<number>\d+)/receipt\.(?P<language>ar|en)\.pdf$",
        views.version_receipt_pdf,
        name="version_receipt_pdf",
    ),
]
