"""Writes: issuing links to certificate PDFs, and keeping storage in step with the admin."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet

from certificates.exceptions import (
    CertificateLinkExpired,
    CertificateLinkInvalid,
    CertificateNotFound,
)
from certificates.models import Certificate, CertificateAccess
from certificates.selectors import certificate_get_viewable
from certificates.storage import certificate_file_url, certificate_storage, signed_file_payload
from cloudforgex.rows import row_write

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedCertificateUrl:
    certificate: str
    url: str
    expires_in: int


def certificate_url_create(*, slug: str, client_hash: str) -> IssuedCertificateUrl:
    """Issue a short-lived link to a published certificate's PDF and log the access.

    Raises ``CertificateNotFound`` for unknown, unpublished or file-less
    certificates and for slugs that could not be one.
    """
    certificate = certificate_get_viewable(slug=slug)
    if certificate is None:
        raise CertificateNotFound()
    ttl = settings.CERTIFICATE_URL_TTL
    url = certificate_file_url(name=certificate.file.name, slug=certificate.slug, expires_in=ttl)
    CertificateAccess.objects.create(certificate=certificate, client_hash=client_hash)
    return IssuedCertificateUrl(certificate=certificate.slug, url=url, expires_in=ttl)


def certificate_preview_url_create(*, certificate: Certificate) -> str:
    """A fresh link for the owner's preview in the admin: works unpublished, not logged as a view."""
    if not certificate.file:
        raise CertificateNotFound("This certificate has no PDF yet.")
    return certificate_file_url(
        name=certificate.file.name,
        slug=certificate.slug,
        expires_in=settings.CERTIFICATE_URL_TTL,
        preview=True,
    )


def certificate_for_signed_link(*, token: str) -> Certificate:
    """The certificate a local signed link points to, checked again at fetch time.

    Raises ``CertificateLinkExpired``/``CertificateLinkInvalid`` (403) for a stale
    or altered token, ``CertificateNotFound`` (404) if the certificate was
    unpublished, deleted or lost its file since the link was issued.
    """
    try:
        payload = signed_file_payload(token=token, max_age=settings.CERTIFICATE_URL_TTL)
    except signing.SignatureExpired:
        raise CertificateLinkExpired() from None
    except signing.BadSignature:
        raise CertificateLinkInvalid() from None
    certificate = certificate_get_viewable(slug=payload["s"], published_only=not payload.get("p"))
    if certificate is None:
        raise CertificateNotFound()
    return certificate


def certificate_save(*, certificate: Certificate) -> Certificate:
    """Save an edited certificate; a replaced or cleared PDF's old object is deleted after commit."""
    previous = ""
    if certificate.pk:
        previous = (
            Certificate.objects.filter(pk=certificate.pk).values_list("file", flat=True).first()
            or ""
        )
    certificate.save()
    if previous and previous != certificate.file.name:
        _delete_objects_on_commit([previous])
    return certificate


def certificate_delete(*, certificate: Certificate) -> None:
    """Delete a certificate, its access log and (after commit) its PDF object."""
    name = certificate.file.name
    certificate.delete()
    if name:
        _delete_objects_on_commit([name])


def certificate_bulk_delete(*, queryset: QuerySet[Certificate]) -> int:
    """Delete many certificates and their PDF objects (the admin's bulk action)."""
    names = list(queryset.exclude(file="").values_list("file", flat=True))
    _, per_model = queryset.delete()
    _delete_objects_on_commit(names)
    return per_model.get(Certificate._meta.label, 0)


def _delete_objects_on_commit(names: list[str]) -> None:
    """Remove stored PDFs once the database change is final; a rollback keeps them."""

    def delete():
        still_used = set(Certificate.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name in still_used:
                continue
            try:
                certificate_storage.delete(name)
            except Exception:  # storage hiccup must not undo a committed edit
                logger.warning(
                    "certificates: could not delete stored object %s", name, exc_info=True
                )

    if names:
        transaction.on_commit(delete)


# ------------------------------------------------------------------ loaders' writes


def certificate_write(
    *, lookup: dict, values: dict, overwrite: bool = True
) -> tuple[Certificate, bool]:
    """(certificate, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(Certificate, lookup=lookup, values=values, overwrite=overwrite)


def certificate_file_save(*, certificate: Certificate, name: str, content: bytes) -> None:
    """Store ``content`` as the certificate's private PDF and save the certificate."""
    certificate.file.save(name, ContentFile(content), save=False)
    certificate.save()
