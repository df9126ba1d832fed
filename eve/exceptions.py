"""EVE's errors: request-shape problems the API turns into 4xx, and provider failures."""

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


class ProviderError(Exception):
    """The model could not answer; ``reason`` is logged as the ChatLog's fallback reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason[:120]
