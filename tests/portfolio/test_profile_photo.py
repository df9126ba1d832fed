"""The optional profile photo: a validated image with alt text, measured, served by the site."""

import io
import struct
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portfolio.images import image_info
from portfolio.models import Profile
from tests.portfolio.factories import profile_create

pytestmark = pytest.mark.django_db


def png(width: int, height: int) -> bytes:
    """A real PNG of the given size (one grey row repeated)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = (b"\x00" + b"\x80" * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: SOI, an APP0 segment, then SOF0 with the size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


@pytest.fixture
def owner_client(client):
    owner = get_user_model().objects.create_superuser("owner", "o@example.com", "pw-owner-123")
    client.force_login(owner)
    return client


def _post_profile(client, profile: Profile, **extra):
    data = {"name": profile.name, "headline": profile.headline, "location": "", "bio": ""}
    data.update({"email": "", "linkedin_url": "", "github_url": "", "website_url": ""})
    data.update(extra)
    return client.post(f"/admin/portfolio/profile/{profile.pk}/change/", data)


def test_sizes_are_read_from_png_jpeg_and_webp_headers():
    """No imaging library: the header bytes give kind and size; anything else is refused."""
    assert image_info(png(300, 200)) == image_info(png(300, 200))
    info = image_info(png(300, 200))
    assert (info.kind, info.width, info.height) == ("png", 300, 200)
    info = image_info(jpeg_header(640, 480))
    assert (info.kind, info.width, info.height, info.content_type) == (
        "jpeg",
        640,
        480,
        "image/jpeg",
    )
    vp8x = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x0a\x00\x00\x00" + b"\x00" * 4
    vp8x += (799).to_bytes(3, "little") + (599).to_bytes(3, "little")
    info = image_info(vp8x)
    assert (info.kind, info.width, info.height) == ("webp", 800, 600)
    for junk in (b"", b"%PDF-1.4", b"GIF89a", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00"):
        assert image_info(junk) is None


def test_admin_upload_stores_the_photo_with_its_size_and_alt_text(owner_client):
    """The owner uploads a PNG with a description; the site serves it and sizes its frame."""
    profile = profile_create()
    upload = SimpleUploadedFile("Me at the beach.PNG", png(400, 400), content_type="image/png")
    response = _post_profile(owner_client, profile, photo=upload, photo_alt="Ada on a hike")
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.photo.name == "profile/photo.png"
    assert (profile.photo_width, profile.photo_height) == (400, 400)

    photo = owner_client.get("/photo")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    change = owner_client.get(f"/admin/portfolio/profile/{profile.pk}/change/").content.decode()
    assert '<img src="/photo?v=' in change and 'alt="Ada on a hike"' in change
    home = owner_client.get("/").content.decode()
    assert 'class="hero-photo"' in home and 'alt="Ada on a hike"' in home
    assert 'width="400" height="400"' in home


@pytest.mark.parametrize(
    ("name", "content", "alt", "field", "words"),
    [
        ("me.png", b"%PDF-1.4 not an image", "Ada", "photo", "not a PNG, JPEG or WebP"),
        ("tiny.png", png(40, 40), "Ada", "photo", "between 160 and 4096"),
        ("me.png", png(300, 300), "", "photo_alt", "Describe the photo"),
    ],
)
def test_admin_refuses_a_bad_photo_with_a_reason(owner_client, name, content, alt, field, words):
    """Not an image, too small, or no description: the form says why and stores nothing."""
    profile = profile_create()
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = _post_profile(owner_client, profile, photo=upload, photo_alt=alt)
    assert response.status_code == 200
    assert words in str(response.context["adminform"].form.errors[field])
    profile.refresh_from_db()
    assert not profile.photo


def test_without_a_photo_the_hero_shows_initials(client):
    """No photo: a tasteful monogram instead of an empty half, and /photo is a 404."""
    profile_create(name="Ada Lovelace Cloud")
    html = client.get("/").content.decode()
    assert '<span class="hero-monogram" aria-hidden="true">AC</span>' in html
    assert client.get("/photo").status_code == 404


def camera_jpeg(width: int, height: int, *, orientation: int = 1) -> bytes:
    """A real JPEG as a phone writes it: EXIF with the camera, GPS position and orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneCo"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo: where the owner lives
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def _stored(profile: Profile) -> Image.Image:
    profile.refresh_from_db()
    with profile.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_a_large_photo_is_stored_resized_without_its_metadata(owner_client):
    """A 2000×1500 camera JPEG is kept at 800×600, re-encoded, with no EXIF (no GPS) left."""
    profile = profile_create()
    original = camera_jpeg(2000, 1500)
    assert Image.open(io.BytesIO(original)).getexif()  # the upload does carry EXIF
    upload = SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg")
    response = _post_profile(owner_client, profile, photo=upload, photo_alt="Ada smiling")
    assert response.status_code == 302, response.content.decode()[:2000]

    image = _stored(profile)
    assert (image.format, image.size) == ("JPEG", (800, 600))
    assert (profile.photo_width, profile.photo_height) == (800, 600)
    assert not image.getexif() and "exif" not in image.info
    assert profile.photo.name == "profile/photo.jpg"
    assert 'width="800" height="600"' in owner_client.get("/").content.decode()


def test_exif_orientation_is_applied_before_resizing(owner_client):
    """A portrait shot stored sideways with orientation 6 ends up upright: 600×800."""
    profile = profile_create()
    upload = SimpleUploadedFile(
        "IMG_0002.jpg", camera_jpeg(2000, 1500, orientation=6), content_type="image/jpeg"
    )
    response = _post_profile(owner_client, profile, photo=upload, photo_alt="Ada")
    assert response.status_code == 302, response.content.decode()[:2000]
    image = _stored(profile)
    assert image.size == (600, 800) and not image.getexif()
    assert (profile.photo_width, profile.photo_height) == (600, 800)


def test_a_small_photo_is_not_upscaled(owner_client):
    profile = profile_create()
    upload = SimpleUploadedFile("me.png", png(200, 200), content_type="image/png")
    response = _post_profile(owner_client, profile, photo=upload, photo_alt="Ada")
    assert response.status_code == 302, response.content.decode()[:2000]
    image = _stored(profile)
    assert (image.format, image.size) == ("PNG", (200, 200))
    assert (profile.photo_width, profile.photo_height) == (200, 200)
