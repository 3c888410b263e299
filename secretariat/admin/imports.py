"""Import and export in the admin: permission codes, caps, atomic imports and clear row messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from secretariat.resources import IMPORT_FORMATS, ImportRejected, import_error_messages


class CappedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file accepted is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
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
        if isinstance(response, TemplateResponse) and response.context_data.get("result") is not None:
            result = response.context_data["result"]
            response.context_data["import_messages"] = import_error_messages(result, self._resource(request))
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between preview and confirmation (or the data did): nothing was written.
            messages.error(request, _("Nothing was imported."))
            for line in import_error_messages(result, self._resource(request)):
                messages.error(request, line)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)
