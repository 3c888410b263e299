"""Import and export in the admin: permission codes, caps, atomic imports and clear row messages.

Between the preview and the confirmation the uploaded file waits in the default storage
(``SharedImportStorage``): every worker of every app server reads the same media folder or S3
bucket, whereas a per-process cache (local memory without ``REDIS_URL``) made the confirmation fail
whenever it reached another worker. The file is removed once confirmed (imported or not), a preview
with errors removes it at once, and files of previews never confirmed are removed after
``IMPORT_TMP_MAX_AGE`` seconds by the next upload.
"""

from __future__ import annotations

import datetime
import logging
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage, storages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from import_export.tmp_storages import MediaStorage

from secretariat.resources import IMPORT_FORMATS, ImportRejected, import_error_messages
from secretariat.uploads import size_excess_message

logger = logging.getLogger(__name__)

_TMP_NAME = re.compile(r"[0-9a-f]{32}")


class SharedImportStorage(MediaStorage):
    """django-import-export's MediaStorage (the default storage, under ``django-import-export/``),
    accepting only the names it makes: the confirmation form posts the name back, and a name such as
    ``../meetings/documents/x.pdf`` must never be read, nor removed after the import."""

    def __init__(self, **kwargs):
        name = kwargs.get("name")
        if name is not None and not _TMP_NAME.fullmatch(str(name)):
            raise SuspiciousOperation("Import file name not made by the import storage")
        super().__init__(**kwargs)

    def _configure_storage(self):
        # The process's configured storage, not a new StorageHandler per file as MediaStorage makes
        # (with an in-memory storage that would be a new, empty store each time).
        self._storage = storages["import_export"] if "import_export" in settings.STORAGES else default_storage

    def save(self, data):
        self._remove_abandoned()
        super().save(data)

    def remove(self):
        try:
            super().remove()
        except FileNotFoundError:
            pass

    def _remove_abandoned(self) -> None:
        """Files of previews older than IMPORT_TMP_MAX_AGE: their confirmation will never come."""
        limit = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_TMP_MAX_AGE)
        try:
            names = self._storage.listdir(self.MEDIA_FOLDER)[1]
        except (FileNotFoundError, NotImplementedError):
            return
        for name in names:
            path = f"{self.MEDIA_FOLDER}/{name}"
            try:
                if self._storage.get_modified_time(path) < limit:
                    self._storage.delete(path)
            except (FileNotFoundError, NotImplementedError):
                continue


class CappedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(size_excess_message(upload.size, settings.IMPORT_MAX_BYTES))
        return upload


class PortalImportExportMixin(ImportExportMixin):
    """Who may import or export is decided by rules (secretariat.import_<model>, export_<model>),
    through IMPORT_EXPORT_IMPORT_PERMISSION_CODE / ..._EXPORT_...: not by the change permission."""

    import_formats = IMPORT_FORMATS
    export_formats = IMPORT_FORMATS
    import_form_class = CappedImportForm
    import_template_name = "admin/secretariat/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRejected):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("The file could not be read. Check that it is a valid xlsx or csv file with a header row."),
            )

    def _resource(self, request):
        return self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if not isinstance(response, TemplateResponse):
            return response
        context = response.context_data
        if context.get("result") is not None:
            context["import_messages"] = import_error_messages(context["result"], self._resource(request))
        form = context.get("form")
        upload = getattr(form, "cleaned_data", {}).get("import_file") if form is not None else None
        name = getattr(upload, "tmp_storage_name", None)
        if name and not context.get("confirm_form"):  # no confirmation can follow a refused preview
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()
        return response

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # Confirmed twice, or after IMPORT_TMP_MAX_AGE: the preview's file is gone.
            messages.error(
                request, _("This preview has expired or was already confirmed; upload the file again.")
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        finally:
            name = request.POST.get("import_file_name", "")
            if _TMP_NAME.fullmatch(name):  # removed whether the import succeeded, failed or raised
                self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between preview and confirmation (or the data did): nothing was written.
            messages.error(request, _("Nothing was imported."))
            for line in import_error_messages(result, self._resource(request)):
                messages.error(request, line)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)
