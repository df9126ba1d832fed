"""Settings for the test suite.

With these settings, tests run faster and touch nothing outside the run: a
fast password hasher, local-memory cache, in-memory email, private files in a
temporary folder, and plain static storage (no manifest needed). The database
comes from DATABASE_URL like everywhere else, so the same suite runs on
SQLite and on the PostgreSQL that ``harness.run`` starts.
"""

import tempfile
from pathlib import Path

from cloudforgex.settings import *  # noqa: F403
from cloudforgex.settings import STORAGES

_TMP = Path(tempfile.mkdtemp(prefix="cfx-test-"))

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cfx-tests"}
}
MEDIA_ROOT = _TMP / "media"
PRIVATE_MEDIA_ROOT = _TMP / "private_media"
STORAGES = {
    **STORAGES,
    "certificates": {
        "BACKEND": "certificates.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT / "certificates", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = _TMP / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
