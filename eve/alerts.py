"""Telling the owner, not just the logs, when EVE's model keeps failing for a reason they must fix.

A visitor still gets a knowledge-base answer (200, ``degraded: true``); the
owner sees a banner on every admin page until a model call succeeds again.
The state lives in the default cache, which is Redis or the database cache in
production, so every process and Lambda shows (and clears) the same banner.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

ALERT_KEY = "eve:provider_alert"

# Failures no retry will fix: the owner must change the model id, the account or the role.
OWNER_FIXABLE = {
    "bedrock:ResourceNotFoundException": (
        "the model has reached its end of life or does not exist in this region "
        "(choose a current model in EVE_MODEL_ID)"
    ),
    "bedrock:AccessDeniedException": (
        "access to the model is not enabled for this account and region, or the IAM role "
        "may not invoke it"
    ),
    "bedrock:ValidationException": (
        "EVE_MODEL_ID is not a model or inference profile Bedrock accepts here"
    ),
    "bedrock:UnrecognizedClientException": "the AWS credentials are not valid",
    "no_credentials": "no AWS credentials were found",
}


def provider_failure_record(*, reason: str) -> None:
    """Raise (or refresh) the admin banner when ``reason`` is one the owner must fix."""
    sentence = OWNER_FIXABLE.get(reason)
    if sentence is None:
        return  # throttling, timeouts and outages pass by themselves
    try:
        cache.set(
            ALERT_KEY,
            {"reason": reason, "sentence": sentence, "since": timezone.now().isoformat()},
            None,
        )
    except Exception as exc:  # the visitor's answer never depends on the cache
        logger.warning("eve: could not record the provider alert (%s)", type(exc).__name__)


def provider_success_record() -> None:
    """A call succeeded: the banner goes, in every process."""
    try:
        cache.delete(ALERT_KEY)
    except Exception as exc:
        logger.warning("eve: could not clear the provider alert (%s)", type(exc).__name__)


def provider_alert_get() -> dict | None:
    """The current alert (``reason``, ``sentence``, ``since``) or None."""
    try:
        value = cache.get(ALERT_KEY)
    except Exception:
        return None
    return value if isinstance(value, dict) else None
