"""Who may send a request body, and how large, decided before anything reads it.

Django parses a multipart body (spooling files over 2.5 MB to a temporary
file) as soon as anything touches ``request.POST``, and CsrfViewMiddleware
does that before it refuses a forged form: anonymous 10 MB uploads filled the
pod's 64 Mi memory-backed /tmp while their senders stalled. So, from headers
alone:

- bodies over ``PUBLIC_MAX_BODY_BYTES`` (64 KiB) come only from signed-in
  staff under ``ADMIN_URL`` (the admin's upload views), up to
  ``STAFF_UPLOAD_MAX_BODY_BYTES``; anyone else's multipart upload gets a 403,
  any other large body a 413, and nothing is read. (A small multipart form,
  as test clients send, stays in memory and is left to CSRF and the view.)
- a body without ``Content-Length`` (``Transfer-Encoding: chunked``) is
  refused with 411, as Django would read it as empty.

``k8s/ingress.yaml`` enforces the same sizes per path before the pod.
"""

from django.conf import settings
from django.http import HttpResponse

from cloudforgex.api_paths import is_api_path
from cloudforgex.errors import FRIENDLY_MESSAGES, json_error

MESSAGES = {
    411: ("length_required", FRIENDLY_MESSAGES["length_required"]),
    413: ("payload_too_large", FRIENDLY_MESSAGES["payload_too_large"]),
    403: ("permission_denied", "Uploads are accepted only from signed-in staff."),
}


class RequestBodyPolicyMiddleware:
    """Refuse bodies this client may not send, from the headers, before any parsing.

    Sits after AuthenticationMiddleware (it needs ``request.user``, which reads
    the session cookie, never the body) and so before every view and
    CsrfViewMiddleware's ``process_view``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        status = self._refusal(request)
        if status is None:
            return self.get_response(request)
        code, message = MESSAGES[status]
        if is_api_path(request.path_info):
            return json_error(status, code, message)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _refusal(request) -> int | None:
        meta = request.META
        declared = meta.get("CONTENT_LENGTH") or ""
        if not declared and "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            return 411
        length = int(declared) if declared.isdigit() else 0
        if length <= settings.PUBLIC_MAX_BODY_BYTES:
            return None  # the common case: no session lookup at all
        if not _is_staff_in_admin(request):
            multipart = meta.get("CONTENT_TYPE", "").lower().startswith("multipart/")
            return 403 if multipart else 413
        return 413 if length > settings.STAFF_UPLOAD_MAX_BODY_BYTES else None


def _is_staff_in_admin(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.path_info.startswith(f"/{settings.ADMIN_URL}")
        and user is not None
        and user.is_active
        and user.is_staff
    )
