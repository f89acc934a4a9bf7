"""django-import-export's admin import, with the preview bound to who made it.

import-export keeps the uploaded file in a temporary file and names it in a hidden field of the
confirmation form: the page showed a server path, and anyone allowed to import could confirm
another user's preview (into their own organisation) by posting its name. Here the upload is
read in memory, kept as an ImportPreview row under a random token bound to the user and
organisation, and the confirmation accepts only the poster's own, unexpired preview whose
format, resource and organisation are the ones previewed; anything else is a 400 with a Chinese
message. Unreadable or oversized files get a Chinese message next to the file field.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.forms import ImportForm
from import_export.tmp_storages import BaseStorage

from branches.exports.resources import PREVIEW_ROWS
from branches.models import ImportPreview, Organization
from portal import spreadsheets


class InMemoryStorage(BaseStorage):
    """import-export's "temporary storage" of the preview step, kept in memory: nothing of an
    upload (personal data) is left in the server's temporary folder."""

    def save(self, data):
        self.data = data

    def read(self):
        return self.data

    def remove(self):
        self.data = None


class OrganizationImportForm(ImportForm):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("导入到党组织"), queryset=Organization.objects.none()
    )

    def __init__(self, formats, resources, *, organizations, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        spreadsheets.check_upload_size(upload)
        return upload


class ConfirmPreviewForm(forms.Form):
    """The confirmation names the preview by its token; the rest must match what was previewed."""

    import_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    format = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=99)
    resource = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=99)
    organization = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class BoundPreviewImportMixin:
    """For a ModelAdmin with import-export's ImportMixin and an `organization` on the import form
    (`import_organizations(request)` gives the organisations the user may import into)."""

    tmp_storage_class = InMemoryStorage
    import_form_class = OrganizationImportForm
    confirm_form_class = ConfirmPreviewForm
    refused_template_name = "admin/import_refused.html"

    preview_rows = PREVIEW_ROWS  # rows listed in the preview (every row is checked)

    def import_organizations(self, request):
        raise NotImplementedError

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["preview_rows"] = self.preview_rows
        context["preview_slice"] = f":{self.preview_rows}"
        return context

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        kwargs["organizations"] = self.import_organizations(request)
        return kwargs

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            "data": None if import_form else request.POST,
            "initial": self.get_confirm_form_initial(request, import_form),
        }

    def get_confirm_form_initial(self, request, import_form):
        """Called once a preview has no errors: keep its file, bound to the user."""
        if import_form is None:
            return {}
        data = import_form.cleaned_data
        upload = data["import_file"]
        upload.seek(0)
        preview = ImportPreview.start(
            user=request.user,
            organization=data["organization"],
            model=self.model._meta.label_lower,
            file_name=upload.name,
            format=int(data["format"]),
            resource=int(data.get("resource") or 0),
            data=upload.read(),
        )
        return {
            "import_id": preview.token,
            "format": preview.format,
            "resource": preview.resource,
            "organization": preview.organization_id,
        }

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        organization = None
        if isinstance(form, ImportForm) and form.is_bound and form.is_valid():
            organization = form.cleaned_data.get("organization")
        return {"organization": organization}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, spreadsheets.SpreadsheetRefused):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("无法读取这个文件。请确认它是 Excel（.xlsx）或 CSV 文件，且与所选格式一致。"),
            )

    # -- confirmation ----------------------------------------------------------------------------

    def _refuse(self, request, message, status=400, result=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("无法确认导入"),
            "message": message,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, self.refused_template_name, context, status=status)

    def _bound_preview(self, request):
        """(preview, None) for the user's own, live, untampered preview; else (None, response)."""
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return None, self._refuse(request, _("导入确认的内容不完整或有误，请重新上传文件。"))
        preview = (
            ImportPreview.objects.live()
            .filter(
                token=form.cleaned_data["import_id"],
                user=request.user,
                model=self.model._meta.label_lower,
            )
            .select_related("organization")
            .first()
        )
        if preview is None:
            return None, self._refuse(
                request,
                _(
                    "找不到这份导入预览：它可能已经确认、已过期（%(minutes)s 分钟），或不是你上传的。"
                    "请重新上传文件。"
                )
                % {"minutes": int(ImportPreview.LIFETIME.total_seconds() // 60)},
            )
        posted = [form.cleaned_data[name] for name in ("format", "resource", "organization")]
        if posted != [preview.format, preview.resource, preview.organization_id]:
            return None, self._refuse(request, _("导入确认的内容与预览不一致，请重新上传文件。"))
        if not self.import_organizations(request).filter(pk=preview.organization_id).exists():
            preview.delete()
            raise PermissionDenied
        return preview, None

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        preview, refusal = self._bound_preview(request)
        if refusal:
            return refusal
        input_format = self.get_import_formats()[preview.format](encoding=self.from_encoding)
        try:
            dataset = input_format.create_dataset(bytes(preview.data))
        except Exception:  # the same bytes were read for the preview
            preview.delete()
            return self._refuse(request, _("无法读取预览时上传的文件，请重新上传。"))
        resource = self.get_import_resource_classes(request)[preview.resource](
            organization=preview.organization
        )
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=preview.file_name,
            user=request.user,
            retain_instance_in_row_result=True,
        )
        preview.delete()
        if result.has_errors() or result.has_validation_errors():
            # The roster changed between preview and confirmation: nothing was saved.
            return self._refuse(
                request,
                _(
                    "名册在预览之后有了变化，确认导入时发现下列问题，没有保存任何数据。请重新上传文件。"
                ),
                status=409,
                result=result,
            )
        return self.process_result(result, request)
