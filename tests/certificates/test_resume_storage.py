"""With a bucket configured, uploaded media (the résumé) lives privately in S3 too."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from portfolio.models import Profile
from tests.certificates.conftest import KEYS, REGION

ROOT = Path(__file__).resolve().parents[2]


def test_settings_put_media_in_the_bucket_when_one_is_set():
    """The real settings module: default storage becomes a private media/ prefix of the bucket."""
    env = {
        **os.environ,
        "CERTIFICATES_BUCKET": "cfx-bucket",
        "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
    }
    script = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES, default=str))"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    storages = json.loads(done.stdout)
    default, certificates = storages["default"], storages["certificates"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "cfx-bucket"
    assert default["OPTIONS"]["location"] == "media"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert certificates["OPTIONS"]["location"] == "certificates"


@pytest.mark.slow
@pytest.mark.django_db
def test_resume_round_trips_through_a_private_bucket(s3_bucket, settings, client):
    """Saved to S3 under media/, never public, and still downloadable at /resume.pdf."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": s3_bucket.name,
                "region_name": REGION,
                "endpoint_url": s3_bucket.endpoint,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "default_acl": "private",
                "location": "media",
            },
        },
    }
    profile = Profile.objects.create(name="Jordan", headline="Cloud engineer")
    profile.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume in s3"), save=True)
    stored = s3_bucket.keys()
    assert [key for key in stored if key.startswith("media/")] == [f"media/{profile.resume.name}"]
    grants = s3_bucket.client.get_object_acl(
        Bucket=s3_bucket.name, Key=f"media/{profile.resume.name}"
    )
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants["Grants"])
    response = client.get("/resume.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 resume in s3"
