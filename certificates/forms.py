"""The admin's certificate form: PDF-only uploads, and no public file URL in the widget."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget, AdminURLFieldWidget
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from certificates.models import Certificate
from cloudforgex.pdf_upload import validate_pdf_upload


class CertificateFileWidget(AdminFileWidget):
    """Shows the stored file with a preview link instead of ``file.url`` (there is no public URL)."""

    template_name = "certificates/widgets/certificate_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and getattr(instance, "pk", None):
            context["widget"]["preview_url"] = reverse(
                "admin:certificates_certificate_preview", args=[instance.pk]
            )
        return context


class CertificateAdminForm(forms.ModelForm):
    verify_url = forms.URLField(
        label="Verify at issuer",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=AdminURLFieldWidget,
        help_text=Certificate._meta.get_field("verify_url").help_text,
    )

    class Meta:
        model = Certificate
        fields = [
            "name",
            "slug",
            "issuer",
            "status",
            "published",
            "order",
            "issued_on",
            "expires_on",
            "credential_id",
            "verify_url",
            "file",
        ]
        widgets = {"file": CertificateFileWidget(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_pdf_upload(upload)
        return upload
