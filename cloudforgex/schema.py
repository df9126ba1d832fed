"""OpenAPI pieces shared by every app's API."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """Every error the API returns (cloudforgex.errors.error_body): a sentence and a code."""

    error = serializers.CharField(help_text="A friendly sentence saying what went wrong.")
    code = serializers.CharField(help_text='A machine-readable code, e.g. "not_found".')
