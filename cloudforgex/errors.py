"""One error shape for the whole API: ``{"error": "<sentence>", "code": "<code>"}``.

DRF exceptions pass through ``api_exception_handler``; errors raised outside
DRF (URL resolution, oversized bodies, a database that went away) are turned
into the same shape by ``cloudforgex.middleware.ApiErrorMiddleware`` and the
error handlers in ``cloudforgex.views``; which paths are "the API" is
``cloudforgex.api_paths.is_api_path``.
"""

import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ApiError(Exception):
    """An error a client can act on; subclasses set status, code and message."""

    status_code = HTTPStatus.BAD_REQUEST
    code = "bad_request"
    message = "That request could not be handled."
    retry_after: int | None = None  # seconds, sent as Retry-After when set

    def __init__(self, message: str | None = None, *, code: str | None = None):
        super().__init__(message or self.message)
        if message:
            self.message = message
        if code:
            self.code = code


class NotFound(ApiError):
    """The thing asked for does not exist or is not published."""

    status_code = HTTPStatus.NOT_FOUND
    code = "not_found"
    message = "Nothing was found at this address."


FRIENDLY_MESSAGES = {
    "bad_request": "That request could not be understood.",
    "length_required": "Send the request body with a Content-Length header.",
    "not_found": "Nothing was found at this address.",
    "method_not_allowed": "This address does not accept that method.",
    "not_acceptable": "This API only answers with JSON.",
    "unsupported_media_type": "Send the request body as JSON (Content-Type: application/json).",
    "parse_error": "The request body is not valid JSON.",
    "throttled": "You're sending requests a little fast. Please wait a moment and try again.",
    "permission_denied": "You are not allowed to do that.",
    "not_authenticated": "Please sign in first.",
    "payload_too_large": "That request is too large.",
    "server_error": "Something went wrong on our side. Please try again shortly.",
    "service_unavailable": "The service is briefly unavailable. Please try again shortly.",
}

# DRF's own codes, renamed where the API contract names them differently.
_DRF_CODE_ALIASES = {"parse_error": "invalid_json"}


def error_body(code: str, message: str | None = None) -> dict:
    return {
        "error": message or FRIENDLY_MESSAGES.get(code, FRIENDLY_MESSAGES["server_error"]),
        "code": code,
    }


def json_error(status: int, code: str, message: str | None = None, **headers) -> JsonResponse:
    response = JsonResponse(error_body(code, message), status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


# The code an HTTP status gets when nothing more specific is known.
_STATUS_CODES = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    411: "length_required",
    413: "payload_too_large",
    500: "server_error",
    503: "service_unavailable",
}


def json_error_for_status(status: int, message: str | None = None) -> JsonResponse:
    """The API's error body for a bare HTTP status (a Django error page, a non-JSON 4xx)."""
    code = _STATUS_CODES.get(status, "server_error" if status >= 500 else "bad_request")
    return json_error(status, code, message)


def api_exception_handler(exc, context):
    """DRF exception handler producing the API's error shape."""
    if isinstance(exc, ApiError):
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(error_body(exc.code, exc.message), status=exc.status_code, headers=headers)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: ApiErrorMiddleware turns it into a JSON 500
    code = _drf_code(exc)
    message = FRIENDLY_MESSAGES.get(code)
    if isinstance(exc, drf_exceptions.ValidationError):
        code, message = "invalid_request", _validation_sentence(exc.detail)
    elif isinstance(exc, drf_exceptions.Throttled) and exc.wait:
        message = f"You're sending requests a little fast. Please try again in {math.ceil(exc.wait)} seconds."
    response.data = error_body(_DRF_CODE_ALIASES.get(code, code), message)
    return response


def _drf_code(exc) -> str:
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    return codes if isinstance(codes, str) else getattr(exc, "default_code", "error")


def _validation_sentence(detail) -> str:
    """Flatten DRF's nested validation detail into one readable sentence."""
    if isinstance(detail, dict):
        parts = []
        for field, value in detail.items():
            text = _validation_sentence(value)
            parts.append(text if field == "non_field_errors" else f"{field}: {text}")
        return " ".join(parts)
    if isinstance(detail, list):
        return " ".join(_validation_sentence(item) for item in detail)
    return str(detail)
