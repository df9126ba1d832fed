"""Serves a certificate PDF behind a local signed link (used when there is no S3 bucket)."""

from django.conf import settings
from django.http import FileResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from certificates import services
from cloudforgex.errors import ApiError, json_error


@xframe_options_sameorigin
def certificate_file(request, token: str):
    """Stream the PDF inline, or a JSON 403 (expired/altered link) / 404 (no longer published)."""
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
            response = json_error(error.status_code, error.code, error.message)
        except FileNotFoundError:
            response = json_error(404, "not_found", "That certificate is not available.")
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
