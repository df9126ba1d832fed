"""PDF upload validation looks at the bytes and the size, never at the file name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cloudforgex.pdf_upload import validate_pdf_upload
from tests.certificates.factories import PDF_BYTES, png_bytes


def _upload(content: bytes, name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_real_pdf_passes_even_without_pdf_extension():
    """A real PDF named .bin is fine: the content decides."""
    upload = _upload(PDF_BYTES, name="scan.bin")

    validate_pdf_upload(upload)

    assert upload.read() == PDF_BYTES  # left rewound for saving


@pytest.mark.parametrize(
    "content",
    [png_bytes(), b"", b"%PD", b" %PDF-1.4\n", b"<html>%PDF-</html>", b"PK\x03\x04docx"],
)
def test_non_pdf_content_is_refused(content):
    """A renamed PNG, an empty file or anything not starting with %PDF- is refused."""
    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(_upload(content))

    assert refused.value.code == "not_a_pdf"
    assert "not a PDF" in refused.value.messages[0]


def test_oversized_file_is_refused(settings):
    """One byte over CERTIFICATE_MAX_UPLOAD_BYTES is refused; exactly the limit passes."""
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = len(PDF_BYTES)

    validate_pdf_upload(_upload(PDF_BYTES))
    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(_upload(PDF_BYTES + b"\n"))

    assert refused.value.code == "file_too_large"


def test_default_cap_is_ten_megabytes(settings):
    """Without configuration the cap is 10 MB."""
    assert settings.CERTIFICATE_MAX_UPLOAD_BYTES == 10 * 1024 * 1024
