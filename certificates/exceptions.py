"""Errors the certificates API and file view turn into friendly JSON."""

from http import HTTPStatus

from cloudforgex.errors import ApiError, NotFound


class CertificateNotFound(NotFound):
    """Unknown, unpublished or file-less certificate (visitors cannot tell which)."""

    message = "That certificate is not available."


class CertificateLinkExpired(ApiError):
    """A signed file link older than its time to live."""

    status_code = HTTPStatus.FORBIDDEN
    code = "link_expired"
    message = "This certificate link has expired. Open the certificate again to get a fresh link."


class CertificateLinkInvalid(ApiError):
    """A signed file link that was altered or never issued by us."""

    status_code = HTTPStatus.FORBIDDEN
    code = "link_invalid"
    message = "This certificate link is not valid. Open the certificate again to get a fresh link."
