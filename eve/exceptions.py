"""EVE's errors: request-shape problems and throttling the API turns into 4xx, provider failures."""

import math
from http import HTTPStatus

from cloudforgex.errors import ApiError


class InvalidJson(ApiError):
    """The body is not a UTF-8 JSON object."""

    code = "invalid_json"
    message = 'Send a JSON object like {"message": "What has he built with Terraform?"}.'


class EmptyMessage(ApiError):
    """The message is missing or has no visible characters."""

    code = "empty_message"
    message = "Please type a question for EVE."


class InvalidMessage(ApiError):
    """The message is not a string."""

    code = "invalid_message"
    message = "The message must be text."


class PayloadTooLarge(ApiError):
    """The body is larger than the API accepts."""

    status_code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "payload_too_large"
    message = "That message is too large. Please keep requests under 16 KB."


class ChatThrottled(ApiError):
    """The client asked too often; ``retry_after`` says how many seconds to wait."""

    status_code = HTTPStatus.TOO_MANY_REQUESTS
    code = "throttled"
    message = "You're sending requests a little fast. Please wait a moment and try again."

    def __init__(self, wait: float | None = None):
        seconds = math.ceil(wait) if wait else None
        super().__init__(
            f"You're sending requests a little fast. Please try again in {seconds} seconds."
            if seconds
            else None
        )
        self.retry_after = seconds


class ProviderError(Exception):
    """The model could not answer; ``reason`` is logged as the ChatLog's fallback reason."""

    def __init__(self, reason: str, *, attempts: int | None = None):
        super().__init__(reason)
        self.reason = reason[:120]
        # How many requests reached the model (None: unknown, assume every allowed attempt).
        self.attempts = attempts
