"""The profile photo upload: recognised by its bytes, measured from its header, no imaging library.

The site shows the photo at a fixed size with CSS (``object-fit: cover``) and
gives the browser its real width and height, so no layout shift; reading the
few header bytes of PNG, JPEG and WebP is all that needs, and it keeps Pillow
(several megabytes of native code) out of the Lambda zip and the container.
"""

import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MIN_SIDE = 160
PHOTO_MAX_SIDE = 4096
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
