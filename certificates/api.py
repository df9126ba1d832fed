"""The certificates API: the public list (metadata only) and short-lived PDF links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import selectors, services
from certificates.models import Certificate
from cloudforgex.clients import client_hash
from cloudforgex.cross_site import SameSiteJson
from cloudforgex.schema import BlankAsNullURLField, ErrorSerializer
from cloudforgex.throttling import CertificateRateLimits


class NoStoreMixin:
    """Links and their metadata must never sit in a shared or browser cache."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class CertificateListApi(NoStoreMixin, APIView):
    @extend_schema_serializer(component_name="Certificate")
    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        slug = serializers.SlugField()
        issuer = serializers.CharField(help_text="May be empty.")
        status = serializers.ChoiceField(choices=Certificate.Status.choices)
        issued_on = serializers.DateField(allow_null=True)
        expires_on = serializers.DateField(allow_null=True)
        is_expired = serializers.BooleanField(help_text="True once expires_on has passed.")
        credential_id = serializers.CharField(help_text="May be empty.")
        verify_url = BlankAsNullURLField(
            help_text="The issuer's public verification page, or null."
        )
        has_file = serializers.SerializerMethodField()

        def get_has_file(self, certificate) -> bool:
            """Whether POST /api/certificates/{slug}/url/ can issue a link."""
            return bool(certificate.file)

    @extend_schema(
        operation_id="certificates_list",
        summary="Published certificates, in the owner's order",
        description=(
            "Metadata and verification details only: no file paths or URLs. "
            "Use POST /api/certificates/{slug}/url/ for a short-lived link to the PDF."
        ),
        responses={200: OutputSerializer(many=True)},
        tags=["certificates"],
    )
    def get(self, request):
        certificates = selectors.certificate_list()
        return Response(self.OutputSerializer(certificates, many=True).data)


class CertificateUrlCreateApi(NoStoreMixin, APIView):
    throttle_classes = [CertificateRateLimits]
    # Another site's page must not inflate view counts through a visitor's browser.
    permission_classes = [SameSiteJson]

    @extend_schema_serializer(component_name="CertificateUrl")
    class OutputSerializer(serializers.Serializer):
        certificate = serializers.SlugField(help_text="The certificate's slug.")
        url = serializers.CharField(help_text="Opens the PDF inline; expires after expires_in s.")
        expires_in = serializers.IntegerField(help_text="Seconds the URL stays valid.")

    @extend_schema(
        operation_id="certificates_url_create",
        summary="A short-lived link to a certificate's PDF",
        description=(
            "Only published certificates with a PDF. The link opens the PDF inline and "
            "expires after expires_in seconds. Throttled per client like chat."
        ),
        request=None,
        parameters=[
            OpenApiParameter(
                "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Certificate slug."
            ),
        ],
        responses={
            200: OutputSerializer,
            403: OpenApiResponse(ErrorSerializer, "origin_not_allowed: another site's page."),
            404: OpenApiResponse(ErrorSerializer, "Unknown, unpublished or without a PDF."),
            415: OpenApiResponse(ErrorSerializer, "unsupported_media_type: send JSON (may be {})."),
            429: OpenApiResponse(ErrorSerializer, "Too many requests; see Retry-After."),
        },
        tags=["certificates"],
    )
    def post(self, request, slug: str):
        issued = services.certificate_url_create(slug=slug, client_hash=client_hash(request))
        data = {
            "certificate": issued.certificate,
            "url": request.build_absolute_uri(issued.url),
            "expires_in": issued.expires_in,
        }
        return Response(self.OutputSerializer(data).data)
