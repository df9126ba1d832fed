"""A tiny pure-Python PDF writer for the demo certificates.

It writes one landscape A4 page of centred text in the standard Helvetica
fonts (no embedding needed) with a correct cross-reference table, so PDF
viewers, ``%PDF-`` sniffing and strict parsers all accept the result.
"""

from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 842, 595  # A4 landscape, in points
# Helvetica's average glyph width is about half the font size; good enough to centre a line.
_AVERAGE_GLYPH_WIDTH = 0.5


@dataclass(frozen=True)
class PdfLine:
    text: str
    size: int = 14
    bold: bool = False
    gap_before: int = 18


def pdf_document_render(*, title: str, lines: list[PdfLine], author: str = "CloudForgeX") -> bytes:
    """One page with a border and the given lines centred from the top; returns the PDF bytes."""
    content = _page_content(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title "
        + _info_string(title)
        + b" /Author "
        + _info_string(author)
        + b" /Producer (CloudForgeX demo) >>",
    ]
    return _assemble(objects, info_object=7)


def _page_content(lines: list[PdfLine]) -> bytes:
    commands = ["0.16 0.35 0.65 RG 3 w 28 28 786 539 re S", "1 w 36 36 770 523 re S", "0 g"]
    y = PAGE_HEIGHT - 90
    for line in lines:
        y -= line.gap_before
        width = len(line.text) * line.size * _AVERAGE_GLYPH_WIDTH
        x = max(50, (PAGE_WIDTH - width) / 2)
        font = "/F2" if line.bold else "/F1"
        commands.append(
            f"BT {font} {line.size} Tf {x:.1f} {y:.1f} Td "
            + _pdf_string(line.text).decode("latin-1")
            + " Tj ET"
        )
        y -= line.size
    return "\n".join(commands).encode("latin-1")


def _pdf_string(text: str) -> bytes:
    """A literal string in WinAnsi encoding with PDF escapes; unknown characters become '?'."""
    raw = text.encode("cp1252", errors="replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    escaped = escaped.replace(b"\r", b" ").replace(b"\n", b" ")
    return b"(" + escaped + b")"


def _info_string(text: str) -> bytes:
    """Document-information strings are PDFDocEncoding or UTF-16BE with a BOM: use the latter."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _assemble(objects: list[bytes], *, info_object: int) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_object,
        xref_at,
    )
    return bytes(out)
