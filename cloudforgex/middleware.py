"""Project-wide middleware: request ids, JSON-only errors for the API, CSP, Permissions-Policy."""

import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError, InterfaceError

from cloudforgex.api_paths import is_api_path
from cloudforgex.errors import json_error, json_error_for_status
from cloudforgex.request_context import reset_request_id, set_request_id
from cloudforgex.views import bad_request

logger = logging.getLogger(__name__)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id (or keep a sane incoming ``X-Request-ID``) for logs and replies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else str(uuid.uuid4())
        token = set_request_id(request.id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.id
        return response


class ApiErrorMiddleware:
    """Keep the API's promise: JSON ``{"error", "code"}`` for every failure, never HTML.

    Oversized bodies are refused before anything reads them; database outages
    become a 503 the client can retry; anything unexpected is logged and
    becomes a JSON 500 without a traceback.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = _declared_length(request)
        if declared is None:
            # Django would fail with a 500 reading such a body; it is the client's error.
            if is_api_path(request.path_info):
                return json_error(400, "bad_request", "The Content-Length header is not valid.")
            return bad_request(request)
        if not is_api_path(request.path_info):
            return self.get_response(request)
        if declared > settings.API_MAX_BODY_BYTES:
            return json_error(
                413,
                "payload_too_large",
                "That message is too large. Please keep requests under 16 KB.",
            )
        response = self.get_response(request)
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            return self._as_json(response)
        return response

    def process_exception(self, request, exception):
        if not is_api_path(request.path_info):
            return None
        if isinstance(exception, RequestDataTooBig):
            return json_error(413, "payload_too_large")
        if isinstance(exception, SuspiciousOperation):
            return json_error(400, "bad_request", "That request could not be understood.")
        if isinstance(exception, (DatabaseError, InterfaceError)):
            logger.warning("database unavailable: %s", type(exception).__name__)
            return json_error(503, "service_unavailable", Retry_After="5")
        logger.exception("unhandled error on %s", request.path_info)
        return json_error(500, "server_error")

    @staticmethod
    def _as_json(response):
        converted = json_error_for_status(response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                converted[header] = response[header]
        return converted


def _declared_length(request) -> int | None:
    """The body length the client declared; None if the header is not a valid length."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    if not raw.isascii() or not raw.strip().isdigit():
        return None
    return int(raw)


class ContentSecurityPolicyMiddleware:
    """Send the strict CSP from ``settings.CONTENT_SECURITY_POLICY`` on every response.

    A view may widen one directive for its own response by setting
    ``response.csp_overrides = {"frame-ancestors": "'self'"}``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = dict(getattr(settings, "CONTENT_SECURITY_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if not self.policy or "Content-Security-Policy" in response:
            return response
        directives = {**self.policy, **getattr(response, "csp_overrides", {})}
        response["Content-Security-Policy"] = "; ".join(
            f"{name} {value}".strip() for name, value in directives.items()
        )
        return response


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}={allow}" for feature, allow in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response
