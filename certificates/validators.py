"""Upload checks for certificate PDFs: the content must be a PDF, whatever the file is called."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(upload) -> None:
    """Refuse anything over ``CERTIFICATE_MAX_UPLOAD_BYTES`` or not starting with ``%PDF-``."""
    limit = settings.CERTIFICATE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; certificate PDFs can be at most %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            "This file is not a PDF (whatever its name says). "
            "Please upload the certificate as a PDF document.",
            code="not_a_pdf",
        )
