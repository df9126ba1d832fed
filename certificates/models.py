"""Certificates with private PDFs; visitors only ever get a short-lived link."""

from django.db import models
from django.utils import timezone


def certificate_storage():
    """The private storage named "certificates" in settings.STORAGES (S3 or a private folder).

    A lazy proxy, so a changed STORAGES setting (tests, one process serving
    several configurations) is honoured without re-importing the model.
    """
    from certificates.storage import certificate_storage as storage

    return storage


def certificate_upload_to(instance: "Certificate", filename: str) -> str:
    """Objects are named after the certificate, never after the uploader's file name."""
    return f"{instance.slug or 'certificate'}.pdf"


class CertificateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Certificate(models.Model):
    class Status(models.TextChoices):
        EARNED = "earned", "Earned"
        IN_PROGRESS = "in_progress", "In progress"

    name = models.CharField(
        max_length=200, help_text='e.g. "AWS Certified Solutions Architect – Associate".'
    )
    slug = models.SlugField(max_length=80, unique=True)
    issuer = models.CharField(max_length=120, blank=True, help_text='e.g. "Amazon Web Services".')
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.EARNED)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave empty if it never expires."
    )
    credential_id = models.CharField("credential ID", max_length=120, blank=True)
    verify_url = models.URLField(
        "verify at issuer", blank=True, help_text="The issuer's public verification page, if any."
    )
    file = models.FileField(
        "certificate PDF",
        storage=certificate_storage,
        upload_to=certificate_upload_to,
        blank=True,
        help_text="The PDF stays private; visitors get a link that expires after a few minutes.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    published = models.BooleanField(
        default=True, help_text="Untick to hide it from the site and EVE."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-issued_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_on and self.expires_on < timezone.localdate())


class CertificateAccess(models.Model):
    """One issued link to a certificate's PDF: when, and a hashed client id (never the IP)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="accesses")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    client_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "certificate view"
        verbose_name_plural = "certificate views"

    def __str__(self) -> str:
        return f"{self.certificate} at {self.created_at:%Y-%m-%d %H:%M}"
