"""Who may send how large a body, decided from headers before anything reads it (issue 17).

The declared Content-Length is larger than the body actually supplied here:
had anything tried to read the body, Django's test payload would fail loudly,
so a clean refusal proves nothing was read.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

MULTIPART = "multipart/form-data; boundary=----cfx"
STUB = b"------cfx\r\n" + b"x" * 100


@pytest.fixture
def staff_client():
    user = get_user_model().objects.create_superuser("owner", "owner@example.com", "x-pass-42")
    client = Client()
    client.force_login(user)
    return client


def _declared(client: Client, path: str, length: int, content_type: str = MULTIPART):
    return client.generic("POST", path, STUB, content_type=content_type, CONTENT_LENGTH=str(length))


def _admin(path: str = "") -> str:
    return f"/{settings.ADMIN_URL}{path}"


@pytest.mark.parametrize("path", [_admin("certificates/certificate/add/"), "/", "/resume.pdf"])
def test_anonymous_uploads_are_refused_unread(path):
    response = _declared(Client(), path, 10 * 1024 * 1024)
    assert response.status_code == 403


def test_anonymous_large_forms_are_refused_unread():
    response = _declared(
        Client(), _admin("login/"), 1024 * 1024, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_staff_outside_the_admin_get_the_public_limit(staff_client):
    assert _declared(staff_client, "/", 1024 * 1024).status_code == 403


def test_staff_uploads_have_a_ceiling_too(staff_client):
    too_big = settings.STAFF_UPLOAD_MAX_BODY_BYTES + 1
    response = _declared(staff_client, _admin("certificates/certificate/add/"), too_big)
    assert response.status_code == 413


def test_staff_may_upload_a_large_file_in_the_admin(staff_client):
    """Positive control: a 5 MB upload reaches the admin form, which judges the file itself."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.pdf", b"%PDF-1.4 " + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = staff_client.post(
        _admin("certificates/certificate/add/"), {"name": "", "file": upload}
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content


def test_chunked_bodies_get_a_json_411_on_the_api():
    response = Client().generic(
        "POST",
        "/api/chat/",
        b"",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert response.json()["code"] == "length_required"


def test_small_bodies_pass_untouched(client):
    """The common case is unaffected: a normal chat post is answered."""
    response = client.post(
        "/api/chat/", {"message": "What is AWS?"}, content_type="application/json"
    )
    assert response.status_code == 200
