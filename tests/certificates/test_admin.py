"""The owner's admin: PDF-only uploads, expired and views columns, preview links, storage kept tidy."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import Certificate, CertificateAccess
from certificates.storage import certificate_storage
from tests.certificates.factories import PDF_BYTES, make_certificate, png_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:certificates_certificate_add")
CHANGELIST_URL = reverse("admin:certificates_certificate_changelist")


def _change_url(certificate) -> str:
    return reverse("admin:certificates_certificate_change", args=[certificate.pk])


def _form_data(certificate=None, **overrides) -> dict:
    data = {
        "name": "AWS Solutions Architect",
        "slug": "aws-saa",
        "issuer": "Amazon Web Services",
        "status": "earned",
        "published": "on",
        "order": "0",
        "issued_on": "",
        "expires_on": "",
        "credential_id": "",
        "verify_url": "",
    }
    if certificate is not None:
        data.update(name=certificate.name, slug=certificate.slug, issuer=certificate.issuer)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _pdf(name: str = "certificate.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_upload_of_a_real_pdf_is_stored_privately(admin_client):
    """A real PDF is accepted and stored under the certificate's slug."""
    response = admin_client.post(ADD_URL, _form_data(file=_pdf("My Cert (final).PDF")))

    assert response.status_code == 302
    certificate = Certificate.objects.get(slug="aws-saa")
    assert certificate.file.name.startswith("aws-saa")
    assert certificate.file.name.endswith(".pdf")
    with certificate.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_renamed_png_is_refused_with_a_clear_error(admin_client):
    """A PNG called .pdf (with a PDF content type) is refused because its bytes are not a PDF."""
    fake = SimpleUploadedFile("certificate.pdf", png_bytes(), content_type="application/pdf")

    response = admin_client.post(ADD_URL, _form_data(file=fake))

    assert response.status_code == 200
    assert "file" in response.context["adminform"].form.errors
    assert "not a PDF" in response.content.decode()
    assert not Certificate.objects.exists()


def test_oversized_pdf_is_refused(admin_client, settings):
    """A PDF above CERTIFICATE_MAX_UPLOAD_BYTES is refused with the limit in the message."""
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 1024
    big = _pdf(content=PDF_BYTES + b"%" + b"0" * 2048)

    response = admin_client.post(ADD_URL, _form_data(file=big))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert "at most 1.0\xa0KB" in errors[0]
    assert not Certificate.objects.exists()


def test_change_form_renders_without_a_public_file_url(admin_client):
    """The change page shows the stored file with a preview link (there is no public URL to show)."""
    certificate = make_certificate(slug="aws-saa")

    response = admin_client.get(_change_url(certificate))

    assert response.status_code == 200
    preview = reverse("admin:certificates_certificate_preview", args=[certificate.pk])
    assert preview in response.content.decode()


def test_changelist_shows_validity_and_views(admin_client):
    """The list says in words whether each certificate is valid, and counts links issued per certificate."""
    yesterday = timezone.localdate() - timedelta(days=1)
    next_year = timezone.localdate() + timedelta(days=365)
    expired = make_certificate(slug="old", expires_on=yesterday)
    current = make_certificate(slug="new")
    make_certificate(slug="dated", expires_on=next_year)
    make_certificate(slug="studying", status="in_progress", with_file=False)
    CertificateAccess.objects.create(certificate=current, client_hash="a")
    CertificateAccess.objects.create(certificate=current, client_hash="b")

    response = admin_client.get(CHANGELIST_URL)

    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert rows[current.pk].view_count == 2
    assert rows[expired.pk].view_count == 0
    html = response.content.decode()
    cells = {
        cell.strip() for cell in re.findall(r'<td class="field-expired">(.*?)</td>', html, re.S)
    }
    assert cells == {
        f"Expired {date_format(yesterday)}",
        f"Valid until {date_format(next_year)}",
        "Valid (no expiry)",
        "In progress",
    }
    assert 'alt="True"' not in html and 'alt="False"' not in html  # no ✓/✗ icons


def _count_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(CHANGELIST_URL)
    return len(captured)


def test_changelist_query_count_does_not_grow_with_rows(admin_client):
    """Adding certificates adds no queries to the changelist (views are annotated)."""
    make_certificate()
    before = _count_queries(admin_client)
    for _ in range(6):
        certificate = make_certificate()
        CertificateAccess.objects.create(certificate=certificate, client_hash="x")

    assert _count_queries(admin_client) == before


def test_preview_redirects_to_a_fresh_link_even_when_unpublished(admin_client, client):
    """The owner's preview opens the PDF (also for drafts) and is not counted as a visitor view."""
    certificate = make_certificate(slug="draft", published=False)
    preview = reverse("admin:certificates_certificate_preview", args=[certificate.pk])

    response = admin_client.get(preview)

    assert response.status_code == 302
    assert response["Location"].startswith("/certificates/files/")
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == PDF_BYTES
    assert not CertificateAccess.objects.exists()


def test_preview_without_a_file_goes_back_with_a_message(admin_client):
    """Previewing a certificate without a PDF says so instead of failing."""
    certificate = make_certificate(with_file=False)
    preview = reverse("admin:certificates_certificate_preview", args=[certificate.pk])

    response = admin_client.get(preview, follow=True)

    assert response.redirect_chain[-1][0] == _change_url(certificate)
    assert "no PDF" in response.content.decode()


def test_preview_requires_staff(client):
    """Visitors cannot use the admin preview to mint links."""
    certificate = make_certificate(published=False)

    response = client.get(reverse("admin:certificates_certificate_preview", args=[certificate.pk]))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_replacing_the_file_deletes_the_old_object(
    admin_client, django_capture_on_commit_callbacks
):
    """Uploading a new PDF removes the previous one from storage."""
    certificate = make_certificate(slug="aws-saa")
    old_name = certificate.file.name
    new_pdf = PDF_BYTES.replace(b"200 200", b"300 300")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _change_url(certificate), _form_data(certificate, file=_pdf(content=new_pdf))
        )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.file.name != old_name
    assert not certificate_storage.exists(old_name)
    with certificate.file.open("rb") as stored:
        assert stored.read() == new_pdf


def test_clearing_the_file_deletes_the_object(admin_client, django_capture_on_commit_callbacks):
    """Ticking "Clear" removes the stored PDF too."""
    certificate = make_certificate(slug="aws-saa")
    old_name = certificate.file.name

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_change_url(certificate), _form_data(certificate, **{"file-clear": "on"}))

    certificate.refresh_from_db()
    assert not certificate.file
    assert not certificate_storage.exists(old_name)


def test_editing_other_fields_keeps_the_file(admin_client, django_capture_on_commit_callbacks):
    """Saving without a new upload leaves the stored PDF alone."""
    certificate = make_certificate(slug="aws-saa")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_change_url(certificate), _form_data(certificate, issuer="AWS"))

    certificate.refresh_from_db()
    assert certificate.issuer == "AWS"
    assert certificate_storage.exists(certificate.file.name)


def test_deleting_a_certificate_deletes_its_object(
    admin_client, django_capture_on_commit_callbacks
):
    """Deleting from the change page removes the PDF from storage."""
    certificate = make_certificate()
    name = certificate.file.name
    delete_url = reverse("admin:certificates_certificate_delete", args=[certificate.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Certificate.objects.exists()
    assert not certificate_storage.exists(name)


def test_bulk_delete_action_deletes_objects(admin_client, django_capture_on_commit_callbacks):
    """The changelist's "delete selected" also removes every PDF."""
    certificates = [make_certificate() for _ in range(3)]
    keep = make_certificate()
    names = [certificate.file.name for certificate in certificates]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST_URL,
            {
                "action": "delete_selected",
                "_selected_action": [certificate.pk for certificate in certificates],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert list(Certificate.objects.all()) == [keep]
    assert not any(certificate_storage.exists(name) for name in names)
    assert certificate_storage.exists(keep.file.name)


def test_access_log_is_read_only_in_admin(admin_client):
    """The owner sees the access log per certificate but cannot add, edit or delete rows."""
    certificate = make_certificate(name="AWS SAA")
    access = CertificateAccess.objects.create(certificate=certificate, client_hash="abc123")
    changelist = reverse("admin:certificates_certificateaccess_changelist")

    listing = admin_client.get(changelist, {"certificate__id__exact": certificate.pk})

    assert listing.status_code == 200
    assert "abc123" in listing.content.decode()
    assert admin_client.get(reverse("admin:certificates_certificateaccess_add")).status_code == 403
    change = reverse("admin:certificates_certificateaccess_change", args=[access.pk])
    assert admin_client.post(change, {"client_hash": "edited"}).status_code == 403
    access.refresh_from_db()
    assert access.client_hash == "abc123"
