"""Certificates and file contents for the certificates tests."""

import itertools
import struct
import zlib

from django.core.files.base import ContentFile

from certificates.models import Certificate

_counter = itertools.count(1)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def make_certificate(*, with_file: bool = True, pdf: bytes = PDF_BYTES, **fields) -> Certificate:
    """A saved certificate; by default published and with a PDF stored the way seed_demo does."""
    number = next(_counter)
    fields.setdefault("name", f"Certificate {number}")
    fields.setdefault("slug", f"certificate-{number}")
    fields.setdefault("issuer", "Amazon Web Services")
    certificate = Certificate.objects.create(**fields)
    if with_file:
        certificate.file.save("upload.pdf", ContentFile(pdf))
    return certificate
