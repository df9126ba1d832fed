"""Upload checks for PDFs (certificates, the résumé): the content must be a PDF, whatever its name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(upload, *, limit: int | None = None, what: str = "certificate") -> None:
    """Refuse anything over ``limit`` (default ``CERTIFICATE_MAX_UPLOAD_BYTES``) or not a PDF.

    A PDF is recognised by its ``%PDF-`` magic bytes, never by its name.
    """
    limit = limit if limit is not None else settings.CERTIFICATE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; %(what)s PDFs can be at most %(limit)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
                "what": what,
            },
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            "This file is not a PDF (whatever its name says). "
            "Please upload the %(what)s as a PDF document.",
            code="not_a_pdf",
            params={"what": what},
        )
