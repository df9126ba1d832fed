"""Serializer pieces shared by every app's API (and so by its OpenAPI schema)."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """Every error the API returns (cloudforgex.errors.error_body): a sentence and a code."""

    error = serializers.CharField(help_text="A friendly sentence saying what went wrong.")
    code = serializers.CharField(help_text='A machine-readable code, e.g. "not_found".')


class BlankAsNullMixin:
    """A field the owner may leave empty: empty is sent as null, never as ""."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class BlankAsNullURLField(BlankAsNullMixin, serializers.URLField):
    pass


class BlankAsNullEmailField(BlankAsNullMixin, serializers.EmailField):
    pass
