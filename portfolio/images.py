"""The profile photo upload: recognised by its bytes, measured from its header, then resized.

Validation reads only the few header bytes of PNG, JPEG and WebP (kind, width,
height), so a decompression bomb is refused at the 4096 px limit before any
pixel is decoded. An accepted photo is then resized server-side with Pillow
(``resize_photo``): EXIF orientation applied, all metadata (EXIF, GPS, ICC)
dropped, the longest side scaled down to ``PHOTO_STORED_MAX_SIDE`` (never up),
re-encoded in its own format. The site shows it at a fixed size with CSS
(``object-fit: cover``) and gives the browser the stored width and height.
"""

import io
import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MIN_SIDE = 160
PHOTO_MAX_SIDE = 4096
PHOTO_STORED_MAX_SIDE = 800  # twice the largest CSS frame, for high-density screens
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
# JPEG start-of-frame markers carry the dimensions (all but DHT, JPG and DAC).
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # "png" | "jpeg" | "webp"
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _png(data: bytes) -> ImageInfo | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("png", width, height)


def _jpeg(data: bytes) -> ImageInfo | None:
    if data[:3] != b"\xff\xd8\xff":
        return None
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return ImageInfo("jpeg", width, height)
        index += 2 + length
    return None


def _webp(data: bytes) -> ImageInfo | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP" or len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return ImageInfo("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageInfo("webp", width, height)
    return None


def image_info(data: bytes) -> ImageInfo | None:
    """Kind and pixel size of a PNG, JPEG or WebP, from its first bytes; None for anything else."""
    for reader in (_png, _jpeg, _webp):
        try:
            info = reader(data)
        except (struct.error, IndexError):
            info = None
        if info:
            return info
    return None


def validate_photo_upload(upload) -> ImageInfo:
    """The upload's ImageInfo, or a ValidationError an owner can act on."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            "This photo is %(size)s; please keep it under %(limit)s (a 800×800 JPEG is plenty).",
            code="photo_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
        )
    upload.seek(0)
    head = upload.read(256 * 1024)  # JPEG metadata can push the size marker back a little
    upload.seek(0)
    info = image_info(head)
    if info is None:
        raise ValidationError(
            "This file is not a PNG, JPEG or WebP image (whatever its name says).",
            code="not_an_image",
        )
    if (
        min(info.width, info.height) < PHOTO_MIN_SIDE
        or max(info.width, info.height) > PHOTO_MAX_SIDE
    ):
        raise ValidationError(
            "This photo is %(width)s×%(height)s pixels; use one between %(min)s and %(max)s "
            "pixels on each side.",
            code="photo_size",
            params={
                "width": info.width,
                "height": info.height,
                "min": PHOTO_MIN_SIDE,
                "max": PHOTO_MAX_SIDE,
            },
        )
    return info


@dataclass(frozen=True)
class ResizedPhoto:
    data: bytes
    width: int
    height: int


def resize_photo(upload, *, info: ImageInfo) -> ResizedPhoto:
    """The validated upload re-encoded upright, without metadata, at most 800 px a side.

    ``info`` comes from ``validate_photo_upload``, which already refused anything over
    ``PHOTO_MAX_SIDE`` from the header alone; Pillow is also held to that header's format
    and size, and its own bomb guard stays on, so a lying header cannot make it decode more.
    """
    upload.seek(0)
    try:
        with Image.open(upload, formats=[_PIL_FORMATS[info.kind]]) as image:
            if max(image.size) > PHOTO_MAX_SIDE or image.size[0] * image.size[1] > (
                PHOTO_MAX_SIDE * PHOTO_MAX_SIDE
            ):
                raise ValidationError("This photo is too large to process.", code="photo_size")
            image = ImageOps.exif_transpose(image)  # decodes; returns a copy without EXIF
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha and info.kind != "jpeg" else "RGB")
            image.thumbnail(
                (PHOTO_STORED_MAX_SIDE, PHOTO_STORED_MAX_SIDE), Image.Resampling.LANCZOS
            )
            out = io.BytesIO()
            options = {"optimize": True} if info.kind == "png" else {"quality": 85}
            # An empty info dict means no EXIF, ICC profile, XMP or text chunks are written.
            image.info = {}
            image.save(out, format=_PIL_FORMATS[info.kind], **options)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This image could not be read; please export it again as PNG, JPEG or WebP.",
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    return ResizedPhoto(out.getvalue(), image.width, image.height)
