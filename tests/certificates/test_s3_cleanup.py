"""With a bucket: replacing or deleting a certificate in the admin removes its S3 object."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.factories import PDF_BYTES, make_certificate

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _form_data(certificate, **extra) -> dict:
    return {
        "name": certificate.name,
        "slug": certificate.slug,
        "issuer": certificate.issuer,
        "status": certificate.status,
        "published": "on",
        "order": "0",
        **extra,
    }


def test_replacing_the_pdf_deletes_the_old_object(
    admin_client, s3_bucket, django_capture_on_commit_callbacks
):
    """After uploading a new PDF only the new object remains in the bucket."""
    certificate = make_certificate(slug="aws-saa")
    old_key = f"certificates/{certificate.file.name}"
    assert s3_bucket.keys() == [old_key]
    upload = SimpleUploadedFile("new.pdf", PDF_BYTES + b"%new\n", content_type="application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:certificates_certificate_change", args=[certificate.pk]),
            _form_data(certificate, file=upload),
        )

    assert response.status_code == 302
    certificate.refresh_from_db()
    new_key = f"certificates/{certificate.file.name}"
    assert new_key != old_key
    assert s3_bucket.keys() == [new_key]
    stored = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=new_key)["Body"].read()
    assert stored == PDF_BYTES + b"%new\n"


def test_deleting_certificates_deletes_their_objects(
    admin_client, s3_bucket, django_capture_on_commit_callbacks
):
    """Single and bulk deletes in the admin leave no orphaned PDFs behind."""
    single, *bulk = [make_certificate() for _ in range(3)]
    assert len(s3_bucket.keys()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:certificates_certificate_delete", args=[single.pk]), {"post": "yes"}
        )
    assert len(s3_bucket.keys()) == 2

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:certificates_certificate_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [certificate.pk for certificate in bulk],
                "post": "yes",
            },
        )

    assert not Certificate.objects.exists()
    assert s3_bucket.keys() == []


def test_admin_preview_redirects_to_a_presigned_url(admin_client, s3_bucket):
    """The admin preview goes straight to a fresh presigned S3 URL that serves the PDF."""
    import urllib.request

    certificate = make_certificate(slug="aws-saa", published=False)

    response = admin_client.get(
        reverse("admin:certificates_certificate_preview", args=[certificate.pk])
    )

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/")
    assert "X-Amz-Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as fetched:
        assert fetched.read() == PDF_BYTES
