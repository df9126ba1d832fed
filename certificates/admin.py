"""Admin for certificates: PDF-only uploads, fresh preview links, storage kept tidy, views per certificate."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html

from certificates import selectors, services
from certificates.exceptions import CertificateNotFound
from certificates.forms import CertificateAdminForm
from certificates.models import Certificate, CertificateAccess
from cloudforgex.admin import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    form = CertificateAdminForm
    formfield_overrides = {
        models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"},
    }
    list_display = [
        "name",
        "issuer",
        "status",
        "issued_on",
        "expires_on",
        "expired",
        "published",
        "order",
        "views",
        "preview",
    ]
    list_editable = ["published", "order"]
    list_filter = ["published", "status", "issuer"]
    search_fields = ["name", "issuer", "credential_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["preview", "views", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "issuer", "status", "published", "order"]}),
        (
            "Verification",
            {"fields": ["issued_on", "expires_on", "credential_id", "verify_url"]},
        ),
        ("PDF", {"fields": ["file", "preview", "views", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return selectors.certificate_list_with_view_counts()

    @admin.display(description="Validity", ordering="expires_on")
    def expired(self, certificate: Certificate) -> str:
        """Words, not a ✓/✗ icon (a ✗ read as "bad" on a valid certificate)."""
        if certificate.status == Certificate.Status.IN_PROGRESS:
            return "In progress"
        if certificate.is_expired:
            return f"Expired {date_format(certificate.expires_on)}"
        if certificate.expires_on:
            return f"Valid until {date_format(certificate.expires_on)}"
        return "Valid (no expiry)"

    @admin.display(description="Views", ordering="view_count")
    def views(self, certificate: Certificate):
        count = getattr(certificate, "view_count", None)
        if count is None:  # the change form's object comes without the annotation
            count = certificate.accesses.count() if certificate.pk else 0
        url = reverse("admin:certificates_certificateaccess_changelist")
        return format_html(
            '<a href="{}?certificate__id__exact={}">{}</a>', url, certificate.pk, count
        )

    @admin.display(description="Preview")
    def preview(self, certificate: Certificate):
        if not certificate.pk or not certificate.file:
            return "—"
        url = reverse("admin:certificates_certificate_preview", args=[certificate.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Open PDF</a>', url)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/preview/", preview, name="certificates_certificate_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Issue a fresh private link (not counted as a visitor view) and go there.

        ``admin_view`` already makes this staff-only and never cached.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        certificate = self.get_object(request, object_id)
        if certificate is None:
            raise Http404
        try:
            url = services.certificate_preview_url_create(certificate=certificate)
        except CertificateNotFound as error:
            self.message_user(request, error.message, messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:certificates_certificate_change", args=[certificate.pk])
            )
        return HttpResponseRedirect(url)

    def save_model(self, request, obj, form, change):
        services.certificate_save(certificate=obj)

    def delete_model(self, request, obj):
        services.certificate_delete(certificate=obj)

    def delete_queryset(self, request, queryset):
        services.certificate_bulk_delete(queryset=queryset)


@admin.register(CertificateAccess)
class CertificateAccessAdmin(ReadOnlyAdmin):
    """Read-only log: one row per link issued to a visitor."""

    list_display = ["certificate", "created_at", "client_hash"]
    list_filter = ["certificate"]
    list_select_related = ["certificate"]
    date_hierarchy = "created_at"
    readonly_fields = ["certificate", "created_at", "client_hash"]
