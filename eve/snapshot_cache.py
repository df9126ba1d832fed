"""The per-process content snapshot: built once per content version (and UTC day), then shared.

Every request asks ``content_snapshot_get``; it costs one indexed read of the
content version, and a rebuild only after any process changed the content
(signals bump the version) or the day turned (certificates expire).
"""

from __future__ import annotations

import threading

from django.utils import timezone

from eve.selectors import ContentSnapshot, content_snapshot_build, content_version_get

_lock = threading.Lock()
_snapshot: ContentSnapshot | None = None


def content_snapshot_get() -> ContentSnapshot:
    """The snapshot for the current content version, rebuilt only when the version moved."""
    global _snapshot
    version = content_version_get()
    today = timezone.now().date()
    current = _snapshot
    if current is not None and current.version == version and current.built_on == today:
        return current
    with _lock:
        if _snapshot is None or _snapshot.version != version or _snapshot.built_on != today:
            _snapshot = content_snapshot_build(version, today=today)
        return _snapshot


def snapshot_cache_clear() -> None:
    """Forget this process's snapshot (tests that change content without the signals)."""
    global _snapshot
    with _lock:
        _snapshot = None
