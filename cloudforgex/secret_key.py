"""A signing key for development, random per install and never committed.

Development mode used to sign with a key written in settings.py, so anyone
could forge signed certificate links (even to unpublished PDFs) on an exposed
default instance. Now the first run writes a random key to a git-ignored file
(mode 0600) and every later run, and every process, reads the same one.
Production never gets here: it refuses to start without ``DJANGO_SECRET_KEY``.
"""

import contextlib
import logging
import os
import secrets
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

KEY_BYTES = 50


def development_secret_key(path: Path) -> str:
    """The key stored at ``path``, created (0600, atomically) on first use.

    When the folder is read-only (a development container with a read-only
    root), the key lives only as long as the process, with a warning: signed
    links then stop working after a restart, which is safe.
    """
    with contextlib.suppress(FileNotFoundError):
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_urlsafe(KEY_BYTES)
    try:
        _create_exclusively(path, key)
    except FileExistsError:
        return path.read_text().strip()  # another process won the race: use its key
    except OSError as exc:
        logger.warning("cannot store a development secret key at %s (%s)", path, exc)
    return key


def _create_exclusively(path: Path, key: str) -> None:
    """Write ``key`` to a private temporary file, then link it into place unless one exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")
    try:
        with os.fdopen(descriptor, "w") as handle:  # mkstemp creates it 0600
            handle.write(key + "\n")
        os.link(temporary, path)  # fails if the key file appeared meanwhile
    finally:
        os.unlink(temporary)
