"""Serves a certificate PDF behind a local signed link (used when there is no S3 bucket)."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin

from certificates import services
from cloudforgex.errors import ApiError, json_error


def _lifetime(seconds: int) -> str:
    """ "5 minutes", "90 seconds": how long a link lasts, in the words a person uses."""
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def link_error(request, status: int, code: str, message: str) -> HttpResponse:
    """A friendly HTML page for a person who opened the link in a tab, JSON for everyone else.

    A browser asks for text/html by name; API clients ask for JSON or anything
    (``*/*``), and get the API's error shape as before.
    """
    if request.get_preferred_type(["application/json", "text/html"]) != "text/html":
        return json_error(status, code, message)
    response = render(
        request,
        "certificates/link_unavailable.html",
        {"code": code, "message": message, "lifetime": _lifetime(settings.CERTIFICATE_URL_TTL)},
        status=status,
    )
    patch_vary_headers(response, ["Accept"])
    return response


@xframe_options_sameorigin
def certificate_file(request, token: str):
    """Stream the PDF inline, or a 403 (expired/altered link) / 404 (no longer published).

    Errors are a JSON body for API clients and a page with a way back for browsers.
    """
    if request.method not in ("GET", "HEAD"):
        response = json_error(405, "method_not_allowed", Allow="GET, HEAD")
    else:
        try:
            certificate = services.certificate_for_signed_link(token=token)
            response = FileResponse(
                certificate.file.open("rb"),
                content_type="application/pdf",
                as_attachment=False,
                filename=f"{certificate.slug}.pdf",
            )
        except ApiError as error:
            response = link_error(request, error.status_code, error.code, error.message)
        except FileNotFoundError:
            response = link_error(request, 404, "not_found", "That certificate is not available.")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Our own pages show the PDF in an iframe, and so does the site exported to
    # a static host (an allowed CORS origin); nobody else may frame it.
    extra_origins = list(settings.CORS_ALLOWED_ORIGINS)
    response.csp_overrides = {"frame-ancestors": " ".join(["'self'", *extra_origins])}
    if extra_origins:
        # X-Frame-Options cannot name another origin; CSP frame-ancestors governs instead.
        response.xframe_options_exempt = True
    return response
